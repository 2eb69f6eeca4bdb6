"""MSC-ARDS Trial Designer: argument parsing, then either a command-line tool or the wizard."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from models.version import APP_NAME, EVIDENCE_CURRENT_TO, __version__

# Each subcommand lives in its own module under cli/; imported only when it is used.
COMMANDS = {
    "check": ("cli.check", "check a design against the core-protocol guidance"),
    "sample-size": ("cli.sample_size", "compute a sample size"),
    "evidence": ("cli.evidence", "the bundled trials, risk ratios and pooled estimates"),
    "export": ("cli.export", "write the PDF protocol summary"),
    "simulate": ("cli.simulate", "simulated operating characteristics of a design"),
    "compare": ("cli.compare", "what changed between two versions of a design"),
}


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line and exit code 2 (bad arguments)."""

    def error(self, message: str) -> NoReturn:  # noqa: D401 - argparse's interface
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    import importlib

    module_name, summary = COMMANDS[name]
    module = importlib.import_module(module_name)
    parser = _Parser(prog=f"main.py {name}", description=summary)
    module.add_arguments(parser)
    return parser, module


def _top_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="main.py",
        description=f"{APP_NAME}: design randomized trials of MSC therapies for ARDS. "
                    "Commands: " + ", ".join(COMMANDS) + " (main.py COMMAND --help).")
    parser.add_argument("design", nargs="?", metavar="DESIGN.trial.json",
                        help="open this design in the wizard")
    parser.add_argument("--smoke", action="store_true",
                        help="offscreen self-test of the window and the checks; exits 0 or 1")
    parser.add_argument("--version", action="version",
                        version=f"{APP_NAME} {__version__} (evidence current to "
                                f"{EVIDENCE_CURRENT_TO})")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # A file name or a message that cannot be encoded (a name in a foreign encoding, read as
    # surrogates) prints as its escape rather than failing the command.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if argv and argv[0] in COMMANDS:
        parser, module = _command_parser(argv[0])
        args = parser.parse_args(argv[1:])
        return _run_command(module, args)
    args = _top_parser().parse_args(argv)
    if args.smoke:
        from ui.app import run_smoke

        return run_smoke()
    # Qt aborts (a core dump) when it cannot load its platform plugin or reach a display:
    # find that out first and say what to do.
    from ui.platform_check import platform_problem

    problem = platform_problem()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    from ui.app import run_gui

    return run_gui(args.design)


EXIT_INTERNAL = 3


def _run_command(module, args) -> int:
    """Run a subcommand. A reader that stops early (``| head``) is not an error; any other
    unexpected failure is one line on stderr, not a traceback (MSC_ARDS_DEBUG=1 shows it)."""
    import os

    try:
        return module.run(args)
    except BrokenPipeError:
        # Point stdout at /dev/null so Python's own flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence for the user
        if os.environ.get("MSC_ARDS_DEBUG"):
            raise
        print(f"error: unexpected failure ({type(error).__name__}: {error}); please report it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
