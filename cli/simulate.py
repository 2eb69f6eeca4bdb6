"""``main.py simulate DESIGN.trial.json [--n-sims N] [--seed S] [--json]``: the design's
operating characteristics by simulation: type I error, power, expected sample size and the
probability of stopping early for efficacy or futility at each look, over a grid of true
effects from no effect to 1.25 times the assumed one (models.design_simulation).

Exit 0 with the table; 2 with one line on stderr when the design cannot be read, has no
computed sample size yet, or has an analysis the engine does not simulate.
"""

from __future__ import annotations

import argparse
import json

from cli.common import EXIT_BAD_INPUT, EXIT_OK, fail, read_design
from models.formatting import format_number, format_percent

MAX_SIMULATIONS = 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("design", metavar="DESIGN.trial.json", help="the design file")
    parser.add_argument("--n-sims", type=int, default=10_000, dest="n_sims", metavar="N",
                        help="simulated trials per true effect (default 10,000)")
    parser.add_argument("--seed", type=int, default=None, metavar="S",
                        help="random seed (default: the program's fixed seed, as in the PDF)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from models.design_simulation import (
        DEFAULT_SEED,
        NotSimulated,
        design_operating_characteristics,
    )
    from models.guidance import evaluate
    from models.simulation import SimulationError

    design = read_design(args.design)
    if design is None:
        return EXIT_BAD_INPUT
    if not 100 <= args.n_sims <= MAX_SIMULATIONS:
        return fail(f"simulate: --n-sims must be from 100 to {MAX_SIMULATIONS:,}, not "
                    f"{args.n_sims}")
    outcome = evaluate(design).sample_size
    seed = DEFAULT_SEED if args.seed is None else args.seed
    try:
        result, notes = design_operating_characteristics(design, outcome,
                                                         n_simulations=args.n_sims, seed=seed)
    except (NotSimulated, SimulationError) as error:
        why = str(error)
        if outcome is not None and outcome.missing:
            why = "the sample size needs " + ", ".join(outcome.missing)
        elif outcome is not None and outcome.error:
            why = f"the sample size cannot be computed: {outcome.error}"
        return fail(f"simulate: {args.design}: {why}")
    if args.json:
        payload = result.to_dict()
        payload["notes"] = list(notes)
        print(json.dumps(payload, ensure_ascii=False, allow_nan=False))
        return EXIT_OK
    print("\n".join(_text(args.design, result, notes)))
    return EXIT_OK


def _text(path: str, result, notes) -> list[str]:
    header = ("true effect", "P(reject H0)", "± MC SE", "expected n", "early: efficacy",
              "early: futility")
    rows = []
    for s in result.scenarios:
        rows.append((format_number(s.effect, 4) + (" (null)" if s.is_null else ""),
                     format_percent(s.rejection.value, 2), format_percent(s.rejection.se, 2),
                     format_number(s.expected_patients.value, 1),
                     format_percent(sum(e.value for e in s.efficacy_by_look[:-1]), 1),
                     format_percent(sum(f.value for f in s.futility_by_look[:-1]), 1)))
    widths = [max(len(h), *(len(r[i]) for r in rows)) + 2 for i, h in enumerate(header)]
    out = [f"Design: {path}",
           f"Operating characteristics: {result.n_simulations:,} simulated trials per true "
           f"effect ({result.parameter}), seed {result.seed}.", ""]
    out.append("".join(h.rjust(w) for h, w in zip(header, widths)))
    out += ["".join(v.rjust(w) for v, w in zip(row, widths)) for row in rows]
    out += ["", f"Method: {result.method}"]
    out += [f"Note: {note}" for note in notes]
    return out
