"""The rule table of the guidance catalogue (shared/spec/guidance-rules.md), in order:
(id, severity), and the program's own rules (group S). Transcribed once, shared by the
catalogue-data and rule tests."""

RULE_TABLE = [
    ("A-1", "error"), ("A-2", "error"), ("A-3a", "warning"), ("A-3b", "warning"),
    ("A-4a", "error"), ("A-4b", "warning"), ("A-5", "warning"), ("A-6", "warning"),
    ("A-7", "advice"), ("A-8a", "error"), ("A-8b", "advice"), ("A-9", "advice"),
    ("A-10", "advice"),
    ("B-1", "warning"), ("B-2", "warning"), ("B-3", "warning"), ("B-4", "warning"),
    ("B-5", "warning"), ("B-6", "advice"), ("B-7", "warning"), ("B-8", "warning"),
    ("B-9", "advice"), ("B-10", "advice"),
    ("C-1", "error"), ("C-2", "error"), ("C-3", "error"), ("C-4", "error"), ("C-5", "error"),
    ("C-6", "warning"), ("C-8", "warning"), ("C-9", "advice"), ("C-10", "warning"),
    ("C-11", "advice"), ("C-12", "advice"), ("C-13", "warning"), ("C-14", "advice"),
    ("C-15", "advice"),
    ("D-1", "warning"), ("D-2", "warning"), ("D-3", "warning"),
    ("E-1a", "warning"), ("E-1b", "error"), ("E-2", "warning"), ("E-3a", "warning"),
    ("E-3b", "advice"), ("E-4a", "error"), ("E-4b", "warning"), ("E-5", "warning"),
    ("E-7", "warning"), ("E-8", "advice"), ("E-9", "advice"),
    ("F-1", "warning"), ("F-2", "advice"), ("F-3", "advice"),
    ("G-1", "warning"), ("G-2", "warning"), ("G-3", "warning"), ("G-5", "advice"),
    # H-1 to H-3 were errors in the catalogue; issue 15 makes them warnings (MISEV2023, a
    # reporting guideline; docs/catalogue-changes.md).
    ("H-1", "warning"), ("H-2", "warning"), ("H-3", "warning"), ("H-4", "warning"),
    ("H-6", "warning"), ("H-7", "warning"), ("H-8", "advice"),
    ("I-1", "advice"),
]

# The program's own rules (group S, design format 2): not in the catalogue's rule table, with ids
# of their own that no catalogue id uses. rules.toml lists them after the catalogue's 66.
PROGRAM_RULE_TABLE = [
    ("S-1", "warning"), ("S-2", "warning"), ("S-3", "warning"),
]

# Rules added after catalogue version 1 by the clinical review (issue 15), in the catalogue's
# groups with new ids (docs/catalogue-changes.md). rules.toml lists them after the program rules.
ADDED_RULE_TABLE = [
    ("C-16", "error"),
]

# The rules added with design format 3 (issue 15): not in catalogue version 1, with new ids in the
# catalogue's groups (never an unused id). rules.toml lists them last, marked added_in_format = 3.
FORMAT3_RULE_TABLE = [
    ("A-11", "warning"), ("A-12", "warning"), ("A-13", "warning"), ("A-14", "advice"),
    ("A-15", "warning"),
    ("B-11", "warning"), ("B-12", "warning"), ("B-13", "warning"),
    ("C-17", "error"), ("C-18", "advice"), ("C-19", "warning"),
    ("D-4", "warning"), ("D-5", "warning"), ("D-6", "advice"), ("D-7", "warning"),
    ("E-10", "advice"), ("E-11", "warning"), ("E-12", "advice"),
    ("G-6", "warning"), ("G-7", "advice"), ("G-8", "advice"), ("G-9", "warning"),
    ("G-10", "warning"),
]
