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


def read_design(path: str):
    """The design at ``path``, or None after printing one stderr line per problem (file and
    JSON path each), for the caller to return EXIT_BAD_INPUT."""
    from models.design_io import DesignFileError, load_design

    try:
        return load_design(path)
    except DesignFileError as error:
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return None


def add_thresholds_option(parser) -> None:
    parser.add_argument("--defaults", action="store_true",
                        help="use the default thresholds, not the ones saved in Settings")


def thresholds_for(args):
    """The user's saved thresholds (docs/conventions.md 1.8 item 18) unless --defaults; a broken
    settings file is a warning, and the defaults are used."""
    from models.guidance.thresholds import Thresholds
    from models.user_settings import ThresholdsFileError, load_user_thresholds

    if args.defaults:
        return Thresholds()
    try:
        return load_user_thresholds()
    except ThresholdsFileError as error:
        print(f"warning: {error}; using the default thresholds", file=sys.stderr)
        return Thresholds()
