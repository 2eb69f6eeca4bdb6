"""Issue 11, class 10: `make run` on a Linux desktop that lacks Qt's xcb libraries (or any
display) prints one clear message naming what is missing and the apt line, and exits 2, never
a core dump. The missing library is simulated with a platform plugin built here that needs a
library which is then removed; the command line and --smoke keep working without a display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui import platform_check
from ui.platform_check import package_for, platform_problem

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the platform check is for Linux (xcb and wayland)")


@pytest.fixture(scope="module")
def broken_plugin_folder(tmp_path_factory) -> Path:
    """A folder holding a 'libqxcb.so' that needs libmsc-gone.so.7 and libxcb-icccm.so.4-like
    libraries that do not exist: built with gcc against stand-ins that are deleted after."""
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        pytest.skip("a C compiler is needed to build the stand-in plugin (none on PATH)")
    folder = tmp_path_factory.mktemp("platforms")
    build = tmp_path_factory.mktemp("build")
    (build / "x.c").write_text("int msc_stand_in(void) { return 0; }\n")
    for soname in ("libmsc-gone.so.7", "libmscvanished.so.2"):
        subprocess.run([gcc, "-shared", "-fPIC", "-o", str(build / soname), str(build / "x.c"),
                        f"-Wl,-soname,{soname}"], check=True)
    subprocess.run([gcc, "-shared", "-fPIC", "-o", str(folder / "libqxcb.so"),
                    str(build / "x.c"), "-Wl,--no-as-needed", str(build / "libmsc-gone.so.7"),
                    str(build / "libmscvanished.so.2")], check=True)
    shutil.rmtree(build)
    return folder


def test_missing_libraries_are_named_with_the_apt_line(broken_plugin_folder):
    problem = platform_problem({"QT_QPA_PLATFORM_PLUGIN_PATH": str(broken_plugin_folder),
                                "DISPLAY": ":0"})
    assert problem is not None
    assert "libmsc-gone.so.7" in problem and "libmscvanished.so.2" in problem
    assert "sudo apt install libmsc-gone7 libmscvanished2" in problem
    assert "main.py check" in problem  # the way on without a window


def test_the_first_missing_library_is_named_even_without_ldd(broken_plugin_folder, monkeypatch):
    monkeypatch.setattr(platform_check.shutil, "which", lambda _name: None)
    problem = platform_problem({"QT_QPA_PLATFORM_PLUGIN_PATH": str(broken_plugin_folder),
                                "DISPLAY": ":0"})
    assert problem is not None and "libmsc-gone.so.7" in problem


def test_main_exits_2_with_the_message_and_no_core_dump(broken_plugin_folder, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(broken_plugin_folder),
               DISPLAY=":0", HOME=str(tmp_path))
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr  # an abort would be -6 (SIGABRT)
    assert done.stderr.startswith("error: the wizard cannot open a window here.")
    assert "sudo apt install libmsc-gone7 libmscvanished2" in done.stderr
    assert "Traceback" not in done.stderr and "qt.qpa" not in done.stderr


def test_no_display_is_reported_when_the_plugin_loads(tmp_path, monkeypatch):
    # A plugin that loads (its libraries all present): the display is what is missing.
    monkeypatch.setattr(platform_check, "missing_libraries", lambda _plugin: [])
    (tmp_path / "libqxcb.so").write_bytes(b"")
    env = {"QT_QPA_PLATFORM_PLUGIN_PATH": str(tmp_path)}
    assert "DISPLAY is not set" in platform_problem(env)
    # A display number with no X server behind it.
    assert "does not answer" in platform_problem({**env, "DISPLAY": ":987"})
    # A remote display is not probed: Qt decides.
    assert platform_problem({**env, "DISPLAY": "otherhost:0"}) is None


def test_offscreen_and_unknown_plugins_are_left_to_qt():
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert platform_problem({"QT_QPA_PLATFORM": "vnc"}) is None
    assert platform_problem({"QT_QPA_PLATFORM": "xcb;offscreen", "DISPLAY": ":0"}) is None


def test_a_wayland_session_falls_back_to_xcb(tmp_path, monkeypatch):
    # Wayland plugin broken, xcb fine with a display that answers: a window can be opened.
    (tmp_path / "libqwayland.so").write_bytes(b"")
    (tmp_path / "libqxcb.so").write_bytes(b"")
    monkeypatch.setattr(platform_check, "missing_libraries",
                        lambda plugin: ["libwayland-client.so.0"]
                        if plugin.name == "libqwayland.so" else [])
    monkeypatch.setattr(platform_check, "_x_socket_answers", lambda _number: True)
    env = {"QT_QPA_PLATFORM_PLUGIN_PATH": str(tmp_path), "WAYLAND_DISPLAY": "wayland-0",
           "DISPLAY": ":0"}
    assert platform_problem(env) is None
    monkeypatch.setattr(platform_check, "_x_socket_answers", lambda _number: False)
    problem = platform_problem(env)
    assert "libwayland-client.so.0" in problem and "sudo apt install libwayland-client0" in problem
    assert "does not answer" in problem


def test_debian_package_names():
    # Qt's documented xcb requirements (doc.qt.io "Qt for X11 Requirements") by their packages.
    assert package_for("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert package_for("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert package_for("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    # Debian policy 8.1: libfoo.so.N in libfooN, libfoo2.so.N in libfoo2-N.
    assert package_for("libbar.so.1.2.3") == "libbar1"
    assert package_for("libfoo2.so.3") == "libfoo2-3"


def test_command_line_and_smoke_need_no_display(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HOME"] = str(tmp_path)
    example = ROOT / "resources" / "examples" / "core-protocol.trial.json"
    check = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(example)],
                           capture_output=True, text=True, env=env, timeout=120)
    assert check.returncode == 0, check.stderr
    smoke = subprocess.run([sys.executable, str(ROOT / "main.py"), "--smoke"],
                           capture_output=True, text=True, env=env, timeout=300)
    assert smoke.returncode == 0, smoke.stderr
    assert smoke.stdout.startswith("smoke: ok")
