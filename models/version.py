"""The program's version and the date its bundled evidence is current to: one place for both."""

__version__ = "0.1.0"
APP_NAME = "MSC-ARDS Trial Designer"
EVIDENCE_CURRENT_TO = "2025-12-04"
