"""User-supplied trials: a valid CSV is validated, stored in the user's data folder (never in the
program's files), marked user-supplied and used in comparisons and pooling; every kind of bad file
is refused with the line and the column of each problem, and nothing is stored then.

Every test runs with HOME and XDG_* redirected to a temporary folder (tests/conftest.py)."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from models.design_io import load_design
from models.evidence import (
    TrialsFileError,
    forget_loaded_evidence,
    import_user_trials,
    list_user_trials,
    load_trials,
    loaded_evidence,
    remove_user_trials,
    user_trials_path,
)
from models.evidence.schema import COLUMNS
from models.resources import resource_path
from models.user_settings import user_data_dir

BUNDLED = resource_path("evidence", "trials.csv")


@pytest.fixture(autouse=True)
def _fresh_evidence():
    """The program keeps the loaded evidence; each test has its own home, so drop it after."""
    yield
    forget_loaded_evidence()


def bundled_row(row_id: str) -> dict[str, str]:
    with BUNDLED.open(encoding="utf-8", newline="") as stream:
        return next(dict(r) for r in csv.DictReader(stream) if r["row_id"] == row_id)


def new_trial(row_id="U_CLASSIC_2025", **changes) -> dict[str, str]:
    """A plausible new classical-ARDS trial, built from START's row (plain ASCII text cells)."""
    row = bundled_row("T1_START_2019")
    row.update(row_id=row_id, table_ref="user", short_name="CLASSIC 2025", first_author="Example",
               year="2025", ref_in_paper="", registry_id="NCT99999999", ae_text_active="0",
               ae_text_control="0", mortality_active_events="10", mortality_active_n="50",
               mortality_active_pct="20", mortality_control_events="15",
               mortality_control_n="50", mortality_control_pct="30",
               sources="EXAMPLE_PAPER", notes="A user-supplied example.",
               verification="design=verified:EXAMPLE_PAPER; mortality=verified:EXAMPLE_PAPER")
    row.update(changes)
    return row


def write_csv(path: Path, rows, columns=COLUMNS, delimiter=",", encoding="utf-8") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), delimiter=delimiter,
                            extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(TrialsFileError) as caught:
        import_user_trials(path)
    return [str(p) for p in caught.value.problems]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- Where user trials live -----------------------------------------------------------------------


def test_user_data_folder_is_the_temporary_home(_isolated_home):
    assert user_data_dir().is_relative_to(_isolated_home)
    assert user_trials_path().is_relative_to(_isolated_home)
    assert not user_trials_path().is_relative_to(resource_path())


# --- A valid file ---------------------------------------------------------------------------------


def test_valid_file_is_stored_marked_and_used_in_pooling_and_comparisons(tmp_path):
    before = digest(BUNDLED)
    path = write_csv(tmp_path / "new.csv", [new_trial(),
                                            new_trial("U_COVID_2025", setting="covid19",
                                                      short_name="COVID 2025")])
    assert import_user_trials(path) == ["U_CLASSIC_2025", "U_COVID_2025"]
    assert user_trials_path().is_file()
    assert digest(BUNDLED) == before                    # the program's files are untouched
    assert [t.id for t in list_user_trials()] == ["U_CLASSIC_2025", "U_COVID_2025"]

    evidence = load_trials()
    user = evidence.trial("U_CLASSIC_2025")
    assert user.user_supplied and not evidence.trial("T1_START_2019").user_supplied
    classical = evidence.pooled_by_setting()["classical"]
    assert classical.k == 5 and "U_CLASSIC_2025" in classical.trials
    assert any("user-supplied trials: CLASSIC 2025" in c for c in classical.caveats)
    comparison = next(c for c in evidence.risk_ratios() if c.trial.id == "U_CLASSIC_2025")
    assert comparison.estimate.rr == pytest.approx((10 / 50) / (15 / 50))
    assert comparison.as_dict()["user_supplied"] is True
    design = load_design(resource_path("examples", "start-like.trial.json"))
    assert "U_CLASSIC_2025" in [c.trial.id for c in evidence.comparable_trials(design).trials]
    # The bundled evidence alone is still there on request.
    assert all(not t.user_supplied for t in load_trials(include_user=False).trials)


def test_stored_file_reads_back_with_the_same_typed_values(tmp_path):
    row = new_trial(dose_value="1e7", interval_hours="", mortality_active_pct="37.5")
    import_user_trials(write_csv(tmp_path / "one.csv", [row]))
    stored = load_trials().trial("U_CLASSIC_2025")
    assert stored["dose_value"] == 1e7 and stored["interval_hours"] is None
    assert stored["mortality_active_pct"] == 37.5 and stored["year"] == 2025
    assert stored["notes"] == "A user-supplied example."


