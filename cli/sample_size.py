"""`python main.py sample-size ...`: the sample size (or, with --n, the power) for one design.

Options as in the README (`sample-size`). Defaults: power 0.8, alpha 0.05, two-sided, ratio 1,
one active arm, Dunnett adjustment, pooled method (binary) or t test (continuous), and **no
dropout**: ``--dropout`` defaults to 0 so that the number printed is the bare statistical answer
unless the user asks for inflation (the README's ``--dropout 10`` is an example, not a default,
and the guidance engine never fills in a default either: docs/conventions.md 1.8 item 4).

Impossible requests print one line on stderr (cli.common.fail) and exit 2, never a traceback;
argparse's own errors are made one-line by main.py's parser.
"""

from __future__ import annotations

import argparse
import json
import math

from cli import sample_size_plans as plans
from cli.common import EXIT_OK, fail
from models import sample_size as ss
from models.formatting import format_number, format_percent

DEFAULT_POWER = 0.8


def _ratios(text: str) -> tuple[float, ...]:
    """'2' or '1,1,2': n_active/n_control, one number for all active arms or one per arm."""
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid ratio {text!r}: give n_active/n_control as a number, or one number per "
            "active arm separated by commas") from None
    return values


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the sample-size options on the subcommand's parser."""
    parser.description = ("Sample size per arm for the primary endpoint (or, with --n, the "
                          "power for a given size), with the method, formula and reference.")
    parser.add_argument("--endpoint", choices=("binary", "continuous", "time_to_event",
                                               "ordinal"), required=True,
                        help="binary (e.g. mortality), continuous (e.g. VFD, P/F ratio), "
                             "time_to_event (mortality as time to death) or ordinal")
    parser.add_argument("--control", type=float, metavar="RATE",
                        help="binary: event rate in the control arm, e.g. 0.40")
    parser.add_argument("--treatment", type=float, metavar="RATE",
                        help="binary: event rate expected with treatment, e.g. 0.25")
    parser.add_argument("--difference", type=float, metavar="DELTA",
                        help="continuous: mean difference to detect, e.g. 3 (days)")
    parser.add_argument("--sd", type=float, metavar="SD",
                        help="continuous: common standard deviation, e.g. 10.5")
    parser.add_argument("--power", type=float, default=None,
                        help=f"power to reach (default {DEFAULT_POWER})")
    parser.add_argument("--n", type=int, default=None, metavar="N",
                        help="analysable patients in the control arm: print the power for this "
                             "size instead of computing n (active arms: ratio × N, rounded up)")
    parser.add_argument("--alpha", type=float, default=0.05,
                        help="type I error; familywise with several arms (default 0.05)")
    parser.add_argument("--sided", type=int, choices=(1, 2), default=2,
                        help="1 or 2 (default 2)")
    parser.add_argument("--ratio", type=_ratios, default=(1.0,), metavar="R",
                        help="allocation n_active/n_control (default 1); one number, or one per "
                             "active arm separated by commas")
    parser.add_argument("--dropout", type=float, default=0.0, metavar="PCT",
                        help="dropout in percent: each arm's n becomes ceil(n / (1 - PCT/100)) "
                             "(default 0, no inflation)")
    parser.add_argument("--method",
                        choices=ss.BINARY_METHODS + ss.CONTINUOUS_METHODS + ss.SURVIVAL_METHODS,
                        default=None,
                        help="binary: pooled (default) or continuity_corrected; continuous: "
                             "t_test (default) or normal; time_to_event: schoenfeld (default) "
                             "or freedman")
    parser.add_argument("--arms", type=int, default=1, metavar="K",
                        help=f"active arms sharing one control (default 1, at most "
                             f"{ss.MAX_ARMS})")
    parser.add_argument("--adjust", choices=ss.ADJUSTMENTS, default="dunnett",
                        help="critical value with several arms (default dunnett)")
    parser.add_argument("--outcome", default=None, metavar="NAME",
                        help="name of the endpoint in the sentence, e.g. '28-day mortality'")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    plans.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Compute and print; 0 on success, 2 (one line on stderr) for an impossible request."""
    if plans.wanted(args):
        return plans.run(args)
    stray = [option for option, value in (("--hr", args.hr), ("--timepoint", args.timepoint),
                                          ("--probabilities", args.probabilities),
                                          ("--odds-ratio", args.odds_ratio),
                                          ("--spending", args.spending),
                                          ("--info-rates", args.info_rates))
             if value is not None]
    if stray:
        return fail(f"sample-size: {' and '.join(stray)} do not apply to a {args.endpoint} "
                    "endpoint without --looks")
    try:
        request = _request(args)
    except ValueError as error:            # a misuse of the options, said in one line
        return fail(f"sample-size: {error}")
    try:
        if args.n is not None:
            return _print_power(args, request)
        return _print_sample_size(args, request)
    except ss.SampleSizeError as error:
        return fail(f"sample-size: {error}")


def _request(args: argparse.Namespace) -> dict:
    """The engine's keyword arguments, after checking that the options fit the endpoint."""
    if args.endpoint == "binary":
        needed, foreign = ("control", "treatment"), ("difference", "sd")
        methods, default_method = ss.BINARY_METHODS, "pooled"
    else:
        needed, foreign = ("difference", "sd"), ("control", "treatment")
        methods, default_method = ss.CONTINUOUS_METHODS, "t_test"
    missing = [f"--{name}" for name in needed if getattr(args, name) is None]
    if missing:
        raise ValueError(f"a {args.endpoint} endpoint needs {' and '.join(missing)}")
    stray = [f"--{name}" for name in foreign if getattr(args, name) is not None]
    if stray:
        raise ValueError(f"{' and '.join(stray)} do not apply to a {args.endpoint} endpoint")
    method = args.method or default_method
    if method not in methods:
        raise ValueError(f"--method {method} does not apply to a {args.endpoint} endpoint "
                         f"(choose {' or '.join(methods)})")
    if args.n is not None and args.power is not None:
        raise ValueError("give --power (to compute n) or --n (to compute the power), not both")
    if args.n is not None and args.dropout:
        raise ValueError("--dropout applies when computing n; --n is the number of analysable "
                         "patients")
    ratio = args.ratio[0] if len(args.ratio) == 1 else args.ratio
    return dict(alpha=args.alpha, sided=args.sided, ratio=ratio, arms=args.arms,
                adjust=args.adjust, method=method)


