"""The phase 3 part of ``main.py sample-size``: time-to-event and ordinal endpoints, and
group-sequential looks for any endpoint.

    sample-size --endpoint time_to_event --hr 0.7 --control 0.30 --timepoint 90 [--accrual 24
                --follow-up 3] [--method schoenfeld|freedman]
    sample-size --endpoint ordinal --probabilities 0.3,0.2,0.3,0.2 --odds-ratio 1.5
    sample-size --endpoint ordinal --vfd-mortality 0.3 --vfd-bands 0:0.1,1-7:0.2,...
                --odds-ratio 1.5      (ventilator-free days as ordinal, death ranked worst)
    sample-size ... --looks 3 --spending obf|pocock|obf-classic|pocock-classic
                [--info-rates 0.33,0.67,1] [--futility none|beta|z:0]

The request is written as a design (format 2) and computed by the same code as the wizard, the
check and the PDF (models.design_sample_size), so the command line can never disagree with them.
"""

from __future__ import annotations

import argparse
import json

from cli.common import EXIT_OK, fail

SPENDING = {"obf": "ld_obf", "pocock": "ld_pocock", "obf-classic": "obf",
            "pocock-classic": "pocock"}


def _numbers(text: str) -> list[float]:
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid list {text!r}: give numbers separated by "
                                         "commas, e.g. 0.5,1") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("time to event, ordinal, and interim looks (format 2)")
    group.add_argument("--hr", type=float, metavar="HR",
                       help="time_to_event: hazard ratio, active vs control, e.g. 0.7")
    group.add_argument("--timepoint", type=int, metavar="DAYS",
                       help="time_to_event: the day by which --control is the proportion dead")
    group.add_argument("--accrual", type=float, metavar="MONTHS",
                       help="time_to_event: uniform accrual (default: every patient followed "
                            "to --timepoint)")
    group.add_argument("--follow-up", type=float, metavar="MONTHS", dest="follow_up",
                       help="time_to_event: follow-up after the last patient (with --accrual)")
    group.add_argument("--probabilities", type=_numbers, metavar="P1,P2,...",
                       help="ordinal: control-arm probabilities, worst category first")
    group.add_argument("--odds-ratio", type=float, metavar="OR", dest="odds_ratio",
                       help="ordinal: common odds ratio of a better category, e.g. 1.5")
    group.add_argument("--vfd-mortality", type=float, metavar="M", dest="vfd_mortality",
                       help="ordinal VFDs (death ranked worst): control deaths by day 28, "
                            "with --vfd-bands instead of --probabilities")
    group.add_argument("--vfd-bands", metavar="0:P,1-7:P,...", dest="vfd_bands",
                       help="ordinal VFDs: the control survivors' share in each band of "
                            "ventilator-free days, covering 0 to 28, e.g. "
                            "0:0.1,1-7:0.2,8-14:0.3,15-21:0.25,22-28:0.15")
    group.add_argument("--looks", type=int, default=1, metavar="K",
                       help="analyses including the final one (1 to 5; default 1, no interim)")
    group.add_argument("--spending", choices=tuple(SPENDING), default=None,
                       help="efficacy boundaries with --looks: Lan-DeMets obf or pocock "
                            "spending, or the classic shapes")
    group.add_argument("--info-rates", type=_numbers, metavar="T1,...,1", dest="info_rates",
                       help="information fraction at each look (default equally spaced)")
    group.add_argument("--futility", default="none", metavar="none|beta|z:VALUE",
                       help="non-binding futility: none (default), beta spending of the "
                            "--spending family, or a fixed z, e.g. z:0")


def wanted(args: argparse.Namespace) -> bool:
    """Whether the request needs this module (a format-2 endpoint, or interim looks)."""
    return args.endpoint in ("time_to_event", "ordinal") or args.looks != 1


