# bjstc-desktop: every target sets itself up from the hash-pinned lock file.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DIR ?= .demo
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test gui-twice faults bench lint lock translations clean demo-reset installer installer-check wheelhouse
GUI_TESTS := tests/gui tests/sync/test_sync_centre.py tests/letters/test_gui_letters.py
# pytest workers: one per core the machine has, two at least (CI machines may have more).
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -gt 2 ] && echo $$n || echo 2)

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
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(JOBS) -q $(addprefix --ignore=,$(GUI_TESTS))
	$(MAKE) --no-print-directory gui-twice

# The GUI tests twice, on their own (`make test` runs them so, the rest of the suite
# once): a crash that shows once in fifty runs (a Qt object freed off the GUI thread,
# issue 13) must not hide in one run.
gui-twice: $(STAMP)
	for run in 1 2; do QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(JOBS) -q $(GUI_TESTS) || exit 1; done

# The fault suite at length (tests/faults and the hub's; `make test` runs few trials of
# each): 25 random kills per operation, a kill at every durable step of each command, every
# fill level of the small disks, 10 rounds of programs at once, 5 hub statements per fault.
FAULT_TRIALS ?= 25
faults: $(STAMP)
	BJSTC_FAULT_TRIALS=$(FAULT_TRIALS) BJSTC_FAULT_POINTS=all BJSTC_FAULT_DISK_LEVELS=all BJSTC_FAULT_ROUNDS=10 \
	BJSTC_FAULT_HUB_TRIALS=5 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 -q tests/faults tests/hub/test_hub_faults.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

# mypy checks what [tool.mypy] in pyproject.toml names (core, store, sync, letters, ops, sheets).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Re-pin every dependency with hashes (needs the registry; never run by CI).
lock:
	$(PYTHON) -m venv /tmp/bjstc-lock && /tmp/bjstc-lock/bin/pip install --quiet pip-tools
	/tmp/bjstc-lock/bin/pip-compile --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url -o requirements.lock requirements.in

# Offline installers (installer/README.md). `installer`: the frozen one-folder build for this
# platform in dist/bjstc-desktop (+ the .deb where dpkg-deb exists). `installer-check`: build,
# then tests/installer on it: the smoke test of the frozen programs (fresh HOME, no network,
# no system fonts), the .deb installed into a throw-away root, the Windows script's file sets.
# `wheelhouse`: every wheel of the lock for win_amd64 / manylinux x86_64 and aarch64,
# CPython 3.11 and 3.12, in dist/wheelhouse (downloads about 1 GB: never run by CI).
installer: $(STAMP)
	$(PY) installer/build.py $(if $(shell command -v dpkg-deb),--deb,)

installer-check: $(STAMP)
	$(PY) installer/build.py --reuse
	BJSTC_INSTALLER_TESTS=1 BJSTC_BUNDLE=dist/bjstc-desktop $(PY) -m pytest -q -s -n 0 tests/installer

wheelhouse: $(STAMP)
	$(PY) installer/wheelhouse/build_wheelhouse.py

demo-reset:
	rm -rf $(DEMO_DIR)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache
