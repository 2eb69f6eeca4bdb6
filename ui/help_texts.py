"""The About box and the "How the guidance works" page."""

from __future__ import annotations

import html

from models.guidance.catalogue import load_catalogue
from models.version import APP_NAME, EVIDENCE_CURRENT_TO, __version__

HOW_GUIDANCE_WORKS = """
<h2>How the guidance works</h2>
<p>Every choice in the design is checked, as you type, against the rules of the guidance
catalogue. The rules follow the proposals of Curley GF et al., <i>Cell-based Therapies for Acute
Respiratory Distress Syndrome: Where Are We Now?</i> Am J Respir Crit Care Med 2024;209:789–797,
and the published standards they name (ISCT 2006, MISEV2023, Berlin 2012, the 2024 global
definition of ARDS).</p>
<h3>Severities</h3>
<ul>
<li><b>✖ Error</b>: the design breaks a published definitional standard, or leaves out something
without which the trial cannot be interpreted or pooled.</li>
<li><b>▲ Warning</b>: the design departs from an explicit recommendation of Curley 2024 or from
established ARDS-trial practice.</li>
<li><b>ℹ Advice</b>: Curley 2024 puts the point tentatively, or it is good practice.</li>
</ul>
<h3>"Not specified"</h3>
<p>A field left empty means "not decided yet". Nothing is ever filled in with a compliant
default. Rules about something the protocol must state report the gap as an <i>open decision</i>
(listed apart in the guidance panel); it keeps its severity, so an undecided error-level item
still counts as an error. Rules about a stated value stay silent until the value is given.</p>
<h3>Thresholds</h3>
<p>Some numbers are not fixed by the literature: the latest first dose that counts as early
(72 h), the start of late ARDS (7 days), the minimum viability limit (70%), the minimum follow-up
(24 months), the plausible control mortality (18–45%), the smallest plausible VFD standard
deviation (9 days), the hyperinflammatory prevalence (30%) and the weight assumed for flat doses
(120 kg). They are defaults you can change in Settings; each finding that uses one says the value
used. Numbers taken from Curley 2024 or from a definition (2 × 10⁶ cells/kg, two or three doses,
intravenous route, P/F 300, S/F 315, HFNO 30 L/min, PEEP 5 cmH₂O) are fixed.</p>
<p>The guidance is decision support drawn from the cited literature, not regulatory advice.</p>
"""


def about_html() -> str:
    sources = "".join(f"<li>{html.escape(s.citation)}</li>"
                      for s in load_catalogue().sources[:12])
    return f"""
<h2>{APP_NAME} {__version__}</h2>
<p>Evidence current to {EVIDENCE_CURRENT_TO}. The guidance is decision support drawn from the
cited literature, not regulatory advice. The program never uses the network.</p>
<h3>Main sources</h3><ul>{sources}</ul>
<p>The full list of sources is in the guidance catalogue shipped with the program.</p>
<h3>Bundled components and their licences</h3>
<ul>
<li>Qt 6 and PySide6 (Qt for Python): LGPLv3</li>
<li>NumPy: BSD 3-Clause</li>
<li>pyqtgraph: MIT</li>
<li>ReportLab: BSD; Bitstream Vera fonts: Bitstream Vera licence</li>
<li>platformdirs: MIT</li>
<li>Python: PSF licence</li>
</ul>
"""
