"""Every command, every argument slot given ``/dev/zero``: each run as its own process, its
peak memory measured (``RUSAGE_CHILDREN`` of a wrapper whose only child is the command) and
held under 200 MB, so a slot that read the device through would fail here even before the
bad-input table's hang guard. The cases come from the bad-input table (the parser's commands).
Short form: every 24th case (rotating over the commands); full form: all of them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.reliability.bad_input import INTERNAL_WORDS, _prepare_register, cases
from tests.reliability.conftest import FULL

MEMORY_CAP_MB = 200
_MEASURE = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, capture_output=True, timeout=120)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.buffer.write(r.stderr + b'\\n' + r.stdout)\n"
    "print(r.returncode, peak // 1024)\n"
)


def test_dev_zero_in_every_slot_is_never_read_through(tmp_path: Path,
                                                      record_counts: Callable[[str], None]) -> None:
    db_url = _prepare_register(tmp_path)
    chosen = [(label, argv) for label, argv in cases(True) if label.endswith(" dev_zero")]
    if not FULL:
        chosen = chosen[::24]
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    env = {**os.environ, "REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1",
           "REGISTRY_DATA_DIR": str(tmp_path / "data"), "REGISTRY_CONFIG_DIR": str(tmp_path / "cfg"),
           "REGISTRY_KEY_PASSPHRASE": "", "REGISTRY_LANG": "zh", "PYTHONPATH": str(Path.cwd())}
    def one(argv: list[str]) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "app",
                               "--db", db_url, *argv], capture_output=True, cwd=work, env=env,
                              timeout=300)

    failures, peak_max, refused = [], 0, 0
    with ThreadPoolExecutor(max_workers=2) as pool:  # (processes: the threads only wait)
        runs = list(pool.map(one, [argv for _, argv in chosen]))
    for (label, _argv), r in zip(chosen, runs, strict=True):
        code, peak = (int(x) for x in r.stdout.split())
        text = r.stderr.decode("utf-8", "replace")
        peak_max = max(peak_max, peak)
        if peak >= MEMORY_CAP_MB or code not in (0, 1, 2, 3) or \
                any(word in text for word in INTERNAL_WORDS) or (code in (1, 2) and not text.strip()):
            failures.append(f"{label}: exit {code}, {peak} MB: {text.strip()[:200]}")
        else:
            refused += code in (1, 2)
    record_counts(f"/dev/zero in every slot: tried {len(chosen)}, refused cleanly {refused}, "
                  f"accepted {len(chosen) - refused - len(failures)}, failed {len(failures)} "
                  f"(peak of any one command {peak_max} MB, cap {MEMORY_CAP_MB} MB)")
    assert not failures, "\n".join(failures[:40])
    assert chosen and refused > len(chosen) * 0.8
