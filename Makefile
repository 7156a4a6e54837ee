# Parapet: `make demo` shows it working, `make test` runs every test.
# Both install what they need (liblua5.4-dev, pkg-config; for tests also chromium, cmark-gfm and
# python3-jsonschema) with apt-get when it is missing.

SWIFT ?= swift
BIN := .build/debug/parapet
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL = $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

.PHONY: all deps test-deps build demo test c-tests pack-tests docs docs-check lint fuzz fuzz-smoke clean bench bench-quick bench-linearity \
        hsts-preload public-suffix observatory-fixtures refresh-django-security

all: build

# Lua 5.4 (headers and library), zlib and pkg-config: needed to build.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists lua5.4 2>/dev/null \
	    || ! pkg-config --exists zlib 2>/dev/null; then \
	  echo "==> installing liblua5.4-dev, zlib1g-dev and pkg-config"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) liblua5.4-dev zlib1g-dev pkg-config; \
	fi

# What the report tests render and validate with: headless Chromium (HTML), cmark-gfm
# (Markdown) and python3's jsonschema (SARIF against the official schema); luacheck for the Lua;
# wget writes the web archives the WARC reader is tested on.
test-deps: deps
	@missing=""; \
	  command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  command -v cmark-gfm >/dev/null 2>&1 || missing="$$missing cmark-gfm"; \
	  python3 -c 'import jsonschema' >/dev/null 2>&1 || missing="$$missing python3-jsonschema"; \
	  command -v luacheck >/dev/null 2>&1 || missing="$$missing lua-check"; \
	  command -v wget >/dev/null 2>&1 || missing="$$missing wget"; \
	  if [ -n "$$missing" ]; then \
	    echo "==> installing$$missing"; \
	    $(SUDO) apt-get update -qq && $(APT_INSTALL) $$missing; \
	  fi

build: deps
	$(SWIFT) build

demo: build
	@echo "==> parapet scan Examples/acme-shop --env-file Examples/acme-shop/prod.env"
	@$(BIN) scan Examples/acme-shop --env-file Examples/acme-shop/prod.env; \
	  code=$$?; echo "(parapet exited with $$code: 1 means failing findings at or above --fail-on, as planted in the example)"; \
	  [ $$code -le 1 ]

test: test-deps
	$(SWIFT) build
	$(SWIFT) test
	$(MAKE) --no-print-directory c-tests pack-tests docs-check lint

# The step-limited Lua pattern matcher and the budgeted table functions, string.rep and xpcall
# against stock Lua (hand-written and random cases), then the old escapes under a budget and a deadline.
c-tests: deps
	@mkdir -p .build
	cc -std=c11 -Wall -Wextra -O2 -ISources/CLuaSandbox Sources/CLuaSandbox/patterns.c \
	  Tests/CHarness/patterns_diff.c $$(pkg-config --cflags --libs lua5.4) -o .build/patterns_diff
	.build/patterns_diff
	cc -std=c11 -Wall -Wextra -O2 -ISources/CLuaSandbox Sources/CLuaSandbox/luasb.c Sources/CLuaSandbox/libwrap.c \
	  Sources/CLuaSandbox/watchdog.c Sources/CLuaSandbox/bridge.c Sources/CLuaSandbox/patterns.c \
	  Tests/CHarness/libwrap_diff.c $$(pkg-config --cflags --libs lua5.4) -lpthread -lm -o .build/libwrap_diff
	.build/libwrap_diff

# Every shipped pack's examples, test cases and golden bundles, and the example pack's.
pack-tests:
	@echo "==> parapet test (shipped packs and examples)"
	$(BIN) test
	$(BIN) test Examples/packs/acme
	$(BIN) test Examples/packs/org-rules

# Every pack, plugin and example pack's Lua (settings in .luacheckrc).
lint:
	luacheck -q Policies Plugins Examples/packs bench/packs

# Coverage-guided fuzzing of every reader and the Lua bridge (libFuzzer + AddressSanitizer,
# built from Fuzz/). `make fuzz` runs each target for a minute; CI (.ci/run) runs the smoke pass.
fuzz: deps
	scripts/fuzz.sh 60

fuzz-smoke: deps
	scripts/fuzz.sh --runs 100

# The shipped packs' docs are generated from the rules; CI fails when they are stale.
docs: build
	$(BIN) docs -o docs/packs

docs-check:
	$(BIN) docs -o docs/packs --check

# Data refreshes (need network access to PyPI).
hsts-preload:
	python3 scripts/refresh-hsts-preload.py

public-suffix:
	python3 scripts/refresh-public-suffix.py

observatory-fixtures:
	python3 scripts/conformance-to-har.py

refresh-django-security:
	python3 scripts/refresh-django-security.py ../shared/data/django-security-index.json

# `make bench`: release build, reference tools in bench/.venv, every comparison in one run.
BENCH_VENV := bench/.venv

bench: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-release
	@if [ ! -x $(BENCH_VENV)/bin/python ]; then python3 -m venv $(BENCH_VENV); fi
	@$(BENCH_VENV)/bin/pip install -q --disable-pip-version-check --no-deps httpobs==0.9.3
	@$(BENCH_VENV)/bin/pip install -q --disable-pip-version-check -r bench/requirements.txt
	python3 bench/run.py $(BENCH_ARGS)
	$(MAKE) --no-print-directory bench-linearity

# Reading cost per reader grows linearly with size and nesting: callgrind instruction counts
# (repeatable whatever the load), 4x the input must cost at most 6x the instructions.
bench-linearity:
	@command -v valgrind >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(APT_INSTALL) valgrind; }
	@[ -x .build-release/release/parapet ] || $(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-release
	python3 bench/linearity.py $(LINEARITY_ARGS)

# A smaller smoke run of the same harness: make bench-quick
bench-quick:
	$(MAKE) --no-print-directory bench BENCH_ARGS="--quick --runs 1"

clean:
	rm -rf .build
