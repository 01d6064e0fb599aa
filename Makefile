# Two commands for a new user: `make run` (index, then open the app) and `make test`. Both bootstrap .venv from pyproject.toml.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check format eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefing index
	$(BIN)/briefing

test: $(STAMP)
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/ruff format --check briefing tests bench
	$(BIN)/ruff check briefing tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format briefing tests bench
	$(BIN)/ruff check --fix briefing tests bench

# Event grouping against people's "same story" ratings; reading (datelines, publication dates,
# text kept) against gold records, beside the figures before issue 11; and the languages report
# (Russian articles read, searched and grouped; same-story pairs across languages, beside the
# figures before issue 14); and reading web pages (article text, dates, headlines, cleaning)
# against hand-checked pages. Needs ../shared/data.
eval: $(STAMP)
	$(BIN)/python bench/eval_events.py --json bench/results/eval-events.json
	$(BIN)/python bench/eval_ingest.py --json bench/results/eval-ingest.json \
		--before bench/results/eval-ingest-before.json
	$(BIN)/python bench/eval_html.py --json bench/results/eval-html.json
	$(BIN)/python bench/eval_languages.py --json bench/results/eval-languages.json

# The speed benchmark of issue 5 on ~52,000 real articles (needs ../shared/data; ~25 min).
# Writes bench/results/latest.json and latest.md. BENCH_ARGS="--sizes 5000 --quick" for a taste.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
