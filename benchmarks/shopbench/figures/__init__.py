"""One module per SPEC 7 figure: how it is measured, and the floor beside it. Each returns
the figure as a dict (``figure``, ``key``, ``stat``, ``ms``, ``floor``…) that
``budgets.judge`` holds against its budget."""