def run(args: argparse.Namespace) -> int:
    try:
        request = _design(args)
    except ValueError as error:
        return fail(f"sample-size: {error}")
    from models.design_io import DesignFileError, parse_design
    from models.design_sample_size import compute_design_sample_size

    try:
        design = parse_design(request, "the request")
    except DesignFileError as error:
        # A value out of range: say it as the option, not as the design field.
        return fail("sample-size: " + "; ".join(_option_words(p) for p in error.problems))
    outcome = compute_design_sample_size(design)
    if outcome is None:
        # Not reached today: _design always names an endpoint with a computed n.
        return fail("sample-size: the request has no analysis with a computed n")
    if outcome.missing:
        return fail("sample-size: still needed: " + ", ".join(outcome.missing))
    if outcome.error:
        return fail(f"sample-size: {outcome.error}")
    if outcome.result is None:
        # compute_design_sample_size gives a result whenever nothing is missing and no error.
        return fail("sample-size: no sample size was computed")
    payload = outcome.result.to_dict()
    if outcome.plan is not None:
        plan = outcome.plan.to_dict()
        payload["group_sequential"] = plan
        for key in ("boundaries_z", "alpha_spent", "max_n", "expected_n_h0", "expected_n_h1",
                    "info_rates", "futility_z", "inflation_factor"):
            payload[key] = plan[key]
        if "events_at_look" in plan:
            payload["events_at_look"] = plan["events_at_look"]
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, allow_nan=False))
        return EXIT_OK
    print("\n".join(_text(outcome)))
    return EXIT_OK


def _design(args: argparse.Namespace) -> dict:
    """The request as a design document (statistics and the primary endpoint only)."""
    power = 0.8 if args.power is None else args.power
    from models.group_sequential import MAX_LOOKS

    if not 1 <= args.looks <= MAX_LOOKS:
        raise ValueError(f"--looks must be from 1 to {MAX_LOOKS} (the final analysis "
                         f"included), not {args.looks}")
    if args.n is not None:
        raise ValueError("--n (the power for a given n) is not available with "
                         f"{'--looks' if args.looks != 1 else '--endpoint ' + args.endpoint}")
    if args.arms != 1 and args.endpoint in ("time_to_event", "ordinal"):
        raise ValueError(f"a {args.endpoint} endpoint compares one active arm with control")
    if len(args.ratio) not in (1, args.arms):
        raise ValueError(f"{len(args.ratio)} allocation ratios given for {args.arms} active "
                         f"arm{'s' if args.arms > 1 else ''}: give one, or one per active arm")
    ratio = list(args.ratio) if len(args.ratio) == args.arms else list(args.ratio) * args.arms
    stats: dict = {"alpha": args.alpha, "sided": args.sided, "power": power,
                   "dropout_pct": args.dropout, "interim_analyses": args.looks - 1,
                   "planned_total_n": 1, "phase": "3"}
    endpoint: dict = {"kind": "mortality"}
    if args.endpoint == "binary":
        _need(args, ("control", "treatment"), "a binary endpoint")
        stats["binary"] = {"control_rate": args.control, "treatment_rate": args.treatment,
                           "method": args.method or "pooled"}
    elif args.endpoint == "continuous":
        _need(args, ("difference", "sd"), "a continuous endpoint")
        endpoint = {"kind": "oxygenation"}
        stats["continuous"] = {"mean_difference": args.difference, "sd": args.sd}
    elif args.endpoint == "time_to_event":
        _need(args, ("hr", "control", "timepoint"), "a time_to_event endpoint")
        stats["analysis"] = "time_to_event"
        stats["time_to_event"] = {"hazard_ratio": args.hr, "control_event_rate": args.control,
                                  "method": args.method or "schoenfeld"}
        if (args.accrual is None) != (args.follow_up is None):
            raise ValueError("--accrual and --follow-up go together (uniform accrual, then "
                             "follow-up after the last patient); give neither to follow every "
                             "patient to --timepoint")
        if args.accrual is not None:
            stats["time_to_event"].update(accrual_months=args.accrual,
                                          follow_up_months=args.follow_up)
        endpoint["timepoint_days"] = args.timepoint
    else:
        endpoint = {"kind": "ordinal"}
        stats["analysis"] = "ordinal"
        if args.vfd_mortality is not None or args.vfd_bands is not None:
            _need(args, ("vfd_mortality", "vfd_bands", "odds_ratio"), "ordinal VFDs")
            categories, probabilities = _vfd_categories(args)
            endpoint = {"kind": "ventilator_free_days", "timepoint_days": 28}
            stats["ordinal"] = {"categories": list(categories),
                                "control_probabilities": list(probabilities),
                                "odds_ratio": args.odds_ratio}
        else:
            _need(args, ("probabilities", "odds_ratio"), "an ordinal endpoint")
            stats["ordinal"] = {"control_probabilities": args.probabilities,
                                "odds_ratio": args.odds_ratio}
    if args.looks != 1:
        if args.spending is None:
            raise ValueError("--looks needs --spending obf, pocock, obf-classic or "
                             "pocock-classic")
        futility, futility_z = _futility(args)
        stats["group_sequential"] = {"efficacy": SPENDING[args.spending], "futility": futility}
        if futility_z is not None:
            stats["group_sequential"]["futility_z"] = futility_z
        if args.info_rates is not None:
            stats["group_sequential"]["info_rates"] = args.info_rates
    elif args.spending is not None or args.info_rates is not None:
        raise ValueError("--spending and --info-rates need --looks 2 or more")
    return {"format": "msc-ards-trial-design", "version": 2,
            "endpoints": {"primary": endpoint}, "statistics": stats,
            "control": {"allocation_ratio": [*ratio, 1]},
            "dosing": {"arms": [{} for _ in range(args.arms)]}}


