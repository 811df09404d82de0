# SPDX-License-Identifier: GPL-2.0
#
# Top-level targets.  The module itself is described in Kbuild; this file
# wraps the kernel build and the QEMU test rig.
#
#   make [KDIR=<tree>]   build binder_ipc.ko (default: Debian 6.1 headers)
#   make run             boot a VM, load the module, show it working
#   make shell           interactive shell in that VM
#   make check           ABI test + selftests on Debian's stock 6.1 kernel
#   make check-debug     the same on a KASAN/lockdep/kmemleak debug kernel
#   make test            check + check-debug (what CI runs)
#   make bench           ours vs upstream vs floors in one VM (docs/bench.md)
#   make clean

BUILD ?= $(CURDIR)/build
KSFT := $(BUILD)/kselftest
CC := gcc
# The uapi headers (binder.h, binderfs.h): everything user-side depends on them.
UAPI := $(wildcard uapi/linux/android/*.h)

USER_CFLAGS := -O2 -g -Wall -Wextra -Werror -static -pthread \
	-I$(CURDIR)/uapi -I$(CURDIR)/tools/lib
TEST_CFLAGS := $(USER_CFLAGS) -I$(KSFT) -I$(CURDIR)/selftests \
	-Wno-unused-parameter -Wno-sign-compare

TESTS := $(patsubst selftests/%.c,$(BUILD)/user/tests/%,$(wildcard selftests/*_test.c))
TOOLS := $(patsubst tools/%.c,$(BUILD)/user/tools/%,$(wildcard tools/*.c))
# The client library (tools/lib), linked into the tools, examples and tests.
LIB := $(BUILD)/user/libbinderipc.a
LIB_OBJS := $(patsubst tools/lib/%.c,$(BUILD)/user/lib/%.o,$(wildcard tools/lib/*.c))
LIB_DEPS := $(LIB) $(wildcard tools/lib/*.h)
# Example programs; they go with the tools (in PATH in the VM).
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/user/tools/%,$(wildcard examples/*.c))

.PHONY: all module user run shell check check-debug test clean bench bench-user

all: module

module:
	scripts/build-module.sh "$(KDIR)" $(BUILD)/module

user: $(TESTS) $(TOOLS) $(EXAMPLES)

$(KSFT)/kselftest_harness.h:
	bash -c '. scripts/lib.sh && kselftest_headers' >/dev/null

$(BUILD)/user/lib/%.o: tools/lib/%.c $(wildcard tools/lib/*.h) $(UAPI)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/user/tests/%: selftests/%.c $(wildcard selftests/*.h) $(UAPI) $(KSFT)/kselftest_harness.h $(LIB_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(LIB)

$(BUILD)/user/tools/%: tools/%.c $(UAPI) $(LIB_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $< $(LIB)

$(BUILD)/user/tools/%: examples/%.c $(UAPI) $(LIB_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $< $(LIB)

# The benchmark (bench/*.c, one static binary) and its VM run.
BENCH_BIN := $(BUILD)/user/bench/binder_bench

bench-user: $(BENCH_BIN)

$(BENCH_BIN): $(wildcard bench/*.c bench/*.h) $(UAPI)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $(filter %.c,$^) -lm

bench:
	scripts/bench.sh

run:
	scripts/vm.sh run

shell:
	scripts/vm.sh shell

check:
	scripts/check.sh stock

check-debug:
	scripts/check.sh debug

test:
	scripts/check.sh all

clean:
	rm -rf $(BUILD) tests/abi/.build
