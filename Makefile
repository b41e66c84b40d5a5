# bjstc-desktop: every target sets itself up from the hash-pinned lock file.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DIR ?= .demo
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test bench lint lock translations clean demo-reset

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is required" if sys.version_info < (3, 11) else 0)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m bjstc_desktop.tools.build_translations
	touch $(STAMP)

translations: $(STAMP)
	$(PY) -m bjstc_desktop.tools.build_translations

run: $(STAMP)
	$(PY) -m bjstc_desktop.tools.demo_run --data-dir $(DEMO_DIR)

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Re-pin every dependency with hashes (needs the registry; never run by CI).
lock:
	$(PYTHON) -m venv /tmp/bjstc-lock && /tmp/bjstc-lock/bin/pip install --quiet pip-tools
	/tmp/bjstc-lock/bin/pip-compile --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url -o requirements.lock requirements.in

demo-reset:
	rm -rf $(DEMO_DIR)

clean:
	rm -rf $(VENV) build *.egg-info
