"""``python -m zorgzaam.stories.deid``: see ``cli.main``."""

import sys

from zorgzaam.stories.deid.cli import main

if __name__ == "__main__":
    sys.exit(main())