def _print_sample_size(args: argparse.Namespace, request: dict) -> int:
    power = DEFAULT_POWER if args.power is None else args.power
    if args.endpoint == "binary":
        result = ss.binary_sample_size(args.control, args.treatment, power=power,
                                       dropout_pct=args.dropout, **request)
    else:
        result = ss.continuous_sample_size(args.difference, args.sd, power=power,
                                           dropout_pct=args.dropout, **request)
    table = ss.sensitivity_table(result)
    notes = list(result.notes)
    if result.endpoint == "continuous":
        notes.append(ss.VFD_NOTE)
    sentence = ss.describe(result, args.outcome)
    from models.plan_text import multi_arm_powers, multi_arm_sentence

    powers = multi_arm_powers(result)
    if powers is not None:
        notes.append(multi_arm_sentence(powers))
    if args.json:
        payload = result.to_dict()
        payload["notes"] = notes
        payload["sentence"] = sentence
        if powers is not None:
            payload["per_comparison_power"] = list(powers.per_comparison)
            payload["disjunctive_power"] = powers.disjunctive
            payload["conjunctive_power"] = powers.conjunctive
        payload["sensitivity"] = {
            "rows_label": table.row_label, "rows": list(table.rows),
            "columns_label": table.column_label, "columns": list(table.columns),
            "n_total": [list(row) for row in table.n_total],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    out = [sentence, ""]
    out.append(f"Method:          {result.method_label}")
    out.append(f"Formula:         {result.formula}")
    out.append(f"Reference:       {result.reference}")
    out.append(f"Critical value:  {result.critical_value:.4f} ({result.critical_value_label})")
    raw = ", ".join(f"{name} {n:.4f}" for name, n in zip(_arm_names(result.arms), result.raw))
    out.append(f"Raw n per arm:   {raw}")
    rounded = ", ".join(str(n) for n in result.n_evaluable)
    out.append(f"Rounded up:      {rounded} (power {format_percent(result.achieved_power, 1)})")
    if result.inflated_for_dropout:
        inflated = ", ".join(str(n) for n in result.n_per_arm)
        out.append(f"With {format_number(result.dropout_pct, 2)}% dropout: {inflated} "
                   f"({result.n_total} in total)")
    out.append("")
    out.extend(_table_lines(table, result.endpoint))
    for note in notes:
        out.extend(["", f"Note: {note}"])
    print("\n".join(out))
    return EXIT_OK


def _print_power(args: argparse.Namespace, request: dict) -> int:
    ratios = request["ratio"] if isinstance(request["ratio"], tuple) else (
        (request["ratio"],) * args.arms)
    if args.n < 1:
        raise ss.SampleSizeError(f"--n must be at least 1, not {args.n}")
    # Active arms as the design would enrol them: ratio × N, rounded up. Ratios the engine will
    # reject are passed on as they are, so that its message (not ceil's) explains why.
    usable = all(math.isfinite(r) and r > 0 for r in ratios)
    n_active = [ss.ceil_n(r * args.n) for r in ratios] if usable else None
    if args.endpoint == "binary":
        result = ss.binary_power_result(args.n, args.control, args.treatment,
                                        n_active=n_active, **request)
    else:
        result = ss.continuous_power_result(args.n, args.difference, args.sd,
                                            n_active=n_active, **request)
    sentence = ss.describe(result, args.outcome)
    if args.json:
        payload = result.to_dict()
        payload["sentence"] = sentence
        if result.endpoint == "continuous":
            payload["notes"] = [ss.VFD_NOTE]
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    out = [sentence, "",
           f"Method:          {result.method_label}",
           f"Reference:       {result.reference}",
           f"Critical value:  {result.critical_value:.4f} ({result.critical_value_label})"]
    if result.endpoint == "continuous":
        out.extend(["", f"Note: {ss.VFD_NOTE}"])
    print("\n".join(out))
    return EXIT_OK


def _arm_names(arms: int) -> list[str]:
    if arms == 1:
        return ["control", "active"]
    return ["control"] + [f"active {i}" for i in range(1, arms + 1)]


def _table_lines(table: ss.SensitivityTable, endpoint: str) -> list[str]:
    """The sensitivity table as fixed-width text; the assumed row and column are starred."""
    def text(value: float) -> str:
        return format_percent(value, 2) if endpoint == "binary" else format_number(value, 2)

    headers = [text(c) + ("*" if j == table.base_column else "")
               for j, c in enumerate(table.columns)]
    labels = [text(r) + ("*" if i == table.base_row else "")
              for i, r in enumerate(table.rows)]
    width = max([len(h) for h in headers] +
                [len(str(n)) for row in table.n_total for n in row if n is not None] + [3]) + 2
    label_width = max(len(label) for label in labels + [table.row_label]) + 2
    lines = [f"Sensitivity of the total n: rows {table.row_label}, columns "
             f"{table.column_label} (* = assumed)",
             table.row_label.ljust(label_width) + "".join(h.rjust(width) for h in headers)]
    for label, row in zip(labels, table.n_total):
        cells = "".join(("—" if n is None else str(n)).rjust(width) for n in row)
        lines.append(label.ljust(label_width) + cells)
    return lines

