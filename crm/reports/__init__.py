"""Reports: the monthly metrics of SPEC section 4 (and, later, the Excel workbook)."""