def test_excel_byte_order_mark_and_blank_lines_are_accepted(tmp_path):
    path = write_csv(tmp_path / "bom.csv", [new_trial()], encoding="utf-8-sig")
    path.write_bytes(path.read_bytes() + b"\n\n")
    assert import_user_trials(path) == ["U_CLASSIC_2025"]


def test_remove_user_trials_and_the_file_goes_with_the_last(tmp_path):
    import_user_trials(write_csv(tmp_path / "two.csv", [new_trial("U_A"), new_trial("U_B")]))
    loaded_evidence()                                  # kept in memory ...
    remove_user_trials(["U_A"])
    assert [t.id for t in list_user_trials()] == ["U_B"]
    assert [t.id for t in loaded_evidence().user_trials] == ["U_B"]   # ... and reloaded
    with pytest.raises(KeyError):
        remove_user_trials(["T1_START_2019"])          # bundled trials cannot be removed
    remove_user_trials(["U_B"])
    assert not user_trials_path().exists()
    assert list_user_trials() == []


# --- Bad files: every problem with its line and column --------------------------------------------


def test_missing_column(tmp_path):
    columns = [c for c in COLUMNS if c != "n_control"]
    problems = problems_of(write_csv(tmp_path / "m.csv", [new_trial()], columns=columns))
    assert problems == ["line 1, column 'n_control': missing column (the file must have every "
                        "column of the bundled trials.csv; leave cells empty when unknown)"]


def test_unknown_and_repeated_columns(tmp_path):
    path = tmp_path / "u.csv"
    header = ",".join([*COLUMNS, "n_cotnrol", "setting"])
    path.write_text(header + "\n", encoding="utf-8")
    problems = problems_of(path)
    assert f"line 1, column 'n_cotnrol': column {len(COLUMNS) + 1} is not a column of the " \
           "evidence table" in problems
    assert f"line 1, column 'setting': appears twice (columns 3 and {len(COLUMNS) + 2})" in \
        problems


def test_text_in_a_number_column(tmp_path):
    path = write_csv(tmp_path / "t.csv", [new_trial("U_A"), new_trial("U_B", n_active="forty")])
    (problem,) = problems_of(path)
    assert problem.startswith("line 3, column 'n_active': 'forty' is not a number")


@pytest.mark.parametrize("changes, expected", [
    ({"mortality_active_events": "51"},
     "line 2, column 'mortality_active_events': 51 deaths is more than the 50 patients of "
     "mortality_active_n"),
    ({"mortality_control_events": "3", "mortality_control_n": ""},
     "line 2, column 'mortality_control_events': deaths in the control arm are given without "
     "its denominator (mortality_control_n)"),
    ({"n_active": "12.5"}, "line 2, column 'n_active': 12.5 must be a whole number"),
    ({"n_control": "-3"}, "line 2, column 'n_control': -3 must not be negative"),
    ({"mortality_control_events": "0", "mortality_control_n": "0"},
     "line 2, column 'mortality_control_n': the control arm has 0 patients; a mortality "
     "denominator must be at least 1 (leave the cell empty when it is unknown)"),
    ({"n_active": "1e400"}, "line 2, column 'n_active': 1e400 is too large to be a number here"),
    ({"mortality_control_pct": "130"},
     "line 2, column 'mortality_control_pct': 130 is above the largest sensible value (100)"),
    ({"setting": "icu"}, "line 2, column 'setting': 'icu' is not one of classical, covid19, "
                         "mixed, gvhd"),
    ({"short_name": " "}, "line 2, column 'short_name': is required"),
    ({"dose_unit": ""}, "line 2, column 'dose_unit': must be given together with dose_value"),
    ({"verification": "mortality=maybe:X"},
     "line 2, column 'verification': entry 'mortality=maybe:X': status 'maybe' is not one of "
     "verified, seed, uncertain, unknown"),
    ({"row_id": "my trial"}, "line 2, column 'row_id': 'my trial' may hold only letters, "
                             "digits, '_', '.' and '-'"),
])
def test_bad_values(tmp_path, changes, expected):
    assert problems_of(write_csv(tmp_path / "v.csv", [new_trial(**changes)])) == [expected]


def test_events_greater_than_n_in_both_arms_are_both_reported(tmp_path):
    row = new_trial(mortality_active_events="60", mortality_control_events="70")
    problems = problems_of(write_csv(tmp_path / "e.csv", [row]))
    assert [p.split(":")[0] for p in problems] == [
        "line 2, column 'mortality_active_events'", "line 2, column 'mortality_control_events'"]


