"""The wizard opens what the reader accepts: 40 mutated designs (cases of `make fuzz --seed 5`
that the reader accepts) are opened in the window, every step is shown, the evidence view with
its charts is drawn, and each design is saved and re-opened equal. pytest-qt fails the test on
any exception raised in a Qt slot or event handler, and on any Qt warning."""

from __future__ import annotations

from models.design_io import DesignFileError, load_design, parse_design_bytes
from models.wizard import STEPS
from test_main_window import settings, window  # noqa: F401 - the window, every dialog refused
from tools.design_mutations import case_random, design_bytes, mutated_document

DESIGNS = 40


def accepted_files(count: int, seed: int = 5) -> list[tuple[int, bytes]]:
    found, case = [], 0
    while len(found) < count:
        rng = case_random(seed, case)
        data = design_bytes(mutated_document(rng), rng)
        try:
            parse_design_bytes(data)
            found.append((case, data))
        except DesignFileError:
            pass
        case += 1
    return found


def test_mutated_designs_open_show_every_step_and_save(window, qtbot, tmp_path):  # noqa: F811
    window.evidence_action.trigger()  # the evidence dock and its charts follow the design
    for case, data in accepted_files(DESIGNS):
        path = tmp_path / f"case-{case}.trial.json"
        path.write_bytes(data)
        assert window.open_path(path, ask=False), case
        for index in range(len(STEPS)):
            window.go_to_step(index)
            qtbot.wait(1)  # let coalesced refreshes (power curve, charts) run
        saved = tmp_path / f"saved-{case}.trial.json"
        window.session.save(saved)
        assert load_design(saved) == load_design(path), case
