"""Before the wizard creates its QApplication: can Qt open a window here at all?

When Qt cannot load a platform plugin (Debian 12 without libxcb-cursor0, libxcb-icccm4 and
friends) or cannot reach the display (an ssh session without X forwarding), it prints its own
message and aborts the process with a core dump. This module finds that out first, without
importing Qt, and says what to do in one message: the missing libraries and the exact
``apt install`` line, or how to reach a display. The caller prints it and exits 2.

The check costs one dlopen of the plugin Qt would load anyway (the libraries it pulls in are the
ones PySide6 loads next); only when that fails does it run ``ldd`` to name every missing
library, not just the first. Where it cannot tell (another OS, a plugin it does not know, a
plugin file it cannot find) it lets Qt decide, as before.

    problem = platform_problem()      # None when a window can be opened
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

# The platform plugins whose libraries and display are checked; any other (offscreen, minimal,
# vnc, eglfs, ...) needs neither and is left to Qt.
CHECKED_PLUGINS = {"xcb": "libqxcb.so", "wayland": "libqwayland.so",
                   "wayland-egl": "libqwayland.so"}

# Debian/Ubuntu packages of the libraries Qt's xcb and wayland plugins need (Qt's "X11
# requirements" page); others are named by Debian's rule: libfoo.so.N is in libfooN.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xinput.so.0": "libxcb-xinput0", "libxcb.so.1": "libxcb1",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6", "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0", "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0", "libwayland-egl.so.1": "libwayland-egl1",
}

COMMAND_LINE_NOTE = ("The command line works without a window: main.py check, sample-size, "
                     "simulate, evidence and export (and main.py --smoke, offscreen).")


def platform_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why Qt could not open a window here, with what to do; None when it can (or when this
    check cannot tell)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    candidates = _candidate_plugins(env)
    if not candidates:
        return None
    problems: list[tuple[str, list[str] | str]] = []  # missing libraries, or a display problem
    for name in candidates:
        plugin = find_plugin(CHECKED_PLUGINS[name], env)
        if plugin is None:
            return None  # a layout this check does not know: let Qt decide
        missing = missing_libraries(plugin)
        if missing:
            problems.append((name, missing))
            continue
        display = display_problem(name, env)
        if display is None:
            return None  # this plugin loads and has a display: Qt will use it
        problems.append((name, display))
    return _describe(problems)


def _candidate_plugins(env) -> list[str]:
    """The plugins Qt would try, in order, when all of them are ones this module checks."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        # "wayland;xcb" is a list tried in order; "xcb:option=value" carries options.
        names = [part.split(":")[0].strip() for part in chosen.split(";") if part.strip()]
        return names if names and all(n in CHECKED_PLUGINS for n in names) else []
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def plugin_folders(env) -> list[Path]:
    """Where Qt looks for platform plugins: the user's override, then PySide6's own folder
    (beside the frozen app, or in site-packages)."""
    folders = []
    for variable, sub in (("QT_QPA_PLATFORM_PLUGIN_PATH", ""), ("QT_PLUGIN_PATH", "platforms")):
        for entry in filter(None, env.get(variable, "").split(os.pathsep)):
            folders.append(Path(entry) / sub if sub else Path(entry))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle) / "PySide6" / "Qt" / "plugins" / "platforms")
    else:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
        for location in (spec.submodule_search_locations or []) if spec else []:
            folders.append(Path(location) / "Qt" / "plugins" / "platforms")
    return folders


def find_plugin(file_name: str, env) -> Path | None:
    for folder in plugin_folders(env):
        if (folder / file_name).is_file():
            return folder / file_name
    return None


_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_DLOPEN_MISSING = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries the plugin needs that the system cannot provide ([] when it loads).
    """
    try:
        ctypes.CDLL(str(plugin))
        return []
    except OSError as error:
        message = str(error)
    listed = _ldd_missing(plugin)
    if listed:
        return listed
    found = _DLOPEN_MISSING.search(message)
    # Not a missing library (a broken file, say): name what the loader said.
    return [found.group(1)] if found else [message.strip() or "a library of the plugin"]


def _ldd_missing(plugin: Path) -> list[str]:
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(done.stdout)))


def package_for(library: str) -> str:
    """The Debian package that ships a library (by the table, else by Debian's naming rule)."""
    if library in PACKAGES:
        return PACKAGES[library]
    match = re.fullmatch(r"(lib[\w+.-]*?)\.so\.(\d+)(?:\.[\d.]+)?", library)
    if not match:
        return library
    stem, version = match.group(1).lower(), match.group(2)
    return f"{stem}-{version}" if stem[-1].isdigit() else f"{stem}{version}"


def display_problem(plugin: str, env) -> str | None:
    """Why the plugin would find no display to connect to, or None."""
    if plugin == "xcb":
        display = env.get("DISPLAY", "")
        if not display:
            return "no X display: DISPLAY is not set (an ssh session without -X, a console)"
        local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
        if local and not _x_socket_answers(local.group(1)):
            return f"the X display {display} does not answer (no X server is running there)"
        return None
    runtime = env.get("XDG_RUNTIME_DIR", "")
    name = env.get("WAYLAND_DISPLAY", "") or "wayland-0"
    socket_path = Path(name) if os.path.isabs(name) else Path(runtime) / name
    if not runtime and not os.path.isabs(name):
        return "no Wayland display: XDG_RUNTIME_DIR is not set"
    if not socket_path.exists():
        return f"no Wayland display at {socket_path}"
    return None


def _x_socket_answers(number: str) -> bool:
    """Whether a local X server listens on display ``number`` (its file or abstract socket)."""
    for address in (f"/tmp/.X11-unix/X{number}", f"\0/tmp/.X11-unix/X{number}"):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(1.0)
                probe.connect(address)
                return True
        except OSError:
            continue
    return False


def _describe(problems: list[tuple[str, list[str] | str]]) -> str:
    lines = ["the wizard cannot open a window here."]
    packages: list[str] = []
    for plugin, problem in problems:
        if isinstance(problem, list):
            lines.append(f"Qt's {plugin} platform plugin needs libraries this system lacks: "
                         + ", ".join(problem) + ".")
            packages += [package_for(library) for library in problem]
        else:
            lines.append(f"Qt's {plugin} platform plugin loads, but finds {problem}.")
    if packages:
        lines.append("Install them with:  sudo apt install "
                     + " ".join(dict.fromkeys(packages)))
    else:
        lines.append("Run it from a desktop session, or over ssh with X forwarding (ssh -X).")
    lines.append(COMMAND_LINE_NOTE)
    return "\n".join(lines)