def _futility(args) -> tuple[str, float | None]:
    rule = args.futility.strip()
    if rule == "none":
        return "none", None
    if rule == "beta":
        if args.spending not in ("obf", "pocock"):
            raise ValueError("--futility beta spends beta like --spending obf or pocock")
        return "beta_ld_" + args.spending, None
    if rule.startswith("z:"):
        try:
            return "fixed_z", float(rule[2:])
        except ValueError:
            raise ValueError(f"--futility {rule}: give z:VALUE, e.g. z:0") from None
    raise ValueError(f"--futility {rule}: choose none, beta or z:VALUE")


def _vfd_categories(args) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Dead by day 28 (worst), then the survivors' VFD bands (models.sample_size)."""
    from models.sample_size import SampleSizeError, vfd_categories

    bands = {}
    for part in args.vfd_bands.split(","):
        band, _, share = part.partition(":")
        try:
            bands[band.strip()] = float(share)
        except ValueError:
            raise ValueError(f"--vfd-bands: {part.strip()!r} is not BAND:SHARE, e.g. "
                             "1-7:0.2") from None
    try:
        return vfd_categories(args.vfd_mortality, survivor_bands=bands, horizon=28)
    except SampleSizeError as error:
        raise ValueError(f"--vfd-bands / --vfd-mortality: {error}") from None


def _need(args, names, what) -> None:
    missing = [f"--{name.replace('_', '-')}" for name in names if getattr(args, name) is None]
    if missing:
        raise ValueError(f"{what} needs {' and '.join(missing)}")


OPTION_OF = {"statistics.time_to_event.hazard_ratio": "--hr",
             "statistics.time_to_event.control_event_rate": "--control",
             "statistics.time_to_event.accrual_months": "--accrual",
             "statistics.time_to_event.follow_up_months": "--follow-up",
             "statistics.ordinal.control_probabilities": "--probabilities",
             "statistics.ordinal.odds_ratio": "--odds-ratio",
             "statistics.group_sequential.info_rates": "--info-rates",
             "statistics.group_sequential.futility_z": "--futility z:",
             "statistics.interim_analyses": "--looks", "endpoints.primary.timepoint_days":
             "--timepoint", "statistics.alpha": "--alpha", "statistics.power": "--power",
             "statistics.dropout_pct": "--dropout", "statistics.binary.control_rate":
             "--control", "statistics.binary.treatment_rate": "--treatment",
             "statistics.continuous.sd": "--sd", "statistics.continuous.mean_difference":
             "--difference", "control.allocation_ratio": "--ratio"}


def _option_words(problem) -> str:
    path = problem.path.split("[")[0]
    return f"{OPTION_OF.get(path, path)}: {problem.message}"


def _text(outcome) -> list[str]:
    from models.plan_text import plan_columns, plan_rows, plan_sentence, result_line

    result = outcome.result
    out = [f"Sample size: {result_line(outcome)}.", "",
           f"Method:          {result.method_label}",
           f"Formula:         {result.formula}",
           f"Reference:       {result.reference}",
           f"Critical value:  {result.critical_value:.4f}"]
    if hasattr(result, "events"):
        out.append(f"Events:          {result.events} (raw {result.raw_events:.3f})")
    for note in result.notes:
        out.extend(["", f"Note: {note}"])
    plan = outcome.plan
    if plan is not None:
        out += ["", "Group-sequential plan: " + plan_sentence(plan), ""]
        columns = plan_columns(plan)
        rows = plan_rows(plan)
        widths = [max(len(c), *(len(r[i]) for r in rows)) + 2 for i, c in enumerate(columns)]
        out.append("".join(c.rjust(w) for c, w in zip(columns, widths)))
        out += ["".join(v.rjust(w) for v, w in zip(row, widths)) for row in rows]
        for note in (*plan.design.notes, *plan.notes):
            out.extend(["", f"Note: {note}"])
    return out
