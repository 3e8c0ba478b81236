# Samverkan. `make run` starts the product with demo data; `make test` runs
# every test against SQLite and PostgreSQL.
GO ?= go
# The store suite also runs against this PostgreSQL; set it empty to run
# SQLite only (`make test SAMVERKAN_TEST_POSTGRES=`).
SAMVERKAN_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test
export SAMVERKAN_TEST_POSTGRES

.PHONY: run test vet bench build clean

run:
	$(GO) run ./cmd/samverkan serve --demo

build:
	$(GO) build -o bin/samverkan ./cmd/samverkan

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

test: vet
	$(GO) test -count=1 ./...

# Benchmarks at national scale (20 000 collaborations); see README.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./internal/web/ ./internal/api/ ./internal/sqldb/

clean:
	rm -rf bin samverkan.db samverkan.db-wal samverkan.db-shm
