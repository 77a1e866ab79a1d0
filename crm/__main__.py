"""``python -m crm``: the same as ``shopcircle-cli``."""

import sys

from crm.cli import main

sys.exit(main())
