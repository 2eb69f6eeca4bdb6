"""PDF export: time and size of the protocol summary of each example design.

Baseline, measured in the same run for each design: a plain reportlab document with the same
number of pages, built from paragraphs only in the same embedded Vera fonts and written to the
same folder. The ratio is the cost of what the summary adds over plain text: guidance, sample size
(sensitivity table, power curve), schedule, evidence (comparable trials, two charts), tables and
the two-pass page numbering. Goal (issue 7): the fullest example within 1.5 times the baseline.

The evidence is loaded once before timing (the wizard and a second export already have it); each
figure is the median of RUNS exports, each followed by one baseline build (interleaved).
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.design_io import load_design  # noqa: E402
from models.evidence import loaded_evidence  # noqa: E402
from models.resources import resource_path  # noqa: E402

RUNS = 7
FULLEST = "core-protocol.trial.json"   # every field filled: the fullest design
PARAGRAPH = ("The steering committee reads the summary of the trial design, its guidance "
             "findings, the sample size and the schedule of assessments; each paragraph of this "
             "baseline is plain text in the embedded Vera font, with no tables or charts. ") * 3


def _plain_builder(pages: int, folder: Path):
    """A function that builds and writes a paragraphs-only document of exactly ``pages`` pages
    and returns its size in bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from models.atomic_files import write_atomic
    from reports.styles import FONT, register_fonts, styles

    register_fonts()
    style = styles()["body"]

    def build(count: int) -> tuple[bytes, int]:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FONT)
        doc.build([Paragraph(PARAGRAPH, style) for _ in range(count)])
        return buffer.getvalue(), doc.page

    count = 12 * pages
    while build(count)[1] > pages:
        count -= 4
    while build(count + 1)[1] <= pages:
        count += 1

    def plain() -> int:
        data, _ = build(count)
        write_atomic(folder / "plain.pdf", data)
        return len(data)

    return plain


def _timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def run() -> list[tuple]:
    from reports.pdf import export_pdf

    loaded_evidence()
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        examples = sorted(p.name for p in resource_path("examples").glob("*.trial.json"))
        export_pdf(load_design(resource_path("examples", FULLEST)), folder / "warm.pdf")
        for example in examples:
            design = load_design(resource_path("examples", example))
            pages = export_pdf(design, folder / "summary.pdf").pages
            plain = _plain_builder(pages, folder)
            times, base_times, result, base_size = [], [], None, 0
            for _ in range(RUNS):  # interleaved, so machine noise hits both alike
                seconds, result = _timed(lambda d=design: export_pdf(d, folder / "summary.pdf"))
                times.append(seconds)
                seconds, base_size = _timed(plain)
                base_times.append(seconds)
            stem = example.removesuffix(".trial.json")
            baseline = f"plain reportlab, {result.pages} pages"
            rows.append((f"pdf: export {stem} ({result.pages} pages)",
                         statistics.median(times) * 1e3, "ms", baseline,
                         statistics.median(base_times) * 1e3,
                         "<= 1.5x baseline" if example == FULLEST else None))
            rows.append((f"pdf: size {stem}", result.size_bytes / 1024, "kB", baseline,
                         base_size / 1024, None))
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from table import print_table

    print_table(run())