def test_duplicate_ids_within_the_file(tmp_path):
    path = write_csv(tmp_path / "d.csv", [new_trial("U_A"), new_trial("U_B"), new_trial("U_A")])
    assert problems_of(path) == ["line 4, column 'row_id': 'U_A' is also the id on line 2; ids "
                                 "must be unique"]


def test_duplicate_of_a_bundled_id(tmp_path):
    path = write_csv(tmp_path / "b.csv", [new_trial("T1_START_2019")])
    assert problems_of(path) == ["line 2, column 'row_id': 'T1_START_2019' is already the id of "
                                 "a bundled trial (START); choose another id"]


def test_duplicate_of_a_trial_imported_earlier(tmp_path):
    import_user_trials(write_csv(tmp_path / "first.csv", [new_trial("U_A")]))
    (problem,) = problems_of(write_csv(tmp_path / "again.csv", [new_trial("U_A")]))
    assert problem.startswith("line 2, column 'row_id': 'U_A' is already the id of a trial you "
                              "imported earlier; to replace it, remove it first")


def test_semicolon_delimiter(tmp_path):
    path = write_csv(tmp_path / "s.csv", [new_trial()], delimiter=";")
    assert problems_of(path) == ["line 1, character 7: the columns are separated by semicolons, "
                                 "not by commas; save the file as comma-separated CSV"]


def test_latin1_encoding_names_line_column_and_character(tmp_path):
    row = new_trial(product="cellules souches mésenchymateuses")
    path = write_csv(tmp_path / "l.csv", [new_trial("U_A"), row], encoding="latin-1")
    (problem,) = problems_of(path)
    line_text = path.read_bytes().split(b"\n")[2].decode("latin-1")
    character = line_text.index("é") + 1
    assert problem == (f"line 3, column 'product', character {character}: byte 0xE9 is not UTF-8 "
                       "(the file looks like Latin-1 or Windows-1252); save it as CSV in UTF-8")


def test_utf16_encoding(tmp_path):
    path = write_csv(tmp_path / "w.csv", [new_trial()], encoding="utf-16")
    assert problems_of(path) == ["line 1, character 1: the file is UTF-16 encoded; save it as "
                                 "CSV in UTF-8 ('CSV UTF-8' in Excel)"]


def test_wrong_number_of_fields_and_line_numbers_after_a_quoted_line_break(tmp_path):
    path = write_csv(tmp_path / "f.csv", [new_trial("U_A", notes="two\nlines"), new_trial("U_B")])
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "U_C,classical\n", encoding="utf-8")
    # Line 1 header, lines 2-3 the first trial (a quoted line break), line 4 U_B, line 5 U_C.
    assert problems_of(path) == [f"line 5: has 2 fields, the header has {len(COLUMNS)} (a comma "
                                 "inside a value must be quoted)"]


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert problems_of(empty)[0].startswith("line 1: the file is empty")
    header_only = write_csv(tmp_path / "header.csv", [])
    assert problems_of(header_only) == ["holds a header but no trials"]


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(TrialsFileError) as caught:
        import_user_trials(tmp_path / "nowhere.csv")
    assert caught.value.lines()[0].startswith(f"{tmp_path / 'nowhere.csv'}: cannot be read")


def test_every_problem_is_reported_and_nothing_is_stored(tmp_path):
    rows = [new_trial("U_A", n_active="x"), new_trial("U_B", setting="icu"),
            new_trial("U_A", mortality_control_events="99")]
    problems = problems_of(write_csv(tmp_path / "many.csv", rows))
    assert [p.split(":")[0] for p in problems] == [
        "line 2, column 'n_active'", "line 3, column 'setting'",
        "line 4, column 'mortality_control_events'", "line 4, column 'row_id'"]
    assert not user_trials_path().exists()


def test_a_damaged_stored_file_never_hides_the_bundled_evidence(tmp_path):
    import_user_trials(write_csv(tmp_path / "ok.csv", [new_trial()]))
    stored = user_trials_path()
    stored.write_text(stored.read_text(encoding="utf-8").replace(",50,", ",fifty,", 1),
                      encoding="utf-8")
    evidence = load_trials()
    assert len(evidence.trials) == 23 and not evidence.user_trials
    assert "fifty" in evidence.user_problems[0] and str(stored) in evidence.user_problems[0]
    (problem,) = problems_of(write_csv(tmp_path / "more.csv", [new_trial("U_B")]))
    assert "the stored user trials cannot be read" in problem
