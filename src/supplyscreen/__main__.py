"""The ``supplyscreen`` program: ``python -m supplyscreen`` and the console script both start here.

Ctrl-C is handled before anything heavy is imported (typer, the commands, the registry take seconds
on a loaded machine), so an interrupt at any moment ends with one line and exit 130, no traceback.
"""

from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED = 130
"""128 + SIGINT, what a shell reports for a program stopped by Ctrl-C (commands.common has the same)."""

_MAIN_PID = os.getpid()


def _interrupted(signum: int, frame: object) -> None:
    """Stop with exit 130 and one line. SystemExit rather than KeyboardInterrupt: click does not turn
    it into "Aborted!" (exit 1), ``finally`` blocks still close files, and a forked screening process
    (which inherits this handler) ends quietly instead of printing its own traceback."""
    if os.getpid() == _MAIN_PID:
        sys.stderr.write("\nsupplyscreen: interrupted\n")
    raise SystemExit(EXIT_INTERRUPTED)


def main() -> None:
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    signal.signal(signal.SIGINT, _interrupted)
    from supplyscreen.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
