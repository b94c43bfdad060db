# Vigil — the two set-up commands of the README, and a few conveniences.
#   make demo   install dependencies, build, run `vigil demo`
#   make test   install dependencies, build, run every test: a normal build (gcc),
#               an ASan/UBSan build, a clang build (warnings as errors), and each
#               decoder's libFuzzer target for FUZZ_SECONDS (default 60) under ASan/UBSan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = $(basename $(notdir $(wildcard fuzz/*.c)))

.PHONY: all deps build demo test test-release test-asan test-clang test-fuzz fuzz bench clean \
        test-ui-deps

all: build

deps:
	./scripts/deps.sh

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
	cmake --build build -j$(JOBS)

demo: build
	./build/vigil demo

test: deps test-ui-deps test-release test-asan test-clang test-fuzz

# The browser test's one package, pinned in tests/ui/package-lock.json: playwright-core,
# which drives Debian's chromium (no browser download).
test-ui-deps:
	cd tests/ui && npm ci --no-audit --no-fund

test-release:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
	cmake --build build -j$(JOBS)
	ctest --test-dir build --output-on-failure -j$(JOBS)

test-asan:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVIGIL_SANITIZE=ON
	cmake --build build-asan -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    ctest --test-dir build-asan --output-on-failure -j$(JOBS)

test-clang:
	CC=clang cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release
	cmake --build build-clang -j$(JOBS)
	ctest --test-dir build-clang --output-on-failure -j$(JOBS)

fuzz: deps
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DVIGIL_FUZZ=ON
	cmake --build build-fuzz -j$(JOBS)

# Fuzz on a copy of each seed corpus, so that finds do not land in the tree unreviewed;
# JOBS targets at a time.
test-fuzz: fuzz
	ctest --test-dir build-fuzz -R fuzz/ --output-on-failure
	./scripts/fuzz.sh $(FUZZ_SECONDS) $(JOBS) $(FUZZ_TARGETS)

bench: build
	./build/vigil bench

clean:
	rm -rf build build-asan build-clang build-fuzz
