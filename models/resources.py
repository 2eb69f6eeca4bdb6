"""Where the program's own data files are, both from source and in the frozen (PyInstaller) app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The ``resources/`` folder: beside the sources, or inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


PARSED_SUFFIX = ".parsed.json"


def load_toml(*parts: str) -> dict:
    """A bundled TOML file, parsed. TOML is what a reviewer reads; parsing it costs ~10 ms per
    file at start-up, so the packaged app ships each file also parsed, as JSON with the hash
    of the TOML it came from (``tools/parse_resources.py``, run by build.spec). A parsed copy
    whose hash does not match (an edited TOML) is ignored, and so is its absence: from source
    the TOML itself is parsed. Nothing is cached in the user's folders."""
    import hashlib
    import json
    import tomllib

    path = resource_path(*parts)
    data = path.read_bytes()
    parsed = path.with_name(path.name + PARSED_SUFFIX)
    if parsed.exists():
        try:
            packed = json.loads(parsed.read_text(encoding="utf-8"))
            if packed.get("sha256") == hashlib.sha256(data).hexdigest():
                return packed["document"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    return tomllib.loads(data.decode("utf-8"))


def parsed_copy(path: Path) -> str | None:
    """The JSON a packaged app ships beside a TOML file, or None when the TOML holds values JSON
    cannot hold as they are (a TOML date): that file is then parsed at start-up."""
    import hashlib
    import json
    import tomllib

    data = path.read_bytes()
    document = tomllib.loads(data.decode("utf-8"))
    try:
        return json.dumps({"sha256": hashlib.sha256(data).hexdigest(), "document": document},
                          ensure_ascii=False)
    except TypeError:
        return None


# The design the wizard opens when no file is given.
EXAMPLE_DESIGN = "core-protocol.trial.json"


def example_path() -> Path:
    return resource_path("examples", EXAMPLE_DESIGN)
