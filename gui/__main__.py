"""`python -m gui`: the same as the `layerlab` command (a sub-command runs the headless CLI, anything else
opens the desktop app)."""

import sys

from gui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
