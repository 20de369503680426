# OpenChat: the two commands the README promises, and the targets behind them.
#   make run    build everything and start the server on http://localhost:4000
#   make test   everything CI checks (sanitizer build, unit, fuzz corpus, integration)
# Other targets: build, bench (real-time fan-out), bench-api (REST and storage latency),
# bench-chat (persisted messages: OpenChat on SQLite and PostgreSQL against a Node.js
# reference), bench-web (web client: login to first message list, scrolling 1,000 messages),
# fuzz, format, clean.

JOBS ?= $(shell nproc)
PORT ?= 4000
DATA_DIR ?= ./data
FUZZ_SECONDS ?= 60

.PHONY: all build run test bench bench-api bench-chat bench-web fuzz format format-check clean deps

all: build

deps:
	@scripts/deps.sh build

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build -j$(JOBS)
	@scripts/web-build.sh

run: build
	@mkdir -p $(DATA_DIR)
	./build/openchat --port $(PORT) --data-dir $(DATA_DIR)

test:
	@scripts/test.sh

bench:
	@scripts/deps.sh bench
	@bench/run.sh

bench-api:
	@scripts/deps.sh test
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DOC_TESTS=OFF >/dev/null
	@cmake --build build-release -j$(JOBS) --target openchat openchat-storebench
	@node bench/api.mjs

bench-chat:
	@scripts/deps.sh bench
	@bench/chat.sh

bench-web: build
	@scripts/deps.sh test
	@OPENCHAT_BIN=$(CURDIR)/build/openchat node bench/web.mjs

fuzz:
	@scripts/deps.sh test
	@scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	@git ls-files '*.c' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build build-asan build-fuzz build-release web/dist
