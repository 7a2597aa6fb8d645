# Thin wrapper: scripts/dev.py does the work (and also runs on Windows: `py scripts/dev.py run`).
PY ?= python3

.PHONY: run test lint bench bench-search bench-imaging

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

bench: bench-search bench-imaging
