"""``main.py export DESIGN -o OUTPUT [--changes-since OLD] [--defaults]``: write the protocol
summary as a PDF (``.pdf``) or a Word file (``.docx``), or the design as a CDISC USDM study
definition (``.usdm.json``), chosen by the output's name (reports/formats.py; any other name is a
PDF). ``--changes-since`` appends "Changes since version N" to a PDF or Word summary.

Exit 0 when the file is written; 2 with one line on stderr when the design cannot be read or the
file cannot be written (no such folder, no permission, a full disk). Every format is written
atomically, so a failure leaves no partial file and any earlier file at that path unchanged.
"""

from __future__ import annotations

import argparse

from models.atomic_files import output_refusal
from cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_thresholds_option,
    fail,
    read_design,
    thresholds_for,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("design", metavar="DESIGN.trial.json", help="the design file")
    parser.add_argument("-o", "--output", required=True, metavar="SUMMARY.pdf",
                        help="where to write: SUMMARY.pdf, SUMMARY.docx (Word) or "
                             "STUDY.usdm.json (CDISC USDM 4.0.0); replaced atomically if it "
                             "exists")
    parser.add_argument("--changes-since", metavar="OLD.trial.json",
                        help="append 'Changes since version N' to a PDF or Word summary: what "
                             "changed from that earlier version of the design (as main.py "
                             "compare)")
    add_thresholds_option(parser)


def run(args: argparse.Namespace) -> int:
    from reports.formats import USDM, format_for

    design = read_design(args.design)
    old = read_design(args.changes_since) if args.changes_since else None
    if design is None or (args.changes_since and old is None):
        return EXIT_BAD_INPUT
    chosen = format_for(args.output)
    if old is not None and chosen is USDM:
        return fail(f"{args.output}: --changes-since adds a part to a PDF or Word summary; a "
                    "USDM study definition has no such part (write the summary as .pdf or "
                    ".docx)")
    refusal = output_refusal(args.design, args.output, chosen.what, chosen.example)
    if refusal:
        return fail(refusal)
    thresholds = thresholds_for(args)
    from reportlab.platypus.doctemplate import LayoutError

    from reports.pdf import describe_write_error

    try:
        extra = {"changes_since": old} if old is not None else {}
        result = chosen.writer()(design, args.output, thresholds=thresholds,
                                 design_path=args.design, **extra)
    except OSError as exc:
        return fail(f"{args.output}: cannot be written ({describe_write_error(exc)}); "
                    f"{chosen.nothing} was written and any earlier file there is unchanged")
    except LayoutError as exc:
        return fail(f"{args.design}: the PDF could not be laid out ({exc})")
    size = f"{result.size_bytes / 1024:.0f} kB"
    print(f"wrote {args.output}: " + (f"{result.pages} pages, {size}" if result.pages else size))
    return EXIT_OK
