"""Packaging: resource lookup from source and frozen, build.spec, the desktop entry and the icon.

PyInstaller itself is not run here (half a minute): `make package-smoke`, in CI, builds the app
and runs the frozen binary.
"""

from __future__ import annotations

import configparser
import shutil
import sys
from pathlib import Path

import pytest

from models import resources

ROOT = Path(__file__).resolve().parent.parent
NAME = "msc-ards-trial-designer"
DESKTOP_FILE = ROOT / "resources" / "desktop" / f"{NAME}.desktop"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _forget_loaded_resources():
    """The catalogue and help texts are cached per process; a test that moves resources/ must
    read them afresh, and leave no copy from a temporary folder behind for later tests."""
    from models.evidence.base import forget_loaded_evidence
    from models.field_help import _catalogue as field_help_catalogue
    from models.guidance.catalogue import load_catalogue

    load_catalogue.cache_clear()
    field_help_catalogue.cache_clear()
    forget_loaded_evidence()


@pytest.fixture
def frozen_bundle(tmp_path, monkeypatch):
    """A fake one-folder bundle: sys._MEIPASS set, as PyInstaller's bootloader does, to a folder
    holding a copy of resources/ (plus one file only the copy has)."""
    bundle = tmp_path / "_internal"
    shutil.copytree(ROOT / "resources", bundle / "resources")
    marker = bundle / "resources" / "examples" / "only-in-bundle.trial.json"
    marker.write_bytes((ROOT / "resources" / "examples" / "core-protocol.trial.json").read_bytes())
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    _forget_loaded_resources()
    yield bundle
    _forget_loaded_resources()


