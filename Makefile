# products-service: the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Tests run on the sanitizer build (address + undefined), so every test also proves the absence of
# leaks and undefined behaviour; `make run` uses the optimised build.
TEST_PRESET ?= sanitize
RUN_PRESET ?= release
STACK_ENV := .local/stack.env
WITH_STACK_ENV := set -a; source $(STACK_ENV); set +a;
CTEST_ARGS ?=

.PHONY: help deps deploy-tools deploy-check build build-run stack-up stack-down stack-status topics \
        mongo-init run test test-failover test-unit cert bench grpcurl clean local local-down create_topics mongo \
        make_cert swagger

help:
	@echo "make run          install, build, start the local stack and run the service"
	@echo "make test         install, build, start the local stack and run every test"
	@echo "make fuzz         the libFuzzer targets, FUZZ_SECONDS (15) each; see tests/fuzz/README.md"
	@echo "make bench-e2e    the end-to-end benchmark (BENCH_SIZES=1000,10000,100000); see bench/README.md"
	@echo "make bench-tracing  what tracing at 100 % costs cached GETs, beside /healthz; see bench/README.md"
	@echo "make soak         mixed traffic for SOAK_MINUTES (10): RSS, fds and p99 per minute; see bench/README.md"
	@echo "make stack-up | stack-down | stack-status | topics | mongo-init | cert | bench | grpcurl"
	@echo "make deploy-check validate Dockerfile, docker-compose.yml and the Helm chart (no Docker needed)"
	@echo "make local        the docker-compose.yml stack (needs Docker); make local-down stops it"
	@echo "The original service's targets: make local | create_topics (= topics) | mongo (= mongo-init)"
	@echo "                                | make_cert (= cert) | swagger (where the API docs are)"

# Then Swagger UI's files (npm's swagger-ui-dist, pinned) into .local/swagger-ui, which the service
# serves, and the OpenAPI validator (PyPI's openapi-spec-validator) into .local/venv/openapi.
deps:
	@bash scripts/deps.sh
	@bash scripts/swagger-ui.sh
	@bash scripts/openapi-validator.sh

# The tools that validate the deployment files (hadolint, helm, compose-check, chart-check) into
# .local/bin; their checks are ctest tests, so they come before the build's configure step.
deploy-tools:
	@bash scripts/deploy-tools.sh

deploy-check: deps deploy-tools
	@bash scripts/deploy-check.sh

build: deps deploy-tools
	cmake --preset $(TEST_PRESET) >/dev/null
	cmake --build --preset $(TEST_PRESET)

build-run: deps
	cmake --preset $(RUN_PRESET) >/dev/null
	cmake --build --preset $(RUN_PRESET) --target products-service create-topics mongo-init products-dlq

stack-up: deps
	@bash scripts/stack.sh up

stack-down:
	@bash scripts/stack.sh down

stack-status:
	@bash scripts/stack.sh status

# Topics and the MongoDB schema are made by small tools over the service's own adapters.
topics: build-run stack-up
	@$(WITH_STACK_ENV) build/$(RUN_PRESET)/tools/create-topics --brokers "$$KAFKA_BROKERS" \
	  --replication-factor "$$KAFKA_REPLICATION_FACTOR"

mongo-init: build-run stack-up
	@$(WITH_STACK_ENV) build/$(RUN_PRESET)/tools/mongo-init --uri "$$MONGO_URI" --database products

cert:
	@bash scripts/cert.sh

# Spans go to the stack's Jaeger unless TRACING_ENDPOINT says otherwise (empty: tracing off).
run: build-run stack-up topics mongo-init
	@$(WITH_STACK_ENV) TRACING_ENDPOINT="$${TRACING_ENDPOINT-$$OTLP_HTTP_ENDPOINT}" \
	  exec build/$(RUN_PRESET)/products-service --config config/config.yaml

# The fuzz targets run first, briefly: they need no stack.
test: build fuzz stack-up
	@$(WITH_STACK_ENV) build/$(TEST_PRESET)/tools/create-topics --brokers "$$KAFKA_BROKERS" \
	  --replication-factor "$$KAFKA_REPLICATION_FACTOR"
	@$(WITH_STACK_ENV) ctest --preset $(TEST_PRESET) $(CTEST_ARGS)

