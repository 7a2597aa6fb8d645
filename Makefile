# Thin wrapper: scripts/dev.py does the work (and also runs on Windows: `py scripts/dev.py run`).
PY ?= python3

.PHONY: reliability run test lint bench bench-search bench-imaging bench-certificates bench-scan bench-gui bench-filings screenshots

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

# Needs a large demo register: make bench-gui ARGS="--persons 1000000" (or --db FILE)
bench-gui:
	$(PY) scripts/dev.py bench benchmarks/gui_benchmark.py $(ARGS)

bench: bench-search bench-imaging bench-certificates bench-scan bench-filings

# Every screen and dialog in both languages, under Xvfb, into screenshots/
screenshots:
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) scripts/dev.py python scripts/screenshots.py

# The reliability suite in full (issue 11): the bad-input table over every CLI command with
# every hostile value, fuzzing at 1500 examples a target, 30 SIGKILLs per backend, a 10-minute
# camera soak. Prints tried / refused cleanly / failed at the end. (`make test` runs the short form.)
reliability:
	RELIABILITY_FULL=1 $(PY) scripts/dev.py test tests/reliability $(ARGS)
