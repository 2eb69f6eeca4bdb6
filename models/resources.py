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


def load_toml(*parts: str) -> dict:
    """A bundled TOML file, parsed. TOML is what a reviewer reads; parsing it costs ~10 ms per
    file at every start, so the parsed form is cached as JSON in the user's cache folder, keyed
    by the file's content hash (a changed file is simply parsed again)."""
    import hashlib
    import json
    import tomllib

    data = resource_path(*parts).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    cache = _cache_folder()
    cached = cache / f"{'-'.join(parts)}.{digest}.json" if cache else None
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    document = tomllib.loads(data.decode("utf-8"))
    if cached is not None:
        try:
            from models.design_io import write_atomic

            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, json.dumps(document).encode("utf-8"))
        except OSError:
            pass  # a cache is an optimisation; without it the file is parsed every time
    return document


def _cache_folder() -> Path | None:
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return None
    return Path(user_cache_dir("msc-ards-trial-designer", appauthor=False)) / "resources"
