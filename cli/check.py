"""``main.py check DESIGN [--json] [--defaults]``: the guidance findings for a design file.

Exit 0 when there are no error-level findings, 1 when there are (a "not specified" error counts,
docs/conventions.md 1.8 item 2), 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import textwrap

from cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    add_thresholds_option,
    read_design,
    thresholds_for,
)
from models.guidance import Severity, evaluate
from models.guidance.thresholds import describe_threshold

WIDTH = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("design", metavar="DESIGN.trial.json", help="the design file to check")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_thresholds_option(parser)


def run(args: argparse.Namespace) -> int:
    design = read_design(args.design)
    if design is None:
        return EXIT_BAD_INPUT
    thresholds = thresholds_for(args)
    result = evaluate(design, thresholds)
    if args.json:
        data = result_to_json(args.design, result)
        from models.spirit import spirit_completeness

        data["spirit_2025"] = spirit_completeness(design, result.checklist).as_dict()
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render_text(args.design, design, result))
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def sample_size_to_json(outcome) -> dict | None:
    """The design's computed n as ``check --json`` reports it (null when its kind has none)."""
    if outcome is None:
        return None
    if outcome.missing:
        return {"computed": False, "missing": list(outcome.missing)}
    if outcome.error:
        return {"computed": False, "error": outcome.error}
    data = {"computed": True, **outcome.result.to_dict()}
    if outcome.plan is not None:
        # The fixed-sample figures stay as they were; the n to enrol is the plan's maximum.
        data["group_sequential"] = outcome.plan.to_dict()
        data["n_to_enrol"] = outcome.n_total
    return data


def result_to_json(path: str, result) -> dict:
    return {
        "design": path,
        "findings": [f.as_dict() for f in result.findings],
        "counts": result.counts,
        "core_protocol": result.core_protocol(),
        "box1": [{"proposal": b.number, "status": b.status, "rules": list(b.findings)}
                 for b in result.box1],
        "sample_size": sample_size_to_json(result.sample_size),
        "thresholds_changed": {name: value for name, (value, _)
                               in result.thresholds.changed_from_default().items()},
    }


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


_CONTROL = {code: "\N{REPLACEMENT CHARACTER}" for code in
            (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))}


def render_text(path: str, design, result) -> str:
    """The findings grouped by severity, each with the fields it concerns, then the checklist.
    Control characters of user text (terminal escape sequences) print as U+FFFD, so a design
    file can never retitle or clear the user's terminal."""
    return _render(path, design, result).translate(_CONTROL)


def _render(path: str, design, result) -> str:
    counts = result.counts
    lines = [f"Design: {path}"]
    if design.meta.title:
        lines.append(_wrap(f"Title: {design.meta.title}", "")[:WIDTH * 3])
    open_decisions = sum(1 for f in result.findings if f.not_specified)
    lines.append(f"{counts['error']} error(s), {counts['warning']} warning(s), "
                 f"{counts['advice']} advice; {open_decisions} of them are open decisions "
                 "(not specified yet).")
    for severity in Severity:
        group = [f for f in result.findings if f.severity is severity]
        if not group:
            continue
        lines += ["", f"{severity.label.upper()}S" if severity is not Severity.ADVICE
                  else "ADVICE"]
        for finding in group:
            head = f"  [{finding.rule}] {finding.title}"
            if finding.arm_label:
                head += f" ({finding.arm_label})"
            if finding.not_specified:
                head += " (not specified)"
            lines.append(head)
            lines.append(_wrap(finding.message, "      "))
            lines.append(_wrap("Fields: " + ", ".join(finding.fields), "      "))
    addressed = sum(1 for item in result.checklist if item.addressed)
    lines += ["", f"Core-protocol checklist: {addressed} of {len(result.checklist)} addressed"]
    for item in result.checklist:
        mark = "x" if item.addressed else " "
        lines.append(f"  [{mark}] {item.number}. {item.title}")
        if not item.addressed:
            lines.append(_wrap("still to fill: " + ", ".join(item.missing_fields), "        "))
    lines += ["", "Box 1 proposals (Curley 2024):"]
    for status in result.box1:
        extra = f" ({', '.join(status.findings)})" if status.findings else ""
        lines.append(f"  {status.number:>2}. {status.status}{extra}")
    lines += ["", _sample_size_line(design, result.sample_size)]
    changed = result.thresholds.changed_from_default()
    if changed:
        lines.append("Thresholds changed from their defaults (Settings): " + "; ".join(
            f"{describe_threshold(n, v)} (default {describe_threshold(n, d).split(': ')[1]})"
            for n, (v, d) in changed.items()))
    return "\n".join(lines)


def _sample_size_line(design, outcome) -> str:
    if outcome is None:
        return "Sample size: the primary endpoint has no computed n in format version 1."
    if outcome.missing:
        return _wrap("Sample size: not computed; still to fill: " + ", ".join(outcome.missing), "")
    if outcome.error:
        return f"Sample size: cannot be computed: {outcome.error}"
    from models.plan_text import plan_sentence, result_line

    planned = design.statistics.planned_total_n
    line = _wrap(f"Sample size: {result_line(outcome)}; planned {planned}.", "")
    if outcome.plan is not None:
        line += "\n" + _wrap("Group-sequential plan: " + plan_sentence(outcome.plan), "  ")
    return line
