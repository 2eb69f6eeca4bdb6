"""The eight parts of the PDF protocol summary, one module per part: ``title`` (1, the title
block), ``glance`` (2, the design at a glance), ``guidance`` (3, the guidance status with the
core-protocol checklist and the Box 1 map), ``design`` (4, the design section by section),
``sample_size`` (5, the sample-size justification, the sensitivity table and the power curve),
``schedule`` (6, the SPIRIT schedule), ``evidence`` (7, comparable trials, the dose charts and the
forest plot) and ``references`` (8). Each holds a mixin of reports.pdf's report with that part's
methods; ``base`` holds what they share (paragraphs, tables, part headings, citations).
"""
