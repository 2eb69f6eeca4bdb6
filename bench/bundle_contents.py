"""What each package adds to the one-folder app: the sizes behind the bundle row of make bench.

    .venv/bin/python bench/bundle_contents.py [dist/msc-ards-trial-designer] [--top 40]

Groups every file of the bundle by what brought it: a Python package (its folder under
_internal/, with the ``*.libs`` folder its wheel vendors), the Qt libraries and each Qt plugin
folder (PySide6/Qt/lib, PySide6/Qt/plugins/<kind>), the PySide6 bindings (PySide6/Qt*.so), the
Python modules archive (PYZ, inside the executable), libpython, and the system libraries
PyInstaller copied in beside them. Sizes are bytes on disk (os.lstat), in MB.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "msc-ards-trial-designer"
MB = 2**20


def group_of(relative: str) -> str:
    """The part of the bundle a file belongs to, from its path under the app's folder."""
    parts = relative.split("/")
    if parts[0] != "_internal":
        return "executable (bootloader + PYZ of the pure-Python modules)"
    inner = parts[1:]
    head = inner[0]
    if head == "PySide6" and len(inner) > 2 and inner[1] == "Qt":
        if inner[2] == "lib":
            return f"Qt library {inner[3].split('.so')[0]}"
        if inner[2] == "plugins" and len(inner) > 3:
            return f"Qt plugins/{inner[3]}"
        return f"Qt {inner[2]}"
    if head == "PySide6":
        return f"PySide6 binding {inner[1].split('.')[0]}" if len(inner) > 1 else "PySide6"
    if head.endswith(".libs"):
        return f"{head[:-5]} (vendored libraries)"
    if head.startswith("libpython"):
        return "libpython"
    if len(inner) == 1 and (".so" in head or head.endswith(".dylib") or head.endswith(".dll")):
        return f"system library {head.split('.so')[0]}"
    if head == "lib-dynload" or head == "python3.11":
        return "standard library extensions (lib-dynload)"
    return head


def contents(folder: Path) -> Counter:
    sizes: Counter = Counter()
    for base, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(base) / name
            sizes[group_of(path.relative_to(folder).as_posix())] += os.lstat(path).st_size
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DIST)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    sizes = contents(args.folder)
    total = sum(sizes.values())
    print(f"{args.folder}: {total / MB:.1f} MB in {len(sizes)} groups")
    for group, size in sizes.most_common(args.top):
        print(f"{size / MB:8.2f} MB  {group}")
    rest = sum(size for _group, size in sizes.most_common()[args.top:])
    if rest:
        print(f"{rest / MB:8.2f} MB  the other {len(sizes) - args.top} groups")


if __name__ == "__main__":
    main()
