"""What the frozen one-folder build holds, in one place.

The PyInstaller spec (bjstc-desktop.spec), the build driver (build.py), the Debian
package (linux/build_deb.py), the Windows installer script (windows/bjstc-desktop.iss,
checked by tests/installer) and the smoke test all read these names, so a file set added
here is added everywhere or a test says which place forgot it.

Plain Python with no third-party imports: the spec runs it inside PyInstaller, the tests
import it directly.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "installer"

APP_NAME = "bjstc-desktop"  # the folder name of the build, the .deb package, the Windows AppName key
CLI_NAME = "bjstc"          # console program (bjstc_desktop.cli:main)
GUI_NAME = "bjstc-desktop"  # windowed program (bjstc_desktop.app:main)
EXECUTABLES = (CLI_NAME, GUI_NAME)
CONTENTS_DIR = "_internal"  # PyInstaller's folder beside the executables (sys._MEIPASS)
DIST_DIR = REPO / "dist"
BUILD_DIR = REPO / "build" / "pyinstaller"
CHECKSUMS = "SHA256SUMS"     # written at the top of the build by build.py
PUBLISHER = "北京市科学技术委员会"
PRODUCT_ZH = "北京市科学技术委员会离线办案工作站"
USER_DATA_LINUX = "~/.local/share/bjstc-desktop"
USER_DATA_WINDOWS = r"%LOCALAPPDATA%\bjstc-desktop"


@dataclass(frozen=True)
class DataSet:
    """One group of read-only files copied into the bundle.

    `source` is relative to the repository, `dest` relative to sys._MEIPASS (the
    `_internal` folder). `include` and `exclude` are fnmatch patterns on the path relative
    to `source` (forward slashes). `required`: the build fails if the folder is missing;
    an optional set (a feature still being built) is skipped with a message."""

    name: str
    source: str
    dest: str
    include: tuple[str, ...] = ("*",)
    exclude: tuple[str, ...] = ()
    required: bool = True
    why: str = ""

    def files(self, repo: Path = REPO) -> list[Path]:
        """The files of this set in the checkout, sorted."""
        root = repo / self.source
        if not root.is_dir():
            return []
        found = []
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            rel = path.relative_to(root).as_posix()
            if not any(fnmatch.fnmatch(rel, pat) for pat in self.include):
                continue
            if any(fnmatch.fnmatch(rel, pat) for pat in self.exclude):
                continue
            found.append(path)
        return found


# Every folder of read-only data the program opens at run time. Code modules are not
# listed: PyInstaller finds them by following the imports.
DATA_SETS: tuple[DataSet, ...] = (
    DataSet("fonts", "resources/fonts", "resources/fonts",
            include=("*.ttf", "*.ttc", "*.otf", "manifest.json", "LICENSE-*", "README.md"),
            exclude=("tools/*",),
            why="CJK UI font and the letter fonts, with their licences (no CJK fonts on the target)"),
    DataSet("translations", "resources/translations", "resources/translations",
            include=("*.qm",),
            why="compiled Qt catalogues (.qm, built from the .ts by build_translations first)"),
    DataSet("seed", "resources/seed", "resources/seed",
            why="working-day calendar and district code tables"),
    DataSet("letters", "resources/letters", "resources/letters", required=True,
            why="letter templates and the PDF/A colour profile (the letters issue)"),
    DataSet("icons", "resources/icons", "resources/icons", required=False,
            why="application icons used by the GUI"),
    DataSet("forms", "ui", "ui", include=("*.ui",),
            why="Qt Designer forms, loaded at run time by QUiLoader (gui/forms.py)"),
    DataSet("migrations", "bjstc_desktop/store/migrations", "bjstc_desktop/store/migrations",
            include=("*.py", "script.py.mako"),
            why="Alembic reads env.py and versions/*.py from the file system (store/migrate.py)"),
)

# The Qt plugin folders the GUI needs (under PySide6/Qt/plugins on Linux, PySide6/plugins
# on Windows). Everything else the hooks bring is dropped by the spec.
QT_PLUGIN_DIRS = (
    "platforms",            # xcb (X11, UOS/Kylin), offscreen (screenshots, tests), minimal; windows
    "platformthemes",       # native file dialogs where the desktop offers them
    "platforminputcontexts",  # Chinese input methods (fcitx/ibus through compose / ibus plugin)
    "xcbglintegrations",    # GLX/EGL for xcb
    "imageformats",         # PNG is built in; svg, ico, jpeg, and pdf (QtPdf) for previews
    "iconengines",          # SVG icons
    "printsupport",         # printing letters (cups on Linux, windowsprintersupport)
    "styles",               # the Windows 11 / Vista style on Windows
    "generic",              # touch and tablet input (evdev, tuio)
)
# Qt's own catalogues that gui/translations.py loads (qtbase_zh_CN.qm); the others go.
QT_TRANSLATIONS_KEEP = ("qtbase_zh_CN.qm", "qt_zh_CN.qm", "qt_en.qm", "qtbase_en.qm")

# Python packages the frozen program never imports: test, lint and build tools that the
# lock file pins for CI, and big optional pieces of libraries.
EXCLUDED_MODULES = (
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data",
    "pytest", "_pytest", "pytestqt", "xdist", "hypothesis", "pdfplumber", "pdfminer",
    "pypdfium2", "pypdf", "ruff", "importlinter", "grimp", "mypy", "mypyc", "PyInstaller",
    "setuptools", "pkg_resources", "wheel", "pip", "IPython", "numpy", "matplotlib",
    "rich", "pygments", "markdown_it",
)
# Qt modules never to freeze, even if a library imports them: big, and of no use to a
# widgets program (web engine, QML/Quick, 3D, multimedia, devices; QtCharts stays: dashboards). Anything our
# code imports is frozen by following the imports; tests/installer/test_layout.py fails
# when the program starts importing a module listed here.
EXCLUDED_QT_MODULES = (
    "QtWebEngine", "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel",
    "QtWebSockets", "QtWebView", "QtQml", "QtQuick", "QtQuick3D", "QtQuickWidgets",
    "QtQuickControls2", "QtQuickTest", "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic",
    "Qt3DAnimation", "Qt3DExtras", "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio",
    "QtDataVisualization", "QtGraphs", "QtGraphsWidgets", "QtBluetooth", "QtNfc",
    "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtSerialBus", "QtRemoteObjects",
    "QtScxml", "QtStateMachine", "QtTextToSpeech", "QtHttpServer", "QtNetworkAuth",
    "QtDesigner", "QtHelp", "QtAxContainer", "QtTest", "QtCanvasPainter",
)
# Qt modules shipped even if no code imports them (letter preview and printing, SVG icons).
EXTRA_QT_MODULES = ("QtPrintSupport", "QtPdf", "QtPdfWidgets", "QtSvg")


def project_version() -> str:
    """The version in pyproject.toml (the package, .deb and Windows installer use it)."""
    with (REPO / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def bundle_dir(dist: Path = DIST_DIR) -> Path:
    """The built one-folder application."""
    return dist / APP_NAME


def executable(name: str, bundle: Path | None = None, windows: bool = False) -> Path:
    """The path of one of the two programs in a built bundle."""
    return (bundle or bundle_dir()) / (name + (".exe" if windows else ""))
