"""What every command-line subcommand shares: exit codes and the one-line error."""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad arguments or an unreadable input: main() prints the message on one line and exits 2."""


def fail(message: str) -> int:
    """Print a one-line error on stderr and return the bad-input exit code."""
    one_line = " ".join(str(message).split())
    print(f"error: {one_line}", file=sys.stderr)
    return EXIT_BAD_INPUT
