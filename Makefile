# kubectl-odh — build, test, demo, install.
#   make          release build of .build/release/kubectl-odh
#   make test     install missing system packages, build, run every test
#   make demo     the whole lifecycle against the bundled test API server
#   make install PREFIX=/usr/local
#   make dist     release tarball, its sha256 and the krew manifest in dist/
#   make docs     regenerate docs/man/*.1 and docs/reference/cli-reference.md

PREFIX    ?= /usr/local
SWIFT     ?= swift
PYTHON    ?= python3
DEBUG_BIN := .build/debug/kubectl-odh
RELEASE_BIN := .build/release/kubectl-odh
DEB_PACKAGES := libcurl4-openssl-dev libyaml-dev pkg-config openssl curl jq time \
                binutils tmux zsh fish bash-completion groff-base man-db

# Stamped into the binary after linking (scripts/stamp-version.py): a new commit costs no
# rebuild, and a plain `swift build` says "dev". Line 1 version, line 2 commit.
VERSION_INFO := $(shell sh scripts/version.sh 2>/dev/null)
VERSION := $(or $(word 1,$(VERSION_INFO)),dev)
COMMIT  := $(or $(word 2,$(VERSION_INFO)),unknown)

.PHONY: all build debug deps test unit-test integration-test demo install install-files uninstall bench clean \
        docs dist version

all: build

# The Swift runtime is linked in: the installed plugin needs no Swift toolchain, and start-up
# skips ~5M instructions of dynamic symbol lookups (part of every command's latency). No
# $ORIGIN run path either: nothing is loaded from beside the binary.
# scripts/release-link-flags.sh adds what this machine supports of: libstdc++ linked in, hot functions
# together (scripts/link-order.txt), no exported symbols, packed relocations (docs/performance.md).
build: deps
	$(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath --product kubectl-odh \
		$$(bash scripts/release-link-flags.sh)
	$(PYTHON) scripts/stamp-version.py $(RELEASE_BIN) $(VERSION) $(COMMIT)

version:
	@echo $(VERSION) $(COMMIT)

debug: deps
	$(SWIFT) build --product kubectl-odh

# Installs only what is missing, with one `apt-get update` first (a fresh CI machine).
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v $(PYTHON) >/dev/null 2>&1 || missing="$$missing python3"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@$(PYTHON) -c 'import pytest, yaml' 2>/dev/null || $(PYTHON) -m pip install -q pytest pyyaml

# The two pytest suites run apart: each has its own conftest and may reuse test file names.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(PYTHON) -m pytest -q -p no:cacheprovider Tests/APIServer
	ODH_BIN=$(CURDIR)/$(DEBUG_BIN) $(PYTHON) -m pytest -q -p no:cacheprovider Tests/Integration

unit-test: deps
	$(SWIFT) test

integration-test: debug
	$(PYTHON) -m pytest -q -p no:cacheprovider Tests/APIServer
	ODH_BIN=$(CURDIR)/$(DEBUG_BIN) $(PYTHON) -m pytest -q -p no:cacheprovider Tests/Integration

demo: build
	ODH_BIN=$(CURDIR)/$(RELEASE_BIN) bash scripts/demo.sh

# Side by side with /usr/bin/kubectl against the same test API server; writes bench/results.md.
bench: build
	$(PYTHON) bench/bench.py --odh $(CURDIR)/$(RELEASE_BIN)

install: build
	$(MAKE) install-files BIN=$(RELEASE_BIN)

# The copy step alone (BIN= the binary to install); the tests use it with the debug build.
BIN ?= $(RELEASE_BIN)
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/kubectl-odh
	ln -sf kubectl-odh $(DESTDIR)$(PREFIX)/bin/kubectl-odh-mpijob
	install -m 0755 completions/kubectl_complete-odh $(DESTDIR)$(PREFIX)/bin/kubectl_complete-odh
	install -m 0755 completions/kubectl_complete-odh-mpijob $(DESTDIR)$(PREFIX)/bin/kubectl_complete-odh-mpijob
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0644 docs/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kubectl-odh $(DESTDIR)$(PREFIX)/bin/kubectl-odh-mpijob \
	      $(DESTDIR)$(PREFIX)/bin/kubectl_complete-odh $(DESTDIR)$(PREFIX)/bin/kubectl_complete-odh-mpijob
	cd docs/man && for page in *.1; do rm -f $(DESTDIR)$(PREFIX)/share/man/man1/$$page; done

clean:
	rm -rf .build .build-fuzz dist

# The man pages and the CLI reference come from the command declarations (the same ones
# that drive parsing, -h and completion); the generated files are committed, and a test
# fails when they are stale.
docs: debug
	rm -f docs/man/kubectl-odh*.1
	$(DEBUG_BIN) __gen-docs docs

# dist/: the release tarball for this machine's platform, its sha256 and the krew manifest.
# RELEASE_URL is where the tarball will be published (the manifest's uri); by default the
# local dist directory, which `kubectl krew install --manifest=... --archive=...` accepts.
DIST_DIR    ?= dist
RELEASE_URL ?= file://$(abspath $(DIST_DIR))
HOMEPAGE    ?=
DIST_ARCH   := $(subst x86_64,amd64,$(subst aarch64,arm64,$(shell uname -m)))
dist: build
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 0)} \
	$(PYTHON) scripts/dist.py --binary $(RELEASE_BIN) --version $(VERSION) --os linux --arch $(DIST_ARCH) \
	    --out $(DIST_DIR) --url $(RELEASE_URL) --homepage "$(HOMEPAGE)"

# libFuzzer targets for every input parser (Tests/Fuzz, docs/fuzzing.md), built with swiftc
# into .build-fuzz/; not part of `make test`. Each target runs FUZZ_SECONDS, one at a time.
FUZZ_SECONDS ?= 60
.PHONY: fuzz fuzz-smoke
fuzz: deps
	bash Tests/Fuzz/build.sh
	bash Tests/Fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke: deps
	bash Tests/Fuzz/build.sh
	bash Tests/Fuzz/run.sh 10
