# Parapet: `make demo` shows it working, `make test` runs every test.
# Both install what they need (liblua5.4-dev, pkg-config) with apt-get when it is missing.

SWIFT ?= swift
BIN := .build/debug/parapet
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: all deps build demo test c-tests pack-tests docs-check docs bench fuzz fuzz-smoke clean hsts-preload

all: build

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists lua5.4 2>/dev/null; then \
	  echo "==> installing liblua5.4-dev and pkg-config"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends liblua5.4-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

demo: build
	@echo "==> parapet scan Examples/acme-shop --env-file Examples/acme-shop/prod.env"
	@$(BIN) scan Examples/acme-shop --env-file Examples/acme-shop/prod.env --fail-on critical; \
	  code=$$?; echo "(parapet exited with $$code; see docs/exit-codes in README)"; [ $$code -le 1 ]

test: deps
	$(SWIFT) build
	$(SWIFT) test --parallel
	$(MAKE) --no-print-directory c-tests pack-tests

# The step-limited Lua pattern matcher against stock Lua, on hand-written and random cases.
c-tests: deps
	@mkdir -p .build
	cc -std=c11 -Wall -Wextra -O2 -ISources/CLuaSandbox/include Sources/CLuaSandbox/patterns.c \
	  Tests/CHarness/patterns_diff.c $$(pkg-config --cflags --libs lua5.4) -o .build/patterns_diff
	.build/patterns_diff

pack-tests:
	@echo "==> parapet test (shipped packs and examples)"
	$(BIN) test
	$(BIN) test Examples/packs/acme

clean:
	rm -rf .build
