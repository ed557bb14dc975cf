# Rediflow: the operator's and developer's commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Builds are shared between checkouts (and survive a fresh clone in CI).
export CARGO_TARGET_DIR ?= $(HOME)/.cache/rediflow-target
BIN := $(CARGO_TARGET_DIR)/debug/rediflow

# The project-local cluster of scripts/local-pg. Values from the environment win over these,
# and these win over .env files (the binary reads the environment last).
export PGPORT ?= 15433
export APP_ENV ?= dev
export DATABASE_URL ?= postgres://rediflow:rediflow@127.0.0.1:$(PGPORT)/rediflow_dev
export POSTGRES_APP_USER ?= rediflow_app
export POSTGRES_APP_PASSWORD ?= rediflow_app_dev
export DATABASE_URL_APP ?= postgres://$(POSTGRES_APP_USER):$(POSTGRES_APP_PASSWORD)@127.0.0.1:$(PGPORT)/rediflow_dev

.PHONY: help run test compose-check api-fuzz bench e2e lint fmt deps build migrate setup-rls-app-role seed-calendars seed import-ods \
        build-authentik-test-ods seed-authentik-test-ods check-config \
        up up-authentik-test down logs setup-authentik-oidc setup-authentik-brand seed-authentik-users \
        backup restore db-start db-stop db-status db-destroy db-create schema

help: ## List the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-26s %s\n", $$1, $$2}'

run: build db-create migrate setup-rls-app-role seed ## Local PostgreSQL, migrate, seed (an empty database), serve on http://127.0.0.1:5000 with RLS
	MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 RLS_ENABLED=true PERSON_CAPACITY_ENABLED=true ROLE_DEMAND_ENABLED=true CAPACITY_REQUESTS_ENABLED=true \
	  SHARE_URL_FEATURE=true SHARE_URL_FEATURE_STATS=true $(BIN) serve

test: deps ## The whole suite (lint, unit, integration) on an ephemeral PostgreSQL
	scripts/test-suite

compose-check: deps ## Run the dev and test compose profiles in podman for real (stand-in images; part of make test)
	scripts/compose-check

e2e: deps ## Every role signs in through npm oidc-provider and uses every view in headless chromium (screenshots, axe-core)
	ONLY=e2e scripts/test-suite

api-fuzz: deps ## The API against its OpenAPI description with PyPI schemathesis and a write token (part of make test)
	scripts/api-fuzz

bench: deps ## Throughput and latency of the main pages on large generated data vs. budget (target/bench/report.md)
	scripts/bench

lint: ## cargo fmt --check and clippy with warnings as errors
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

fmt: ## Format the code
	cargo fmt --all

deps: ## Install the system packages the build and the local database need (or say which)
	scripts/ensure-deps

build: deps ## Build the debug binary
	cargo build --bin rediflow

migrate: build db-create ## Apply pending migrations to the local database
	$(BIN) migrate

setup-rls-app-role: build db-start ## Create or update the application role and its grants
	$(BIN) setup-rls-app-role

seed-calendars: build db-create ## Insert FI and SE public holidays 2000-2100
	$(BIN) seed-calendars

# The examples go into an empty database only: after that they are someone's work (edited in the
# browser), and a start must not undo it. Otherwise seed-examples says what it would change;
# FORCE=1 overwrites with the files.
seed: migrate seed-calendars ## Calendars; the example project and its people into an empty database (FORCE=1 overwrites)
	$(BIN) seed-examples --project docs/example.ods --people docs/example_people.ods $(if $(FORCE),--force)

import-ods: build db-create ## Import project workbooks: make import-ods FILE="a.ods b.ods" (DRY_RUN=1 only checks; SUPER_ADMIN=1 may change locked projects and past months)
	@test -n "$(FILE)" || { echo 'usage: make import-ods FILE=path/to/project.ods [DRY_RUN=1] [SUPER_ADMIN=1]'; exit 2; }
	$(BIN) import-project $(if $(DRY_RUN),--dry-run) $(if $(SUPER_ADMIN),--super-admin) $(FILE)

build-authentik-test-ods: build ## Regenerate docs/example*.ods (incl. the Authentik test people)
	$(BIN) make-example-ods docs

seed-authentik-test-ods: migrate seed-calendars ## The example project and the Authentik test people, linked to their users
	$(BIN) import-project docs/example.ods
	$(BIN) import-people docs/example_authentik_test_people.ods
	$(BIN) link-persons

