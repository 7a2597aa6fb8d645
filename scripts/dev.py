#!/usr/bin/env python3
"""Bootstrap and run: `python3 scripts/dev.py run|test|lint|bench|package|verifier|python [args...]`.

Creates `.venv` from pyproject.toml on first use and re-installs only when pyproject.toml
changes (a hash stamp inside the venv). Works on Linux and Windows with nothing but Python 3.11+.
On Debian-based systems it also installs the few system packages the tests use (poppler-utils
for pdftoppm/pdffonts, libzbar0 for pyzbar, xvfb for screenshots) when it can do so without
asking for a password.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
DEBIAN_PACKAGES = {"pdftoppm": "poppler-utils", "Xvfb": "xvfb",
                   "openssl": "openssl",  # issue 13: a test checks the SM2 certificates with it
                   # printing through a real print queue (scripts/cups-test-server.sh)
                   "/usr/sbin/cupsd": "cups", "lpstat": "cups-client", "lpr": "cups-bsd",
                   "/usr/lib/cups/backend/cups-pdf": "printer-driver-cups-pdf",
                   # issue 18: the phone verifier's browser tests
                   "chromium": "chromium", "chromedriver": "chromium-driver"}
DEBIAN_LIBS = {"libzbar.so.0": "libzbar0"}
# `package` (issue 14): dpkg-shlibdeps (dpkg-dev), lintian, makensis (nsis), fakeroot.
PACKAGING_TOOLS = {"dpkg-shlibdeps": "dpkg-dev", "lintian": "lintian", "makensis": "nsis",
                   "fakeroot": "fakeroot", "chrpath": "chrpath"}
# Qt 6's xcb platform plugin needs these on a Linux desktop (Debian splits them finely).
QT_XCB_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-shape.so.0": "libxcb-shape0",
    "libEGL.so.1": "libegl1", "libfontconfig.so.1": "libfontconfig1",
}


def ensure_venv() -> None:
    stamp_value = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".pyproject-sha256"
    if stamp.exists() and stamp.read_text().strip() == stamp_value and PY.exists():
        return
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev]"])
    stamp.write_text(stamp_value)


def _have_lib(name: str) -> bool:
    return any(Path(d, name).exists() for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/lib/x86_64-linux-gnu"))


def ensure_system_packages(tools: dict[str, str], libs: dict[str, str]) -> None:
    if not sys.platform.startswith("linux") or not shutil.which("apt-get"):
        return
    missing = [pkg for tool, pkg in tools.items() if not shutil.which(tool)]
    missing += [pkg for lib, pkg in libs.items() if not _have_lib(lib)]
    if not missing:
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo") or subprocess.call(["sudo", "-n", "true"], stderr=subprocess.DEVNULL):
            print(f"Note: install {' '.join(missing)} for the full test suite "
                  f"(sudo apt-get install {' '.join(missing)})", file=sys.stderr)
            return
        prefix = ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.call([*prefix, "apt-get", "update", "-qq"], env=env)
    subprocess.check_call([*prefix, "apt-get", "install", "-y", "-qq", *missing], env=env)


# Type-checked with `mypy --strict`; the rest of app/ gets mypy's normal checks (pyproject.toml).
STRICT_TYPED = ("app/domain", "app/codes", "app/printing", "app/scanner", "app/imaging",
                "app/demo", "app/models", "app/store", "app/errors.py", "app/resources.py", "app/fonts.py")


def build_verifier() -> int:
    """The phone verifier page (issue 18): ``npm ci && npm run build`` in web/verifier, into
    web/verifier/dist (what ``keys publish-verifier`` copies). Skipped with a note without npm."""
    npm = shutil.which("npm")
    folder = ROOT / "web" / "verifier"
    if npm is None:
        print("Note: npm is not installed: the phone verifier page is not built "
              "(keys publish-verifier will say so)", file=sys.stderr)
        return 0
    stamp = folder / "node_modules" / ".verifier-build-sha256"  # not in dist: it is published
    digest = hashlib.sha256()
    for p in sorted([*folder.glob("src/*"), *folder.glob("static/*"), folder / "build.mjs",
                     folder / "package-lock.json", *(ROOT / "resources" / "rules").glob("*.toml")]):
        digest.update(p.name.encode() + p.read_bytes())
    if stamp.exists() and stamp.read_text().strip() == digest.hexdigest():
        return 0
    if not (folder / "node_modules").is_dir() or \
            (folder / "package-lock.json").stat().st_mtime > (folder / "node_modules").stat().st_mtime:
        code = subprocess.call([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder)
        if code:
            return code
    code = subprocess.call([npm, "run", "build"], cwd=folder)
    if code == 0:
        stamp.write_text(digest.hexdigest())
    return code


def lint() -> int:
    """ruff, the import contracts (docs/dev/architecture.md), mypy twice; every step runs and
    reports, and the result fails if any did."""
    paths = [p for p in ("app", "tests", "benchmarks", "scripts") if (ROOT / p).is_dir()]
    # lint-imports analyses the `app` it can import: this checkout's, not an installed one.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    steps = {
        "ruff": [str(BIN / "ruff"), "check", *paths],
        "lint-imports": [str(BIN / "lint-imports")],
        "mypy": [str(BIN / "mypy")],
        "mypy --strict": [str(BIN / "mypy"), "--strict", *STRICT_TYPED],
    }
    failed = [name for name, command in steps.items() if subprocess.call(command, env=env)]
    if failed:
        print(f"lint failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    ensure_venv()
    os.chdir(ROOT)
    if cmd in ("run", "test", "package", "verifier"):
        code = build_verifier()
        if code or cmd == "verifier":
            return code
    if cmd == "run":
        if not rest and os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            ensure_system_packages({}, QT_XCB_LIBS)
        return subprocess.call([str(PY), "-m", "app", *rest])
    if cmd == "test":
        ensure_system_packages(DEBIAN_PACKAGES, DEBIAN_LIBS)
        # Spread over the machine's cores (pytest-xdist) unless the caller chose otherwise.
        parallel = [] if any(a.startswith("-n") for a in rest) else ["-n", "auto"]
        return subprocess.call([str(PY), "-m", "pytest", *parallel, "--durations=15", *rest])
    if cmd == "lint":
        return lint()
    if cmd == "bench":
        script = rest[0] if rest else "benchmarks/search_benchmark.py"
        return subprocess.call([str(PY), script, *rest[1:]])
    if cmd == "package":
        ensure_system_packages(PACKAGING_TOOLS, {})
        return subprocess.call([str(PY), "scripts/package.py", "all", *rest])
    if cmd == "python":
        return subprocess.call([str(PY), *rest])
    print(f"unknown command {cmd!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
