# The two commands of the README are `make run` and `make test`; both start with `make deps`.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
# ccache hits across clones in different directories (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all deps web build run test unit-build fuzz-build fuzz format lint clean

all: build

deps:
	@scripts/setup.sh

web: deps
	cd web && npm run build

# Release build; the server binary ends up at build/chatterd.
build: deps web
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	cp build/release/chatterd build/chatterd

run: build
	build/chatterd serve --data-dir ./data

unit-build: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)

fuzz-build: deps
	@if [[ -f fuzz/CMakeLists.txt ]]; then cmake --preset fuzz >/dev/null && cmake --build --preset fuzz -j $(JOBS); fi

# Everything: unit tests under ASan+UBSan, fuzz smoke, integration, protocol and browser tests.
# The release build comes first so that `make run`'s build is proven too (-O3 warns where -O1 does not).
test: deps web build unit-build fuzz-build
	scripts/test.sh

fuzz: fuzz-build
	fuzz/run.sh 60

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# clang-tidy cannot read g++'s precompiled headers: lint from a compile database without them.
lint: deps
	cmake -S . -B build/lint -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON >/dev/null
	git ls-files 'src/*.cpp' | grep -v '_test.cpp' | xargs -P $(JOBS) -n 4 clang-tidy -p build/lint --quiet

clean:
	rm -rf build web/dist
