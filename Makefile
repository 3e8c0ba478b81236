# Samverkan. `make run` starts the product with demo data; `make test` runs
# every test against SQLite and PostgreSQL.
GO ?= go
# The store suite also runs against this PostgreSQL; set it empty to run
# SQLite only (`make test SAMVERKAN_TEST_POSTGRES=`).
SAMVERKAN_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test
export SAMVERKAN_TEST_POSTGRES

.PHONY: run test vet bench bench-go build clean chromium

run:
	$(GO) run ./cmd/samverkan serve --demo

build:
	$(GO) build -o bin/samverkan ./cmd/samverkan

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

test: vet chromium
	$(GO) test -count=1 -timeout 40m ./...

# The browser tests (e2e/) drive Debian's chromium; install it when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

# Load benchmark at national scale (20 000 collaborations, SQLite and
# PostgreSQL, 1/16/64 clients): prints a table, writes bench-results.json.
# Pass flags with BENCH_FLAGS, e.g. BENCH_FLAGS='--db sqlite --duration 10s'.
BENCH_FLAGS ?=
bench:
	$(GO) run ./cmd/loadbench $(BENCH_FLAGS)

# The Go micro-benchmarks: pages and API lists through the whole handler at
# national scale (internal/server), the store's queries, the 10 000-row import.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./internal/server/ ./internal/sqldb/ ./internal/tabular/

clean:
	rm -rf bin samverkan.db samverkan.db-wal samverkan.db-shm
