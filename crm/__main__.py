"""``python -m crm``: the same as ``shopcircle-cli``."""

import sys

from crm.cli import main

if __name__ == "__main__":
    sys.exit(main())
