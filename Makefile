# Mawid — `make serve` runs the example site, `make test` runs the tests.
SWIFT    ?= swift
CONFIG   ?= debug
HOST     ?= 127.0.0.1
PORT     ?= 8080
DEBS     := pkg-config libcmark-dev libsqlite3-dev libcurl4-openssl-dev zlib1g-dev
TEST_DEBS := chromium python3-aiosmtpd python3-venv sqlite3 openssl postgresql nginx
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN       = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path)/mawid

.PHONY: bench-review all deps test-deps build serve site test fuzz-api bench-build bench-watch bench-serve bench-compare clean

all: build

# Installs the Debian packages Mawid needs, only when one is missing.
deps:
	@missing=""; for p in $(DEBS) $(EXTRA_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG) --product mawid

site: build
	$(BIN) build

serve: build
	$(BIN) serve --watch --host $(HOST) --port $(PORT) --public-url http://$(HOST):$(PORT)

test:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="$(TEST_DEBS)"
	$(SWIFT) build --build-tests
	@# Against a throwaway PostgreSQL cluster (Debian's postgresql), stopped whatever happens: the engine tests,
	@# then the storage, conversation and server tests again with PostgreSQL as their engine, then smoke-serve.
	url=$$(scripts/pg-throwaway start .build/test-pg) && status=0 && \
	  { MAWID_TEST_POSTGRES="$$url" $(SWIFT) test --skip-build || status=$$?; } && \
	  { [ $$status != 0 ] || MAWID_TEST_POSTGRES="$$url" MAWID_TEST_ENGINE=postgres $(SWIFT) test --skip-build \
	      --filter 'MawidBookingTests|MawidConversationTests|MawidServerTests' || status=$$?; } && \
	  { [ $$status != 0 ] || SMOKE_DB=$$(scripts/pg-throwaway createdb .build/test-pg smoke) \
	      scripts/smoke-serve $(BIN) .build/test-pages-pg || status=$$?; }; \
	  scripts/pg-throwaway stop .build/test-pg; exit $$status
	rm -rf .build/test-site .build/test-pages
	$(BIN) build --output .build/test-site
	scripts/smoke-serve $(BIN) .build/test-pages
	@# Two servers on one PostgreSQL (a cluster of its own) behind nginx with docs/nginx/mawid.conf.
	scripts/smoke-cluster $(BIN)
	scripts/smoke-watch $(BIN)
	scripts/smoke-notify $(BIN) .build/test-pages
	scripts/smoke-backup $(BIN)
	scripts/browser-check $(BIN)
	scripts/check-html .build/test-site
	scripts/check-html .build/test-pages
	FUZZ_EXAMPLES=100 FUZZ_SEED=1 scripts/fuzz-api $(BIN)

# Schemathesis against a running `mawid serve` and /api/openapi.yaml (installs it into .build/fuzz-venv); `make test`
# runs a shorter one (100 cases per operation and phase, seed 1): make fuzz-api [EXAMPLES=300] [SEED=N]
fuzz-api:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="python3-venv"
	$(SWIFT) build -c $(CONFIG) --product mawid
	FUZZ_EXAMPLES=$(or $(EXAMPLES),300) FUZZ_SEED=$(SEED) scripts/fuzz-api $(BIN)

bench-build:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="hugo"
	$(SWIFT) build -c release --product mawid
	scripts/bench-build $(if $(N),$(N),10000)

# Save-to-served times of live edits, mawid serve --watch vs hugo server, then clean and one-file builds:
# make bench-watch [N=10000] [EDITS=27] [RUNS=3]
bench-watch:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="hugo"
	$(SWIFT) build -c release --product mawid
	EDITS=$(or $(EDITS),27) RUNS=$(or $(RUNS),3) scripts/bench-watch $(if $(N),$(N),10000)

# The office's queries (search, patient file) on a year of bookings: make bench-review [DOCTORS=50] [PER_DAY=20]
bench-review:
	@$(MAKE) --no-print-directory deps
	$(SWIFT) build -c release --product mawid-bench
	"$$($(SWIFT) build -c release --show-bin-path)/mawid-bench" "" $(or $(DOCTORS),50) $(or $(PER_DAY),20)

# Booking endpoint under load: make bench-serve [DURATION=10s] [CONNECTIONS=96] [KILL=1]
# make bench-serve DB=postgres [SERVERS=2]: SQLite, PostgreSQL with one server and with SERVERS, then SERVERS with
# one killed, in one run (scripts/bench-cluster).
bench-serve:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="wrk sqlite3 $(if $(filter postgres,$(DB)),postgresql)"
	$(SWIFT) build -c release --product mawid
	MAWID_BIN="$$($(SWIFT) build -c release --show-bin-path)/mawid" $(if $(filter postgres,$(DB)), \
	  SERVERS=$(or $(SERVERS),2) scripts/bench-cluster $(or $(DURATION),10s) $(or $(CONNECTIONS),96), \
	  scripts/bench-serve $(if $(KILL),--kill) $(or $(DURATION),10s) $(or $(CONNECTIONS),96))

# Two builds in alternation (noisy machines): make bench-compare A=/path/to/mawid B=/path/to/mawid [ROUNDS=3] [DURATION=20s]
# [SIDE_BY_SIDE=1] (both at once, same machine conditions) [CONNECTIONS=96]
bench-compare:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="wrk sqlite3"
	SIDE_BY_SIDE=$(SIDE_BY_SIDE) CONNECTIONS=$(or $(CONNECTIONS),96) scripts/bench-compare $(A) $(B) $(or $(ROUNDS),3) $(or $(DURATION),20s)

clean:
	rm -rf .build site
