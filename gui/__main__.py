"""``python -m gui [FILE...]`` — open the window (with a report, if one is given)."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())
