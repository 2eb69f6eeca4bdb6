"""Regenerate the README's chart screenshots, offscreen, from the example designs:

    .venv/bin/python -m ui.charts.screenshots [FOLDER]     # default docs/screenshots

chart-dose-landscape.png (core-protocol design), chart-forest-plot.png, chart-power-curve.png
(core-protocol design) and evidence-view.png (the window with the evidence dock, a disputed value
selected). The bundled trials only: no user trials are read.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from models import chart_data as cd
    from models.design_io import load_design
    from models.evidence import load_trials
    from models.resources import resource_path
    from ui.charts.dose_landscape import DoseLandscapeChart
    from ui.charts.forest_plot import ForestPlotChart
    from ui.charts.power_curve import PowerCurveChart

    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)

    def settle(rounds: int = 5) -> None:
        for _ in range(rounds):
            app.processEvents()
            time.sleep(0.02)

    def example(name: str):
        return load_design(resource_path("examples", f"{name}.trial.json"))

    def shot(widget, size, name) -> None:
        widget.resize(*size)
        widget.show()
        settle()
        widget.grab().save(str(out / name))
        widget.close()

    evidence = load_trials(include_user=False)
    dose = DoseLandscapeChart()
    dose.set_chart(cd.dose_chart(evidence, example("core-protocol")))
    shot(dose, (1000, 560), "chart-dose-landscape.png")
    forest = ForestPlotChart()
    forest.set_chart(cd.forest_chart(evidence))
    shot(forest, (1150, 620), "chart-forest-plot.png")
    power = PowerCurveChart()
    power_chart = cd.design_power_chart(example("core-protocol"))
    if power_chart is None:
        raise SystemExit("the core-protocol example has no computed n: no power curve to show")
    power.set_chart(power_chart)
    shot(power, (760, 460), "chart-power-curve.png")

    from models.evidence import forget_loaded_evidence
    from ui.evidence_view import EvidenceView, evidence_dock
    from ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        # The view loads the evidence with the user's trials: point the data folder away.
        os.environ["XDG_DATA_HOME"] = folder
        forget_loaded_evidence()
        window = MainWindow(settings=QSettings(str(Path(folder) / "s.ini"),
                                               QSettings.Format.IniFormat))
        window.resize(1280, 1000)
        window.show()
        window.open_path(resource_path("examples", "core-protocol.trial.json"), ask=False)
        window.go_to_step(2)
        window.evidence_action.trigger()
        dock = evidence_dock(window)
        view = dock.widget() if dock is not None else None
        if dock is None or not isinstance(view, EvidenceView):
            raise SystemExit("the Evidence action did not open the evidence dock")
        started = time.time()
        while view.evidence is None and time.time() - started < 30:
            settle(1)
        window.resizeDocks([dock], [520], Qt.Orientation.Vertical)
        settle(10)
        row = next(r for r in range(view.model.rowCount())
                   if view.model.trial(r).id == "T1_START_2019")
        source = view.model.index(row, view.model.column_index("tissue_source"))
        view.table.setCurrentIndex(view.proxy.mapFromSource(source))
        view.table.horizontalScrollBar().setValue(0)
        settle()
        window.grab().save(str(out / "evidence-view.png"))
        window.session.dirty = False
        window.close()
        settle()
    print(f"wrote 4 screenshots to {out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
