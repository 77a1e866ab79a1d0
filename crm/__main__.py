"""``python -m crm``: the same as ``shopcircle-cli``."""

import sys

from crm.cli import main

if __name__ == "__main__":  # a report's worker process imports this module again
    sys.exit(main())
