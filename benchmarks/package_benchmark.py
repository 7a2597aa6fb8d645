"""What an office installs and how fast it starts: the frozen program against ``python -m app``.

    make package && .venv/bin/python benchmarks/package_benchmark.py [--runs 5]

Measured in the same run, on the same register (a fresh one with an administrator, made by the
program's own ``init``):

* sizes: the frozen folder (build/dist/registry-office), the .deb in dist/ (and the NSIS
  installer when there is one);
* start to the sign-in window, cold and warm, for the frozen program and for ``python -m app``
  from the checkout's virtual environment. The program is started with
  ``REGISTRY_STARTUP_PROBE=1`` (app/ui/shell/application.py), prints a line when the sign-in
  dialog is on screen and quits; the time is from starting the process to reading that line.
  Under one Xvfb server (started once, not timed) with the xcb platform when Xvfb exists
  (what a desktop loads), else on the offscreen platform. *Cold*: the files each program reads (the frozen folder; the checkout,
  the virtual environment and the Python installation) are first evicted from the page cache
  with ``posix_fadvise(DONTNEED)`` — only those files, so other work on the machine keeps its
  cache. *Warm*: the median of ``--runs`` starts right after.

Ratios frozen / python are printed; nothing is asserted (numbers, not a test).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "build" / "dist" / "registry-office" / "registry-office"
PASSWORD = "benchmark-password-1"


def du(path: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            p = Path(folder, name)
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def evict(paths: list[Path]) -> int:
    """Drop these files' pages from the page cache (no root needed, nothing else touched)."""
    count = 0
    for root in paths:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                try:
                    fd = os.open(Path(folder, name), os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                    count += 1
                finally:
                    os.close(fd)
    return count


def start_once(command: list[str], env: dict[str, str], timeout: float = 120.0) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=tempfile.gettempdir())
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if "sign-in window shown" in line:
                elapsed = time.perf_counter() - started
                proc.wait(timeout=timeout)
                return elapsed
    finally:
        if proc.poll() is None:
            proc.kill()
    raise RuntimeError(f"{command[0]}: the sign-in window never came (exit {proc.returncode})")


def start_xvfb() -> tuple[subprocess.Popen[bytes], str] | None:
    if not shutil.which("Xvfb"):
        return None
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    return server, f":{number}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm starts per program")
    parser.add_argument("--frozen", type=Path, default=FROZEN)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    if not args.frozen.exists():
        print(f"no frozen program at {args.frozen}: run `make package` first", file=sys.stderr)
        return 2
    folder = args.frozen.parent
    debs = sorted((ROOT / "dist").glob("registry-office_*.deb"))
    setups = sorted((ROOT / "dist").glob("registry-office-*-setup.exe"))
    sizes = {"frozen folder": du(folder)}
    if debs:
        sizes["deb"] = debs[-1].stat().st_size
    if setups:
        sizes["nsis (Linux folder)"] = setups[-1].stat().st_size

    work = Path(tempfile.mkdtemp(prefix="registry-package-bench-"))
    env = dict(os.environ, REGISTRY_DATA_DIR=str(work / "data"), REGISTRY_CONFIG_DIR=str(work / "config"),
               REGISTRY_STARTUP_PROBE="1", REGISTRY_LANG="zh")
    env.pop("REGISTRY_DB_URL", None)
    subprocess.run([sys.executable, "-m", "app", "init", "--admin-password", PASSWORD],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    xvfb = start_xvfb()  # one X server for every start: its own start-up is not measured
    prefix: list[str] = []
    if xvfb is not None:
        env["DISPLAY"] = xvfb[1]
    env["QT_QPA_PLATFORM"] = "xcb" if xvfb else "offscreen"
    python_files = [ROOT / "app", ROOT / "resources", Path(sys.prefix),
                    Path(sysconfig.get_paths()["stdlib"]), Path(sys.base_prefix) / "lib"]
    programs = {
        "frozen": ([*prefix, str(args.frozen)], [folder]),
        "python -m app": ([*prefix, sys.executable, "-m", "app"], python_files),
    }
    env["PYTHONPATH"] = str(ROOT)
    results: dict[str, dict[str, float]] = {}
    try:
        for name, (command, files) in programs.items():
            evict(files)
            cold = start_once(command, env)
            warm = [start_once(command, env) for _ in range(args.runs)]
            results[name] = {"cold": cold, "warm": statistics.median(warm), "warm_min": min(warm)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if xvfb is not None:
            xvfb[0].terminate()

    print(f"platform: {env['QT_QPA_PLATFORM']}{' under Xvfb' if xvfb else ''}, "
          f"{args.runs} warm runs, {os.cpu_count()} cores")
    for label, size in sizes.items():
        print(f"  {label:<22} {size / 1024 / 1024:8.1f} MB")
    print(f"  {'start to sign-in':<22} {'cold':>8} {'warm':>8}")
    for name, r in results.items():
        print(f"  {name:<22} {r['cold']:7.2f}s {r['warm']:7.2f}s")
    f, p = results["frozen"], results["python -m app"]
    print(f"  ratio frozen/python     {f['cold'] / p['cold']:7.2f}x {f['warm'] / p['warm']:7.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"sizes": sizes, "start": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
