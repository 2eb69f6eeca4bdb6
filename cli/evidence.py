"""``main.py evidence [--setting S] [--json]``: the bundled trials (and the user's), their mortality
risk ratios with provenance, and the pooled estimate per setting.

``--import FILE`` adds user trials from a CSV with the columns of the bundled trials.csv (every
problem is reported with its line and column, exit 2); ``--remove ID`` removes one again.
Exit 0 on success, 2 on bad input, one line per problem on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap

from cli.common import EXIT_BAD_INPUT, EXIT_OK, fail
from models.evidence.schema import SETTINGS

WIDTH = 100
SECTION_TITLES = {"classical": "CLASSICAL ARDS", "covid19": "COVID-19", "mixed": "MIXED ARDS",
                  "gvhd": "GRAFT-VERSUS-HOST DISEASE"}
# Trial, deaths/n treated, deaths/n control, time point, RR (95% CI), pooled, provenance of the
# deaths: 100 columns with the separating spaces.
COLUMN_WIDTHS = (30, 9, 9, 10, 20, 6, 10)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--setting", choices=SETTINGS,
                        help="only the trials (and the pooled estimate) of this setting")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-user", action="store_true",
                        help="leave out the trials you imported (bundled trials only)")
    changes = parser.add_mutually_exclusive_group()
    changes.add_argument("--import", dest="import_file", metavar="FILE",
                         help="add trials from a CSV with the columns of the bundled "
                              "trials.csv; they are kept in your data folder")
    changes.add_argument("--remove", nargs="+", metavar="ID",
                         help="remove trials you imported, by row_id")


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `main.py --help` and the other commands never pay for it.
    from models.evidence import TrialsFileError

    try:
        if args.import_file:
            return _import(args.import_file)
        if args.remove:
            return _remove(args.remove)
    except TrialsFileError as exc:
        for line in exc.lines():
            print(f"error: {' '.join(line.split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        return fail(f"{exc.filename or ''}: {exc.strerror or exc}")
    return _show(args)


def _import(path: str) -> int:
    from models.evidence import import_user_trials, user_trials_path

    ids = import_user_trials(path)
    print(f"Imported {len(ids)} trial row(s) from {path}: {', '.join(ids)}. They are kept in "
          f"{user_trials_path()}, marked user-supplied, and take part in comparisons and pooling.")
    return EXIT_OK


def _remove(ids: list[str]) -> int:
    from models.evidence import list_user_trials, remove_user_trials

    try:
        remove_user_trials(ids)
    except KeyError as exc:
        present = ", ".join(t.id for t in list_user_trials()) or "none"
        return fail(f"not a user-supplied trial: {exc.args[0]} (bundled trials cannot be "
                    f"removed; your trials: {present})")
    print(f"Removed {len(ids)} user-supplied trial row(s): {', '.join(ids)}.")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from models.evidence import load_trials

    evidence = load_trials(include_user=not args.no_user)
    for line in evidence.user_problems:
        print(f"warning: your imported trials are left out: {' '.join(line.split())}",
              file=sys.stderr)
    comparisons = evidence.risk_ratios(args.setting)
    pooled = evidence.pooled_by_setting(args.setting)
    text = (json.dumps(to_json(comparisons, pooled, evidence.sources), indent=2,
                       ensure_ascii=False) if args.json else render_text(comparisons, pooled))
    try:
        print(text)
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error, and no traceback at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def to_json(comparisons, pooled, sources) -> dict:
    """``{"trials": [...], "pooled": {SETTING: {...}}}`` (README, "Command line")."""
    trials = []
    for comparison in comparisons:
        entry = comparison.as_dict()
        # Each source key with what it is and where to read it; a user's own key has neither.
        entry["sources"] = [sources[key].as_dict() if key in sources
                            else {"key": key, "what": None, "kind": None, "addresses": []}
                            for key in comparison.trial.sources]
        trials.append(entry)
    return {"trials": trials, "pooled": {s: p.as_dict() for s, p in pooled.items()}}


# --- Text -----------------------------------------------------------------------------------------


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_on_hyphens=False)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _row(cells) -> str:
    return " ".join(_fit(str(c), w).ljust(w) for c, w in zip(cells, COLUMN_WIDTHS)).rstrip()


def _deaths(events, n) -> str:
    if events is None:
        return "—" if n is None else f"?/{n}"
    return f"{events}/{n}"


def render_text(comparisons, pooled) -> str:
    from models.evidence.risk import POOLING_METHOD
    from models.formatting import format_number, format_percent, format_risk_ratio_ci
    from models.version import EVIDENCE_CURRENT_TO

    user = sum(1 for c in comparisons if c.trial.user_supplied)
    lines = [
        f"{len(comparisons)} trial row(s): bundled evidence current to {EVIDENCE_CURRENT_TO}"
        + (f", with {user} user-supplied (marked 'user')" if user else "") + ".",
        _wrap("Risk ratio of death, MSC (or cell-free product) vs control, with its 95% CI by "
              "the log method; 0.5 is added to every cell of a trial with a zero cell. Pooled: "
              f"{POOLING_METHOD}, per setting. Treated and Control are deaths/patients; '*' "
              "marks counts on which sources disagree, '?' a count that is not available; "
              "Provenance is that of the deaths (verified, seed, uncertain, unknown).",
              indent=""),
    ]
    for setting, estimate in pooled.items():
        group = [c for c in comparisons if c.trial.setting == setting]
        lines += ["", SECTION_TITLES[setting],
                  _row(("Trial", "Treated", "Control", "Time point", "RR (95% CI)", "Pooled",
                        "Provenance"))]
        for c in group:
            name = c.trial.label + (" (user)" if c.trial.user_supplied else "")
            mark = "*" if c.counts_disputed else ""
            estimate_text = format_risk_ratio_ci(*((c.estimate.rr, c.estimate.ci_low,
                                                    c.estimate.ci_high) if c.estimate
                                                   else (None, None, None)))
            if c.estimate is None and c.events_treatment is None:
                estimate_text = "—"
            has_counts = c.events_treatment is not None or c.events_control is not None
            timepoint = c.timepoint if has_counts or c.trial["mortality_timepoint_days"] else "—"
            lines.append(_row((name, _deaths(c.events_treatment, c.n_treatment) + mark,
                               _deaths(c.events_control, c.n_control) + mark, timepoint,
                               estimate_text, "yes" if c.included_in_pool else "no",
                               c.counts_provenance.status if c.counts_provenance else "—")))
        if estimate.rr is not None:
            lines.append(_wrap(
                f"Pooled, k={estimate.k}: RR {format_risk_ratio_ci(estimate.rr, estimate.ci_low, estimate.ci_high)}; "
                f"tau² {format_number(estimate.tau2, 3)}; I² {format_percent(estimate.i2)}",
                indent="  ", first=""))
            for caveat in estimate.caveats:
                lines.append(_wrap(caveat, indent="    ", first="  - "))
            if estimate.sensitivity:
                lines.append("  Sensitivity (the same pool with one choice changed):")
                lines += [_wrap(p.text(), indent="      ", first="    - ")
                          for p in estimate.sensitivity]
        else:
            lines.append(f"Pooled: none ({estimate.note}).")
        not_pooled = [c for c in group if not c.included_in_pool]
        if not_pooled:
            lines.append("Not pooled:")
            lines += [_wrap(f"{c.trial.label}: {c.reason_not_pooled}", indent="    ",
                            first="  - ") for c in not_pooled]
        disputed = [c for c in group if c.counts_disputed]
        if disputed:
            lines.append("Sources disagree on the deaths (the values used, then the others):")
            for c in disputed:
                for d in c.disagreements:
                    others = "; ".join(f"{a.value} ({', '.join(a.sources)})"
                                       for a in d.alternatives)
                    lines.append(_wrap(f"{c.trial.label}: used {d.used.value} "
                                       f"({', '.join(d.used.sources)}); also: {others}",
                                       indent="    ", first="  - "))
    return "\n".join(lines)
