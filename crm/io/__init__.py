"""Data in and out of the shop as files: CSV and XLSX import (the report workbook is in crm.reports)."""
