"""The export formats, chosen by the output file's name: the PDF summary (.pdf, and any name
that is not one of the others, as before there were others), the Word summary (.docx) and the
CDISC USDM study definition (.usdm.json). Each writer is imported only when its format is used:
python-docx and lxml load only for a Word export.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFormat:
    key: str
    what: str          # "the PDF": how messages name the file
    example: str       # an output name, for messages
    suffix: str
    nothing: str       # "no PDF": what a failure leaves

    def writer(self):
        """The export function: (design, path, thresholds=, design_path=, progress=) ->
        reports.pdf.ExportResult."""
        if self.key == "docx":
            from reports.word.document import export_docx

            return export_docx
        if self.key == "usdm":
            from reports.usdm.export import export_usdm

            return export_usdm
        from reports.pdf import export_pdf

        return export_pdf


PDF = ExportFormat("pdf", "the PDF", "SUMMARY.pdf", ".pdf", "no PDF")
DOCX = ExportFormat("docx", "the Word file", "SUMMARY.docx", ".docx", "no Word file")
USDM = ExportFormat("usdm", "the USDM file", "STUDY.usdm.json", ".usdm.json",
                    "no USDM file")
FORMATS = (PDF, DOCX, USDM)


def format_for(path: str) -> ExportFormat:
    name = str(path).lower()
    if name.endswith(USDM.suffix):
        return USDM
    if name.endswith(DOCX.suffix):
        return DOCX
    return PDF
