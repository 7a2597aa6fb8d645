"""Run the CLI in a subprocess and learn which modules it loaded (issue 16's start-up tests)."""

from __future__ import annotations

import json
import sys

# Runs the CLI in the child interpreter, then prints the modules it loaded to stderr.
PROBE = """
import json, runpy, sys
sys.argv = ["registry-office", *json.loads(sys.argv[1])]
code = 0
try:
    runpy.run_module("app", run_name="__main__")
except SystemExit as exc:
    code = exc.code
print("MODULES=" + json.dumps(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def probe_command(args: list[str]) -> list[str]:
    """The command line that runs ``registry-office *args`` under the probe."""
    return [sys.executable, "-c", PROBE, json.dumps(args)]


def loaded_modules(stderr: str) -> list[str]:
    """The modules the probed run had loaded, from its standard error."""
    modules: list[str] = json.loads(stderr.split("MODULES=")[-1])
    return modules
