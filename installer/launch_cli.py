"""The frozen command line's entry point (``shopcircle-cli``), shipped beside the app."""

import sys

from crm.cli import main

if __name__ == "__main__":
    sys.exit(main())
