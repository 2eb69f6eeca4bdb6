"""What the evidence and statistics charts show, as plain data: the screen (pyqtgraph, ui/charts/)
and the PDF (reportlab.graphics, reports/) draw the same numbers from here, so the two never
disagree and a test can check a chart without drawing it.

Pure Python, no Qt. Values are given as they are (risk ratios, cells/kg, patients); where an axis
is logarithmic the chart says so (``Axis.log``) and the drawing code takes the logarithm. Every
text on a chart goes through models.formatting. Each chart also names its legend
(``legend``: text, marker shape, line style), so the two legends read the same.

    dose_chart(evidence, design)          # doses per administration vs administrations
    particle_dose_chart(evidence, design) # the same in EV particles (None without a particle arm)
    forest_chart(evidence)                # mortality risk ratios, pooled diamond per setting
    power_chart(result, planned_total_n)  # power vs patients analysed, planned and computed n
    design_power_chart(design)            # the same for a design (None when there is no n)
    sensitivity_grid(result)              # the sensitivity table as texts, base cell marked

One module per concern: ``styles`` (colours, marker shapes, line styles, legend entries),
``axes`` (axes, ticks, label spreading, what a chart leaves out), ``dose``, ``forest`` and
``power`` (the power chart and the sensitivity grid). The trials table and its provenance
(``TABLE_COLUMNS``, ``table_cell_text()``, ``cell_provenance()``, ...) live in
models.evidence.table and are re-exported here, so ``chart_data.X`` keeps working for them.
"""

from __future__ import annotations

from models.chart_data.axes import (
    Axis,
    NotPlottedItem,
    Tick,
    linear_ticks,
    log_ticks,
    spread_labels,
)
from models.chart_data.boundaries import BoundaryChart, boundary_chart
from models.chart_data.dose import (
    CELLS,
    COINCIDENT_OFFSET,
    DOSE_AXIS_TITLES,
    LABEL_GAP_FRACTION,
    PARTICLES,
    THRESHOLD_LINE,
    DesignArmMark,
    DoseChart,
    DoseMarker,
    DoseSeries,
    PointLabel,
    ThresholdLine,
    dose_chart,
    particle_dose_chart,
)
from models.chart_data.forest import (
    FOREST_FAVOURS,
    POOLED_LEGEND,
    ForestChart,
    ForestRow,
    PooledDiamond,
    forest_chart,
    timepoint_label,
)
from models.chart_data.power import (
    PowerChart,
    PowerMark,
    SensitivityGrid,
    analysed_from_enrolled,
    design_power_chart,
    power_chart,
    sensitivity_grid,
)
from models.chart_data.styles import (
    DESIGN_STYLE,
    LINE_STYLES,
    SETTING_STYLES,
    LegendEntry,
    SeriesStyle,
    setting_style,
)
from models.evidence.table import (
    DEFAULT_TABLE_COLUMNS,
    DISPUTED,
    FILTER_COLUMNS,
    MARK_LEGEND,
    MARKS,
    TABLE_COLUMNS,
    UNCERTAIN,
    CellProvenance,
    cell_provenance,
    column_title,
    filter_choices,
    sort_key,
    table_cell_text,
    table_value,
    trial_matches,
    trial_row_name,
    value_text,
)

__all__ = [
    "BoundaryChart", "boundary_chart",
    "Axis", "CELLS", "CellProvenance", "DESIGN_STYLE", "DEFAULT_TABLE_COLUMNS",
    "DesignArmMark", "DoseChart", "DoseMarker", "DoseSeries", "FILTER_COLUMNS", "ForestChart",
    "ForestRow", "LINE_STYLES", "LegendEntry", "MARKS", "MARK_LEGEND", "NotPlottedItem",
    "PARTICLES", "PointLabel", "PooledDiamond", "PowerChart", "PowerMark", "SETTING_STYLES",
    "SensitivityGrid", "SeriesStyle", "TABLE_COLUMNS", "ThresholdLine", "Tick",
    "analysed_from_enrolled", "cell_provenance", "column_title", "design_power_chart",
    "dose_chart", "filter_choices", "forest_chart", "linear_ticks", "log_ticks",
    "particle_dose_chart", "power_chart", "sensitivity_grid", "setting_style", "sort_key",
    "spread_labels",
    "table_cell_text", "table_value", "timepoint_label", "trial_matches", "trial_row_name",
    "value_text",
    # Constants the tests, the trials table and the PDF checks read through this package.
    "COINCIDENT_OFFSET", "DISPUTED", "DOSE_AXIS_TITLES", "FOREST_FAVOURS", "LABEL_GAP_FRACTION",
    "POOLED_LEGEND", "THRESHOLD_LINE", "UNCERTAIN",
]
