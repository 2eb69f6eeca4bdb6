"""``main.py export DESIGN -o SUMMARY.pdf [--changes-since OLD] [--defaults]``: write the PDF
protocol summary, with "Changes since version N" appended when an earlier version is given.

Exit 0 when the PDF is written; 2 with one line on stderr when the design cannot be read or the
PDF cannot be written (no such folder, no permission, a full disk). The file is written
atomically, so a failure leaves no partial PDF and any earlier file at that path unchanged.
"""

from __future__ import annotations

import argparse

from models.design_io import output_refusal
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
                        help="where to write the PDF (replaced atomically if it exists)")
    parser.add_argument("--changes-since", metavar="OLD.trial.json",
                        help="append 'Changes since version N': what changed from that earlier "
                             "version of the design (as main.py compare)")
    add_thresholds_option(parser)


def run(args: argparse.Namespace) -> int:
    design = read_design(args.design)
    old = read_design(args.changes_since) if args.changes_since else None
    if design is None or (args.changes_since and old is None):
        return EXIT_BAD_INPUT
    refusal = output_refusal(args.design, args.output)
    if refusal:
        return fail(refusal)
    thresholds = thresholds_for(args)
    from reportlab.platypus.doctemplate import LayoutError

    from reports.pdf import describe_write_error, export_pdf

    try:
        result = export_pdf(design, args.output, thresholds=thresholds, design_path=args.design,
                            changes_since=old)
    except OSError as exc:
        return fail(f"{args.output}: cannot be written ({describe_write_error(exc)}); no PDF "
                    "was written and any earlier file there is unchanged")
    except LayoutError as exc:
        return fail(f"{args.design}: the PDF could not be laid out ({exc})")
    print(f"wrote {args.output}: {result.pages} pages, {result.size_bytes / 1024:.0f} kB")
    return EXIT_OK
