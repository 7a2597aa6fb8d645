# Thin wrapper: scripts/dev.py does the work (and also runs on Windows: `py scripts/dev.py run`).
PY ?= python3

.PHONY: test-browser verifier bench-verifier reliability run test lint bench bench-search bench-imaging bench-certificates bench-scan bench-gui bench-filings screenshots fuzz package bench-package bench-sync

run:
	$(PY) scripts/dev.py run $(ARGS)

test:
	$(PY) scripts/dev.py test $(ARGS)

lint:
	$(PY) scripts/dev.py lint

bench-search:
	$(PY) scripts/dev.py bench benchmarks/search_benchmark.py $(ARGS)

bench-imaging:
	$(PY) scripts/dev.py bench benchmarks/imaging_benchmark.py $(ARGS)

bench-certificates:
	$(PY) scripts/dev.py bench benchmarks/certificate_benchmark.py $(ARGS)

bench-scan:
	$(PY) scripts/dev.py bench benchmarks/scan_benchmark.py $(ARGS)

bench-filings:
	$(PY) scripts/dev.py bench benchmarks/filing_benchmark.py $(ARGS)

bench-seals:
	$(PY) scripts/dev.py bench benchmarks/seal_benchmark.py $(ARGS)

# Issue 12: a sync bundle of 10,000 persons with photos, export and import against a file copy
# (ARGS="--persons 300" is the CI's short form; --central-db URL for a PostgreSQL centre)
bench-sync:
	$(PY) scripts/dev.py bench benchmarks/bench_sync.py $(ARGS)

# Needs a large demo register: make bench-gui ARGS="--persons 1000000" (or --db FILE)
bench-gui:
	$(PY) scripts/dev.py bench benchmarks/gui_benchmark.py $(ARGS)

bench: bench-search bench-imaging bench-certificates bench-scan bench-filings

# Issue 10: the long fuzz campaign of the verifier and the trust-file importer (CI runs 150
# examples a test as part of `make test`).
fuzz:
	REGISTRY_FUZZ_EXAMPLES=5000 $(PY) scripts/dev.py test tests/unit/test_fuzz_verifier.py -n 0 $(ARGS)

# Every screen and dialog in both languages, under Xvfb, into screenshots/
screenshots:
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) scripts/dev.py python scripts/screenshots.py

# Installers (issue 14): the frozen folder (build/dist/registry-office), the Debian package and
# the NSIS check (dist/). ARGS="--arch arm64" builds for another Debian architecture (on it).
package:
	$(PY) scripts/dev.py package $(ARGS)

# Folder and package sizes, cold and warm start to the sign-in window: frozen vs python -m app
bench-package:
	$(PY) scripts/dev.py bench benchmarks/package_benchmark.py $(ARGS)

# The reliability suite in full (issue 11): the bad-input table over every CLI command with
# every hostile value, fuzzing at 1500 examples a target, 30 SIGKILLs per backend, a 10-minute
# camera soak. Prints tried / refused cleanly / failed at the end. (`make test` runs the short form.)
reliability:
	RELIABILITY_FULL=1 $(PY) scripts/dev.py test tests/reliability $(ARGS)

# The phone verifier (issue 18): build the page (npm ci && npm run build in web/verifier), then
# every browser test in full: the corpus through links in both languages, a desktop window,
# 300 random mutations of a code compared with the Python verifier (CI runs the short form).
verifier:
	$(PY) scripts/dev.py verifier

bench-verifier: verifier
	$(PY) scripts/dev.py bench benchmarks/verifier_benchmark.py $(ARGS)

test-browser: verifier
	REGISTRY_BROWSER_FULL=1 $(PY) scripts/dev.py test tests/integration/test_phone_verifier.py tests/integration/test_publish_verifier_cli.py -n 0 $(ARGS)