check-config: build ## Print the effective settings (secrets masked)
	$(BIN) check-config

db-start: deps ## Start the project-local PostgreSQL cluster under .data/pg
	scripts/local-pg start

db-create: db-start ## Create the rediflow_dev database if missing
	scripts/local-pg createdb rediflow_dev

db-stop: ## Stop the local cluster
	scripts/local-pg stop

db-status: ## Is the local cluster running?
	scripts/local-pg status

db-destroy: ## Stop the local cluster and delete its data
	scripts/local-pg destroy

schema: db-create ## Regenerate src/db/schema.rs from the migrations (needs diesel_cli)
	@command -v diesel >/dev/null || { echo "diesel_cli missing: cargo install diesel_cli --no-default-features --features postgres"; exit 1; }
	diesel migration run
	diesel print-schema > src/db/schema.rs

# ---- Containers (podman compose; see docs/deploy.md) -------------------------------------------
# ENV picks the profile and the env file: dev (5000, built from source), test (5002), qa (5001),
# prod (5000, registry image).
ENV ?= dev
# podman-compose when installed (Debian 12's podman 4.3 has no `podman compose`), else podman's own.
COMPOSE ?= $(shell command -v podman-compose >/dev/null 2>&1 && echo podman-compose || echo podman compose)
COMPOSE_TEST := $(COMPOSE) -f compose.yml -f compose.authentik-test.yml --env-file .env.test

up: ## Start the app of ENV=dev|test|qa|prod in containers (podman compose --profile ENV)
	@test -f .env.$(ENV) || { echo "missing .env.$(ENV): cp .env.$(ENV).example .env.$(ENV) and fill it in"; exit 2; }
	$(COMPOSE) --env-file .env.$(ENV) --profile $(ENV) up -d

up-authentik-test: ## Test environment with Authentik: app on 5002, Authentik on 9001, blueprints applied
	@test -f .env.test || { echo "missing .env.test: cp .env.test.example .env.test and fill it in"; exit 2; }
	$(COMPOSE_TEST) --profile authentik --profile test up -d

down: ## Stop the containers of ENV (and of the Authentik test overlay)
	-$(COMPOSE_TEST) --profile authentik --profile test down
	$(COMPOSE) --env-file .env.$(ENV) --profile $(ENV) --profile authentik down

logs: ## Follow the container logs of ENV (SERVICE=app-<env> or authentik-worker to pick one)
	$(COMPOSE) --env-file .env.$(ENV) --profile $(ENV) --profile authentik logs -f $(SERVICE)

# The Authentik commands read .env.test themselves (APP_ENV=test); the local cluster's variables
# exported above must not override it.
AUTHENTIK_TEST := env -u DATABASE_URL -u DATABASE_URL_APP -u POSTGRES_APP_USER -u POSTGRES_APP_PASSWORD APP_ENV=test

setup-authentik-oidc: build ## Create/update the Authentik provider and application; write the client into .env.test
	$(AUTHENTIK_TEST) $(BIN) authentik setup-oidc --write-env

setup-authentik-brand: build ## Rediflow title, logo and favicon on the Authentik login pages
	$(AUTHENTIK_TEST) $(BIN) authentik apply-brand

seed-authentik-users: build ## The rediflow-* groups and the four test users in Authentik, paired with their persons
	$(AUTHENTIK_TEST) $(BIN) authentik seed-test-users --link-persons

# ---- Backup and restore of the application database (pg_dump custom format) ---------------------
BACKUP_DIR ?= backups

backup: ## pg_dump of DATABASE_URL into backups/rediflow-<date>.dump (FILE=… to choose)
	@mkdir -p $(BACKUP_DIR)
	$(eval FILE ?= $(BACKUP_DIR)/rediflow-$(APP_ENV)-$(shell date +%Y%m%d-%H%M%S).dump)
	pg_dump --format=custom --no-owner --no-privileges --file "$(FILE)" "$(DATABASE_URL)"
	@echo "backup written to $(FILE)"

restore: build ## pg_restore FILE=… into DATABASE_URL (replacing what is there), then the app role's grants
	@test -n "$(FILE)" || { echo 'usage: make restore FILE=backups/rediflow-….dump [DATABASE_URL=…]'; exit 2; }
	pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
	  --dbname "$(DATABASE_URL)" "$(FILE)"
	$(BIN) setup-rls-app-role
