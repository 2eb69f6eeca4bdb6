"""The Word (.docx) protocol summary: the PDF's eight parts, built by the same section builders
(reports/sections/) from the same models, written with python-docx as real Word headings,
tables and lists so an investigator can paste it into a sponsor's template.

``reports.word.document`` is the entry point (``export_docx``); python-docx and lxml are
imported only there, when a Word file is exported, never at start-up.
"""
