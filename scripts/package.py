#!/usr/bin/env python3
"""Build what an office installs: the frozen folder, the Debian package, the Windows installer.

    python scripts/package.py frozen             # PyInstaller one-folder -> build/dist/registry-office/
    python scripts/package.py deb [--arch amd64] # -> dist/registry-office_<version>_<arch>.deb (+ lintian)
    python scripts/package.py nsis               # makensis -> dist/registry-office-<version>-setup.exe
    python scripts/package.py all [--arch ...]   # the three, in order (`make package`)

The version comes from pyproject.toml (app/version.py). Each step prints how long it took and
the sizes, and all of it is written to build/package-report.json (the CI log and the README's
numbers come from there). The Debian package is described in installer/README.md; the NSIS
script is installer/windows/registry-office.nsi (on Linux it is compiled against the Linux
folder only as a syntax and packaging check: the Windows build itself is made on Windows).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.version import program_version  # noqa: E402  (reads pyproject.toml; no app imports)

BUILD = ROOT / "build"
FROZEN = BUILD / "dist" / "registry-office"
DIST = ROOT / "dist"
INSTALLER = ROOT / "installer"
REPORT = BUILD / "package-report.json"
NAME = "registry-office"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Qt plugins the program needs on every desktop: their libraries are hard Depends. The other
# plugins (Wayland, GTK theme, EGLFS, network information) work when their libraries are there
# and are skipped by Qt otherwise: their libraries become Suggests.
REQUIRED_PLUGINS = ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqminimal.so",
                    "xcbglintegrations/", "imageformats/", "printsupport/", "iconengines/",
                    "platforminputcontexts/", "platformthemes/libqxdgdesktopportal.so")

# Qt libraries only those optional plugins use.
OPTIONAL_QT_LIBS = ("libQt6WaylandClient", "libQt6WlShellIntegration", "libQt6EglFS",
                    "libQt6EglFs")


def _du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _report(step: str, **values: object) -> None:
    data = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    data[step] = values
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"== {step}: " + ", ".join(f"{k} {v}" for k, v in values.items()), flush=True)


def _build_verifier() -> int:
    """The phone verifier page (issue 18) from web/verifier: the frozen build ships it."""
    folder = ROOT / "web" / "verifier"
    npm = shutil.which("npm")
    if npm is None:
        print("npm is needed to build the phone verifier page (web/verifier)", file=sys.stderr)
        return 1
    for step in ([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], [npm, "run", "build"]):
        code = subprocess.call(step, cwd=folder)
        if code:
            return code
    return 0


def frozen(_args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if (ROOT / "web" / "verifier" / "dist" / "index.html").is_file():
        pass  # built by scripts/dev.py or .ci/run from the same sources
    elif code := _build_verifier():
        return code
    shutil.rmtree(FROZEN, ignore_errors=True)
    code = subprocess.call([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                            "--log-level", "WARN", "--distpath", str(BUILD / "dist"),
                            "--workpath", str(BUILD / "pyinstaller"),
                            str(INSTALLER / "registry-office.spec")], cwd=ROOT)
    if code:
        return code
    size = _du(FROZEN)
    _report("frozen", seconds=round(time.perf_counter() - started, 1), bytes=size,
            size=_mb(size), folder=str(FROZEN.relative_to(ROOT)))
    return 0


# --- Debian package ---------------------------------------------------------------------------

def _elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def _shlibdeps(opt: Path, work: Path) -> dict[str, str]:
    """Depends and Suggests from the ELF files' needs, by dpkg-shlibdeps: the system libraries
    the bundle does not carry (Qt's X11/xcb stack, fontconfig, GLib, OpenGL, CUPS, ...), each
    with the lowest version its symbols need (so the package installs on older Debian-based
    systems too, as far as the binaries allow)."""
    internal = opt / "_internal"
    # The wheels' own libraries (renamed with a hash, under *.libs/) follow the manylinux policy:
    # they need only what the Qt stack below needs as well, so they are not scanned (the scan
    # costs a second or more per file).
    elves = [p for p in opt.rglob("*") if p.is_file() and not p.is_symlink() and _elf(p)
             and not any(part.endswith(".libs") for part in p.relative_to(opt).parts)]
    plugins = internal / "PySide6" / "Qt" / "plugins"
    required, optional = [], []
    for p in elves:
        rel = p.relative_to(plugins).as_posix() if p.is_relative_to(plugins) else None
        if rel is None and any(q in p.name for q in OPTIONAL_QT_LIBS):
            optional.append(p)
        elif rel is None or any(rel.startswith(r) for r in REQUIRED_PLUGINS):
            required.append(p)
        else:
            optional.append(p)
    private = sorted({str(p.parent) for p in elves})
    (work / "debian").mkdir(parents=True, exist_ok=True)
    (work / "debian" / "control").write_text(f"Source: {NAME}\n\nPackage: {NAME}\nArchitecture: any\n")
    base = ["dpkg-shlibdeps", "-O", "--ignore-missing-info", "--warnings=0",
            *[f"-l{d}" for d in private]]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*base, *args], cwd=work, capture_output=True, text=True, check=False)

    done = run("-dDepends", *map(str, required))
    if done.returncode:
        raise SystemExit(f"dpkg-shlibdeps failed: {done.stderr.strip()[-2000:]}")
    fields = _fields(done.stdout)
    # An optional part whose libraries this build machine lacks (GTK, Wayland) names none:
    # dropped from the scan, a few at a time, as dpkg-shlibdeps names them.
    suggested: set[str] = set()
    for _round in range(5):
        found = run("-dSuggests", *map(str, optional))
        if found.returncode == 0:
            suggested.update(x.strip() for x in _fields(found.stdout).get("Suggests", "").split(","))
            break
        missing = set(re.findall(r"needed by (\S+)", found.stderr))
        if not missing:
            raise SystemExit(f"dpkg-shlibdeps failed: {found.stderr.strip()[-2000:]}")
        optional = [p for p in optional if str(p) not in missing]
    # dpkg-shlibdeps also names the packages of libraries the folder carries itself (libssl,
    # libffi, libsqlite3, ...): those are not needed from the system, and on an older
    # distribution (UOS/Kylin on Debian 10) they may not exist under that name at all.
    carried = _packages_of(sorted({p.name for p in elves if p.parent in (internal, internal / "PySide6" / "Qt" / "lib")}))
    fields["Depends"] = ", ".join(d for d in fields.get("Depends", "").split(", ")
                                  if d and d.split(" ")[0] not in carried)
    depended = {d.split(" ")[0] for d in fields.get("Depends", "").split(", ")}
    fields["Suggests"] = ", ".join(sorted(s for s in suggested if s and s.split(" ")[0] not in depended))
    return fields


def _packages_of(sonames: list[str]) -> set[str]:
    """The Debian packages that ship these library names on the build machine (dpkg -S)."""
    if not sonames:
        return set()
    out = subprocess.run(["dpkg", "-S", *[f"*/{n}" for n in sonames]], capture_output=True,
                         text=True, check=False).stdout
    return {line.split(":", 1)[0].strip() for line in out.splitlines() if ":" in line}


def _fields(out: str) -> dict[str, str]:
    fields = {}
    for line in out.splitlines():
        key, _, value = line.partition("=")
        if ":" in key:
            fields[key.split(":", 1)[1]] = value.strip()
    return fields


def _desktop_and_mime(root: Path) -> None:
    apps = root / "usr/share/applications"
    apps.mkdir(parents=True)
    shutil.copy(INSTALLER / "registry-office.desktop", apps / "registry-office.desktop")
    mime = root / "usr/share/mime/packages"
    mime.mkdir(parents=True)
    shutil.copy(INSTALLER / "linux" / "registry-office-mime.xml", mime / "registry-office.xml")
    for size in ICON_SIZES:
        target = root / f"usr/share/icons/hicolor/{size}x{size}/apps"
        target.mkdir(parents=True)
        shutil.copy(INSTALLER / "icons" / f"registry-office-{size}.png", target / "registry-office.png")


def _docs(root: Path, version: str) -> None:
    doc = root / f"usr/share/doc/{NAME}"
    doc.mkdir(parents=True)
    shutil.copy(INSTALLER / "linux" / "copyright", doc / "copyright")
    stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(_source_epoch()))
    changelog = (f"{NAME} ({version}) unstable; urgency=medium\n\n"
                 f"  * Release {version}: see the project's README.\n\n"
                 f" -- Registry Office developers <packaging@registry-office.invalid>  {stamp}\n")
    with gzip.GzipFile(doc / "changelog.gz", "wb", mtime=_source_epoch(), compresslevel=9) as fh:
        fh.write(changelog.encode())
    man = root / "usr/share/man/man1"
    man.mkdir(parents=True)
    with gzip.GzipFile(man / f"{NAME}.1.gz", "wb", mtime=_source_epoch(), compresslevel=9) as fh:
        fh.write((INSTALLER / "linux" / f"{NAME}.1").read_bytes())
    overrides = root / "usr/share/lintian/overrides"
    overrides.mkdir(parents=True)
    shutil.copy(INSTALLER / "linux" / "lintian-overrides", overrides / NAME)


def _source_epoch() -> int:
    """SOURCE_DATE_EPOCH, else the last commit's time: the same tree gives the same dates."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                         text=True, check=False).stdout.strip()
    return int(out) if out.isdigit() else int(time.time())


def _normalise_modes(root: Path) -> None:
    """Debian policy: directories and programs 0755, everything else (shared libraries too) 0644."""
    for p in root.rglob("*"):
        if p.is_symlink():
            continue
        if p.is_dir() or (p.name == NAME and p.parent.name == NAME) or (p.parent.name == "DEBIAN" and p.name in (
                "postinst", "prerm", "postrm")):
            p.chmod(0o755)
        else:
            p.chmod(0o644)


def _clear_build_rpaths(opt: Path) -> None:
    """Python's build leaves its own prefix (e.g. /root/.pyenv/...) as RUNPATH in libpython and
    the extension modules: meaningless on an office's machine, and a path no package should
    search. Removed with chrpath; the $ORIGIN paths of Qt and the wheels stay."""
    if not shutil.which("chrpath"):
        print("chrpath not installed: build-machine RUNPATHs stay (lintian will say so)",
              file=sys.stderr)
        return
    for p in (opt / "_internal").rglob("*.so*"):
        if p.is_symlink() or not p.is_file() or not _elf(p):
            continue
        shown = subprocess.run(["chrpath", "-l", str(p)], capture_output=True, text=True,
                               check=False).stdout
        paths = shown.partition("PATH=")[2].strip()
        if paths and not all(x.startswith("$ORIGIN") for x in paths.split(":")):
            subprocess.run(["chrpath", "-d", str(p)], capture_output=True, check=True)


def _md5sums(stage: Path) -> None:
    lines = []
    for p in sorted(stage.rglob("*")):
        if p.is_file() and not p.is_symlink() and "DEBIAN" not in p.relative_to(stage).parts:
            digest = hashlib.md5(p.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {p.relative_to(stage).as_posix()}\n")
    (stage / "DEBIAN" / "md5sums").write_text("".join(lines))


def deb(args: argparse.Namespace) -> int:
    if not (FROZEN / NAME).exists():
        print(f"no frozen build in {FROZEN}: run `scripts/package.py frozen` first", file=sys.stderr)
        return 2
    started = time.perf_counter()
    version, arch = program_version(), args.arch
    stage = BUILD / "deb" / f"{NAME}_{version}_{arch}"
    shutil.rmtree(stage, ignore_errors=True)
    opt = stage / "opt" / NAME
    shutil.copytree(FROZEN, opt, symlinks=True)
    (stage / "usr/bin").mkdir(parents=True)
    (stage / "usr/bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    _desktop_and_mime(stage)
    _docs(stage, version)
    deps = _shlibdeps(opt, BUILD / "deb" / "shlibdeps")
    _clear_build_rpaths(opt)
    debian = stage / "DEBIAN"
    debian.mkdir()
    # No maintainer scripts: the menu, icon and MIME caches are refreshed by the triggers of
    # desktop-file-utils, hicolor-icon-theme and shared-mime-info, and removing the package
    # never touches a register (installer/README.md).
    template = (INSTALLER / "linux" / "control.in").read_text("utf-8")
    control = template.format(name=NAME, version=version, arch=arch,
                              installed_size=_du(stage) // 1024 + 1,
                              depends=deps.get("Depends", ""),
                              suggests=deps.get("Suggests", "") or "libzbar0")
    (debian / "control").write_text(control, "utf-8")
    _normalise_modes(stage)
    _md5sums(stage)
    DIST.mkdir(exist_ok=True)
    out = DIST / f"{NAME}_{version}_{arch}.deb"
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(_source_epoch()))
    packed = time.perf_counter()
    subprocess.check_call(["dpkg-deb", "--root-owner-group", f"-Z{args.compress}", "-z6" if args.compress != "zstd" else "-z9",
                           "--build", str(stage), str(out)], env=env, stdout=subprocess.DEVNULL)
    pack_seconds = time.perf_counter() - packed
    lint = _lintian(out) if not args.no_lintian else "skipped"
    _report("deb", seconds=round(time.perf_counter() - started, 1),
            compress_seconds=round(pack_seconds, 1), bytes=out.stat().st_size,
            size=_mb(out.stat().st_size), installed=_mb(_du(stage)), file=str(out.relative_to(ROOT)),
            lintian=lint)
    return 0 if lint in ("clean", "skipped") else 1


def _lintian(deb_file: Path) -> str:
    if not shutil.which("lintian"):
        print("lintian not installed: the package is not checked", file=sys.stderr)
        return "not installed"
    started = time.perf_counter()
    run = subprocess.run(["lintian", "--fail-on", "error,warning", "--info", "--display-info",
                          "--suppress-tags", "bad-distribution-in-changes-file", str(deb_file)],
                         capture_output=True, text=True, check=False)
    print(run.stdout + run.stderr, end="")
    print(f"lintian: {time.perf_counter() - started:.1f} s")
    return "clean" if run.returncode == 0 else "findings"


# --- NSIS -------------------------------------------------------------------------------------

def nsis(args: argparse.Namespace) -> int:
    if not shutil.which("makensis"):
        print("makensis not installed (Debian: apt-get install nsis)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    DIST.mkdir(exist_ok=True)
    out = DIST / f"{NAME}-{program_version()}-setup.exe"
    source = Path(args.source or FROZEN)
    check_only = args.source is None  # the Linux folder: a syntax and packaging check
    code = subprocess.call(["makensis", "-V2", "-INPUTCHARSET", "UTF8",
                            *(["-DNO_COMPRESS"] if check_only else []),
                            f"-DVERSION={program_version()}", f"-DSOURCE_DIR={source}",
                            f"-DOUTFILE={out}", f"-DICON={INSTALLER / 'icons' / 'registry-office.ico'}",
                            str(INSTALLER / "windows" / "registry-office.nsi")])
    if code:
        return code
    size = out.stat().st_size
    if check_only:
        out.unlink()  # an installer of Linux files is of no use to anyone: only the check counts
    _report("nsis", seconds=round(time.perf_counter() - started, 1), bytes=size, size=_mb(size),
            file=str(out.relative_to(ROOT)) if not check_only else "(removed: a check only)",
            note="compiled against the Linux folder uncompressed: a syntax and packaging check"
                 if check_only else "Windows installer")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["frozen", "deb", "nsis", "all"])
    parser.add_argument("--arch", default="amd64", help="Debian architecture (amd64, arm64, loong64)")
    # gzip: every dpkg reads it (older UOS/Kylin dpkg cannot read zstd) and it packs the 500 MB
    # folder in about a minute on 2 busy cores; xz -6 saves about a quarter of the size but
    # took over 12 minutes here, too long for CI (a release build may choose it).
    parser.add_argument("--compress", default="gzip", choices=["xz", "gzip", "zstd"],
                        help="dpkg-deb compression (default gzip; xz is smaller and much slower)")
    parser.add_argument("--no-lintian", action="store_true")
    parser.add_argument("--source", help="NSIS: the frozen folder to pack (default: the Linux one)")
    args = parser.parse_args(argv)
    steps = {"frozen": [frozen], "deb": [deb], "nsis": [nsis], "all": [frozen, deb, nsis]}[args.step]
    for step in steps:
        code = step(args)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