# The libFuzzer targets (tests/fuzz/README.md): the fuzz preset's clang build, then each target for
# FUZZ_SECONDS from its seed corpus under ASan/UBSan; a crash, a leak or a broken contract fails.
FUZZ_SECONDS ?= 15
.PHONY: fuzz
fuzz: deps
	cmake --preset fuzz -DPRODUCTS_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	cmake --build --preset fuzz
	ctest --preset fuzz -L fuzz --parallel 2

# The broker-failover test alone (label failover): it starts a three-node Kafka cluster of its own on
# 21091-21093 beside the stack's; `make test` runs it with the rest, CTEST_ARGS="-LE failover" leaves it out.
test-failover: build stack-up
	@$(WITH_STACK_ENV) ctest --preset $(TEST_PRESET) -L failover $(CTEST_ARGS)

test-unit: build
	ctest --preset $(TEST_PRESET) -L unit $(CTEST_ARGS)

bench: deps
	cmake --preset release >/dev/null
	cmake --build --preset release --target products_bench
	build/release/bench/products_bench

# The end-to-end benchmark (bench/e2e/; not part of `make test`): the release service on its own
# database and topics against the local stack, each figure beside the store's own limit measured in
# the same run. Writes bench/e2e/results/report.md and chart.png. BENCH_STACK_ENV=FILE measures
# against a stack already running from another checkout instead of starting one.
.PHONY: bench-e2e
bench-e2e: deps $(if $(BENCH_STACK_ENV),,stack-up)
	cmake --preset release >/dev/null
	cmake --build --preset release --target products-service create-topics mongo-init products_bench_e2e
	BENCH_STACK_ENV="$(or $(BENCH_STACK_ENV),$(CURDIR)/$(STACK_ENV))" bash bench/e2e/run.sh

# What tracing at 100 % costs the cached GET path (bench/e2e/tracing.sh; not part of `make test`):
# an untraced and a traced instance measured in turn. Writes bench/e2e/results/tracing.md.
.PHONY: bench-tracing
bench-tracing: deps stack-up
	cmake --preset release >/dev/null
	cmake --build --preset release --target products-service create-topics mongo-init products_bench_e2e \
	  products_bench_tracing
	bash bench/e2e/tracing.sh

# The soak (bench/e2e/soak.sh; not part of `make test`): mixed traffic for SOAK_MINUTES (10) against
# the release service, with its RSS, open fds and latency per minute and a verdict on each.
# Writes bench/e2e/results/soak.md. SOAK_STACK_ENV=FILE uses a stack running from another checkout.
.PHONY: soak
soak: deps $(if $(SOAK_STACK_ENV),,stack-up)
	cmake --preset release >/dev/null
	cmake --build --preset release --target products-service create-topics mongo-init products_bench_e2e products_soak
	SOAK_STACK_ENV="$(or $(SOAK_STACK_ENV),$(CURDIR)/$(STACK_ENV))" bash bench/e2e/soak.sh

# A gRPC command line client, from the Go module proxy, for calling the API from the shell.
grpcurl: .local/bin/grpcurl
.local/bin/grpcurl:
	GOBIN=$(CURDIR)/.local/bin "$$(scripts/stack.sh go)" install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.1

# The full stack in containers (docker-compose.yml): real MongoDB, three Kafka brokers, Redis,
# Prometheus, Grafana, Jaeger with its UI, kafdrop, node-exporter and the service's image.
COMPOSE_MISSING = echo "make $@: needs Docker with its compose plugin ('docker compose'), which this machine lacks."; \
  echo "Without Docker, 'make run' starts the service with the local stack of scripts/stack.sh."; exit 1
local:
	@if docker compose version >/dev/null 2>&1; then docker compose up -d --build; else $(COMPOSE_MISSING); fi

local-down:
	@if docker compose version >/dev/null 2>&1; then docker compose down; else $(COMPOSE_MISSING); fi

# The original service's Makefile names.
create_topics: topics
mongo: mongo-init
make_cert: cert
# The OpenAPI document is written by hand (nothing to generate) and served by the service itself.
swagger:
	@echo "api/openapi.yaml, served at http://localhost:5007/swagger/index.html (and /swagger/openapi.yaml);"
	@echo "Swagger UI's own files come from .local/swagger-ui (scripts/swagger-ui.sh, run by make deps)"

clean:
	rm -rf build