def test_resources_from_source(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resources.resources_root() == ROOT / "resources"
    assert resources.resource_path("examples", "core-protocol.trial.json").is_file()
    assert resources.resource_path("guidance", "catalogue.toml").is_file()


def test_resources_frozen_come_from_the_bundle(frozen_bundle):
    from models.design_io import load_design
    from models.guidance import evaluate
    from models.guidance.catalogue import load_catalogue
    from ui.app import example_path

    assert resources.resources_root() == frozen_bundle / "resources"
    assert example_path() == frozen_bundle / "resources" / "examples" / "core-protocol.trial.json"
    only_in_bundle = resources.resource_path("examples", "only-in-bundle.trial.json")
    assert only_in_bundle.parent.parent.parent == frozen_bundle
    design = load_design(only_in_bundle)
    assert design is not None
    # The catalogue's 66, program rules S-1 to S-3, C-16 and the 23 rules added with format 3.
    assert len(load_catalogue().rules) == 66 + 3 + 1 + 23
    assert evaluate(load_design(example_path())).findings is not None


def test_frozen_catalogue_is_read_from_the_bundle_not_the_sources(frozen_bundle):
    from models.guidance.catalogue import load_catalogue

    (frozen_bundle / "resources" / "guidance" / "catalogue.toml").unlink()
    with pytest.raises(OSError):
        load_catalogue()


def test_frozen_evidence_and_help_load_from_the_bundle(frozen_bundle):
    from models.evidence import load_trials
    from models.field_help import _catalogue as field_help_catalogue

    assert len(load_trials(include_user=False).trials) > 0
    assert "meta.title" in field_help_catalogue()


def test_every_resource_the_code_names_exists():
    """The files the program opens by name are in resources/, which build.spec bundles whole."""
    for parts in (("examples", "core-protocol.trial.json"), ("guidance", "rules.toml"),
                  ("guidance", "catalogue.toml"), ("help", "fields.toml"),
                  ("evidence", "trials.csv"), ("evidence", "sources.toml"),
                  ("evidence", "discrepancies.toml")):
        assert (ROOT / "resources").joinpath(*parts).is_file(), parts


# --- build.spec -------------------------------------------------------------------------------

class _Recorder:
    """Stands in for one of PyInstaller's spec classes (Analysis, PYZ, EXE, COLLECT, BUNDLE)."""

    made: list = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.pure, self.scripts, self.binaries, self.zipfiles = [], [], [], []
        self.datas = list(kwargs.get("datas", []))
        _Recorder.made.append(self)


def _run_spec(system: str, monkeypatch, binaries=()) -> dict[str, list[_Recorder]]:
    """Execute build.spec as PyInstaller would, with its build steps recorded, not run; the
    Analysis finds ``binaries`` (destination names)."""
    import platform

    monkeypatch.setattr(platform, "system", lambda: system)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts the project first
    made: dict[str, list[_Recorder]] = {}
    spec_globals = {"SPECPATH": str(ROOT), "__name__": "__main__",
                    "__file__": str(ROOT / "build.spec")}
    for kind in ("PYZ", "EXE", "COLLECT", "BUNDLE"):
        spec_globals[kind] = type(kind, (_Recorder,), {})

    class Analysis(_Recorder):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.binaries = [(name, f"/site-packages/{name}", "BINARY") for name in binaries]

    spec_globals["Analysis"] = Analysis
    _Recorder.made = []
    code = compile((ROOT / "build.spec").read_text(encoding="utf-8"), "build.spec", "exec")
    exec(code, spec_globals)  # noqa: S102 - our own spec, as PyInstaller runs it
    for step in _Recorder.made:
        made.setdefault(type(step).__name__, []).append(step)
    made["Analysis"][0].binaries_kept = spec_globals["a"].binaries
    return made


def test_build_spec_bundles_the_resources_and_the_commands(monkeypatch):
    from main import COMMANDS

    made = _run_spec("Linux", monkeypatch)
    (analysis,) = made["Analysis"]
    datas = analysis.kwargs["datas"]
    assert (str(ROOT / "resources"), "resources") in datas
    fonts = {Path(source).name for source, _target in datas if "reportlab" in source}
    assert {"Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"} <= fonts
    for module, _summary in COMMANDS.values():
        assert module in analysis.kwargs["hiddenimports"]
    excludes = set(analysis.kwargs["excludes"])
    assert not {"PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "colorama", "pydoc"} & excludes, \
        "pyqtgraph imports these: excluding them breaks the frozen charts"
    assert {"tkinter", "unittest", "scipy", "pytest", "pandas"} <= excludes


def test_build_spec_keeps_every_desktop_platform_plugin(monkeypatch):
    qt = "PySide6/Qt/"
    kept = [f"{qt}plugins/platforms/libqxcb.so", f"{qt}plugins/platforms/libqwayland.so",
            f"{qt}plugins/platforms/libqoffscreen.so", f"{qt}plugins/platforms/libqminimal.so",
            "PySide6\\plugins\\platforms\\qwindows.dll",
            f"{qt}plugins/platforms/libqcocoa.dylib",
            f"{qt}plugins/xcbglintegrations/libqxcb-glx-integration.so",
            f"{qt}plugins/platformthemes/libqxdgdesktopportal.so",
            f"{qt}plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
            f"{qt}plugins/imageformats/libqjpeg.so", f"{qt}plugins/imageformats/libqsvg.so",
            f"{qt}plugins/iconengines/libqsvgicon.so", f"{qt}lib/libQt6XcbQpa.so.6",
            f"{qt}lib/libQt6WaylandClient.so.6", f"{qt}lib/libQt6OpenGL.so.6",
            "PySide6/QtOpenGL.abi3.so"]
    dropped = [f"{qt}plugins/platforms/libqvnc.so", f"{qt}plugins/platforms/libqlinuxfb.so",
               f"{qt}plugins/platforms/libqeglfs.so", f"{qt}plugins/generic/libqtuiotouchplugin.so",
               f"{qt}plugins/imageformats/libqtiff.so", f"{qt}lib/libQt6Network.so.6"]
    made = _run_spec("Linux", monkeypatch, binaries=kept + dropped)
    assert [name for name, *_ in made["Analysis"][0].binaries_kept] == kept


def test_build_spec_leaves_out_the_gtk_theme_that_cannot_load(monkeypatch):
    # No libgtk-3 on the build machine: the GTK 3 theme plugin goes, with the libraries only
    # the GTK stack needs (cairo, pango); a library something else needs too (glib) stays.
    from PyInstaller.depend import bindepend

    qt = "PySide6/Qt/"
    theme = f"{qt}plugins/platformthemes/libqgtk3.so"
    needs = {
        theme: {"libgtk-3.so.0": None, "libcairo.so.2": "/l/c", "libpango-1.0.so.0": "/l/p",
                "libglib-2.0.so.0": "/l/g"},
        "libcairo.so.2": {"libpixman-1.so.0": "/l/x"},
        "libpango-1.0.so.0": {"libglib-2.0.so.0": "/l/g"},
        f"{qt}lib/libQt6Core.so.6": {"libglib-2.0.so.0": "/l/g"},
    }
    monkeypatch.setattr(bindepend, "get_imports", lambda path, search_paths=None: set(
        needs.get(path.removeprefix("/site-packages/"), {}).items()))
    binaries = [theme, "libcairo.so.2", "libpango-1.0.so.0", "libglib-2.0.so.0",
                f"{qt}lib/libQt6Core.so.6", f"{qt}plugins/platformthemes/libqxdgdesktopportal.so"]
    made = _run_spec("Linux", monkeypatch, binaries=binaries)
    kept = [name for name, *_ in made["Analysis"][0].binaries_kept]
    assert kept == ["libglib-2.0.so.0", f"{qt}lib/libQt6Core.so.6",
                    f"{qt}plugins/platformthemes/libqxdgdesktopportal.so"]
    # Where GTK 3 is found, the plugin can load: it stays.
    needs[theme]["libgtk-3.so.0"] = "/l/gtk"
    made = _run_spec("Linux", monkeypatch, binaries=binaries)
    assert [name for name, *_ in made["Analysis"][0].binaries_kept] == binaries


def test_without_openssl_hashlib_still_gives_what_the_program_uses(monkeypatch):
    # build.spec leaves out _hashlib (and with it OpenSSL): Python's own hashes stand in.
    import subprocess

    code = ("import sys; sys.modules['_hashlib'] = None\n"
            "import hashlib\n"
            "print(hashlib.sha256(b'abc').hexdigest(), "
            "hashlib.md5(b'abc', usedforsecurity=False).hexdigest())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and not done.stderr, done.stderr
    # FIPS 180-2 appendix B.1 and RFC 1321 appendix A.5, the digests of "abc".
    assert done.stdout.split() == [
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "900150983cd24fb0d6963f7d28e17f72"]
    excludes = set(_run_spec("Linux", monkeypatch)["Analysis"][0].kwargs["excludes"])
    assert {"_hashlib", "ssl", "_ssl"} <= excludes


def test_build_spec_one_folder_upx_off_console(monkeypatch):
    made = _run_spec("Linux", monkeypatch)
    (exe,) = made["EXE"]
    assert exe.kwargs["name"] == NAME
    assert exe.kwargs["console"] is True
    assert exe.kwargs["exclude_binaries"] is True  # one folder: the libraries go beside it
    (collect,) = made["COLLECT"]
    assert collect.kwargs["name"] == NAME
    for step in [exe, collect]:
        assert step.kwargs["upx"] is False
    assert "BUNDLE" not in made


@pytest.mark.parametrize("system", ["Windows", "Darwin"])
def test_build_spec_windowed_variant_beside_the_console_one(monkeypatch, system):
    from models.version import __version__

    made = _run_spec(system, monkeypatch)
    names = {exe.kwargs["name"]: exe.kwargs["console"] for exe in made["EXE"]}
    assert names == {NAME: True, f"{NAME}-gui": False}
    assert all(exe.kwargs["icon"].endswith(".png") for exe in made["EXE"])
    if system == "Darwin":
        (bundle,) = made["BUNDLE"]
        assert bundle.kwargs["version"] == __version__


def test_version_has_one_place():
    """The spec and the program read the version from models/version.py; nobody else states it."""
    from models.version import __version__

    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "from models.version import" in spec
    assert __version__ not in spec


# --- desktop entry and icon -------------------------------------------------------------------

def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_is_valid():
    entry = _desktop_entry()
    for key in ("Type", "Name", "Exec", "Icon", "Categories"):
        assert entry.get(key), key
    assert entry["Type"] == "Application"
    from models.version import APP_NAME

    assert entry["Name"] == APP_NAME
    program, *field_codes = entry["Exec"].split()
    assert program == NAME  # the console executable build.spec makes, installed on PATH
    assert set(field_codes) <= {"%f", "%F", "%u", "%U"}
    assert entry["Icon"] == NAME  # a theme name, not a path: installed into hicolor
    categories = entry["Categories"].split(";")
    assert categories[-1] == "", "a list value ends with ';'"
    main_categories = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game",
                       "Graphics", "Network", "Office", "Science", "Settings", "System",
                       "Utility"}
    assert main_categories & set(categories)
    assert entry.get("Terminal") == "false"
    for key, value in entry.items():
        assert "\n" not in value and value == value.strip(), key


def test_icon_files_exist_and_load(qapp):
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    icons = ROOT / "resources" / "icons" / "hicolor"
    svg = QSvgRenderer(str(icons / "scalable" / "apps" / f"{NAME}.svg"))
    assert svg.isValid()
    for size in ICON_SIZES:
        image = QImage(str(icons / f"{size}x{size}" / "apps" / f"{NAME}.png"))
        assert not image.isNull(), size
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


def test_window_icon_is_set(qapp):
    from ui.app import _application

    app = _application()
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert {(n, n) for n in ICON_SIZES} <= sizes
    assert app.desktopFileName() == NAME


def test_make_icons_sizes_match_the_window_icon():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_icons
    finally:
        sys.path.remove(str(ROOT / "tools"))
    from ui.app import ICON_SIZES as window_sizes

    assert tuple(make_icons.SIZES) == tuple(window_sizes) == ICON_SIZES
