"""``main.py compare OLD.trial.json NEW.trial.json [--json] [--defaults]``: what changed from
one version of a design to the next (models.compare).

Exit codes as diff(1): 0 the designs are the same in every field, 1 they differ, 2 either file
cannot be read (every problem of both files is printed, each with its file and JSON path).
"""

from __future__ import annotations

import argparse
import json
import textwrap

from cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_thresholds_option,
    read_design,
    thresholds_for,
)

EXIT_DIFFERENT = 1
WIDTH = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD.trial.json", help="the earlier version")
    parser.add_argument("new", metavar="NEW.trial.json", help="the later version")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_thresholds_option(parser)


def run(args: argparse.Namespace) -> int:
    # Both files are read before giving up, so one run names every problem in either.
    old, new = read_design(args.old), read_design(args.new)
    if old is None or new is None:
        return EXIT_BAD_INPUT
    from models.compare import compare_designs

    comparison = compare_designs(old, new, thresholds_for(args))
    if args.json:
        data = {"old": args.old, "new": args.new, **comparison.as_dict()}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        from cli.check import _CONTROL

        print(render_text(args.old, args.new, comparison).translate(_CONTROL))
    return EXIT_OK if comparison.identical else EXIT_DIFFERENT


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_on_hyphens=False, break_long_words=False)


def render_text(old_path: str, new_path: str, comparison) -> str:
    from models.compare import sample_size_words

    c = comparison
    lines = [f"Old: {old_path} ({c.old_version})", f"New: {new_path} ({c.new_version})"]
    if c.identical:
        return "\n".join(lines + ["The designs are the same in every field."])
    lines += ["", f"FIELDS THAT DIFFER ({len(c.fields)})"]
    for change in c.fields:
        lines.append(_wrap(f"{change.path} ({change.label}): {change.old} → {change.new}", "  "))
        if change.detail:
            lines.append(_wrap(change.detail, "      "))
    lines += ["", f"FINDINGS: {len(c.findings_appeared)} appeared, "
                  f"{len(c.findings_disappeared)} disappeared, {c.findings_kept} in both"]
    for sign, group in (("+", c.findings_appeared), ("-", c.findings_disappeared)):
        for finding in group:
            arm = f" ({finding.arm})" if finding.arm else ""
            lines.append(_wrap(f"{sign} [{finding.rule}] {finding.title}{arm} "
                               f"({finding.severity})", "  "))
    lines += ["", f"SAMPLE SIZE: {sample_size_words(c)}",
              _wrap(f"old: {c.sample_size_old.text}", "  "),
              _wrap(f"new: {c.sample_size_new.text}", "  ")]
    (before, after), total = c.checklist_addressed, c.checklist_total
    lines += ["", f"CORE-PROTOCOL CHECKLIST: {before} → {after} of {total} addressed"]
    lines += [_wrap(f"{item.number}. {item.title.rstrip('.')}: {item.old} → {item.new}", "  ")
              for item in c.checklist]
    lines += ["", f"BOX 1 PROPOSALS: {len(c.box1)} changed status"]
    lines += [_wrap(f"{item.number}. {item.title.rstrip('.')}: {item.old} → {item.new}", "  ")
              for item in c.box1]
    return "\n".join(lines)
