"""Write the parsed JSON copy of every TOML file under resources/ into a folder (build.spec
bundles them beside the TOML files, so the packaged app does not parse TOML at start-up).

    python -m tools.parse_resources OUT_FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.resources import PARSED_SUFFIX, parsed_copy, resources_root  # noqa: E402


def write_parsed(out: Path) -> list[Path]:
    written = []
    root = resources_root()
    for toml in sorted(root.rglob("*.toml")):
        text = parsed_copy(toml)
        if text is None:
            continue  # holds a TOML date: parsed at start-up instead
        target = out / toml.relative_to(root).parent / (toml.name + PARSED_SUFFIX)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_parsed(Path(sys.argv[1])):
        print(path)
