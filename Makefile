# SPDX-License-Identifier: GPL-2.0
#
# Top-level targets.  The module itself is described in Kbuild; this file
# wraps the kernel build and the QEMU test rig.
#
#   make [KDIR=<tree>]   build binder_ipc.ko (default: Debian 6.1 headers)
#   make run             boot a VM, load the module, show it working (V=1: the
#                        whole console, not only the demo)
#   make shell           interactive shell in that VM
#   make check           ABI test + selftests on Debian's stock 6.1 kernel
#   make check-debug     the same on a KASAN/lockdep/kmemleak debug kernel
#   make lint            checkpatch --strict and sparse (make C=2) on the driver
#   make test            lint + check + check-debug + check-pkg (what CI runs)
#   make user32          the tools, examples and selftests again, 32-bit (-m32)
#   make bench           ours vs upstream vs floors in one VM (docs/bench.md)
#   make install         build for the running kernel (KVER=), install it in
#                        /lib/modules/$(KVER)/updates, depmod; never loads it
#   make uninstall       undo make install
#   make deb             the binder-ipc-dkms Debian package, in $(BUILD)/deb
#   make check-pkg       the package test: DKMS in a throw-away root, for 6.1
#                        and 6.12, then a selftest on each built module in the VM
#   make clean

BUILD ?= $(CURDIR)/build
# The one version string (module, dkms.conf, package, binder-version --module).
VERSION := $(shell cat $(CURDIR)/VERSION)
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

.PHONY: all module user user32 run shell check check-debug check-pkg test clean bench \
	bench-user install uninstall deb lint

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

# The tools and tests that know the release they belong to.
VERSION_DEF := -DBINDER_IPC_VERSION='"$(VERSION)"'
$(BUILD)/user/tools/binder-version: VERSION
$(BUILD)/user/tools/binder-version: USER_CFLAGS += $(VERSION_DEF)
$(BUILD)/user/tests/version_test: VERSION
$(BUILD)/user/tests/version_test: TEST_CFLAGS += $(VERSION_DEF)

$(BUILD)/user/tools/%: examples/%.c $(UAPI) $(LIB_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $< $(LIB)

# ---- 32-bit user space (-m32) ----
# The same library, tools, examples and selftests, built again as static i386
# binaries (gcc-multilib), in $(BUILD)/user32.  In the VM they run beside the
# 64-bit ones on the 64-bit kernel, so both drivers are driven through their
# compat_ioctl path; the uapi is protocol 8 either way (BINDER_IPC_32BIT is
# for 32-bit kernels and stays undefined).
USER32 := $(BUILD)/user32
USER32_CFLAGS := -m32 $(USER_CFLAGS)
# The kselftest harness casts what EXPECT_EQ() compares to uintmax_t to print
# it, which warns for pointers that are narrower than that (a value-preserving
# widening).  It is kernel code we do not edit: as a system header its own
# lines do not warn; ours still do, and the 64-bit build is the stricter one.
TEST32_CFLAGS := $(USER32_CFLAGS) -isystem $(KSFT) -I$(CURDIR)/selftests \
	-Wno-unused-parameter -Wno-sign-compare
TESTS32 := $(patsubst $(BUILD)/user/%,$(USER32)/%,$(TESTS))
TOOLS32 := $(patsubst $(BUILD)/user/%,$(USER32)/%,$(TOOLS) $(EXAMPLES))
LIB32 := $(USER32)/libbinderipc.a
LIB32_OBJS := $(patsubst $(BUILD)/user/%,$(USER32)/%,$(LIB_OBJS))
LIB32_DEPS := $(LIB32) $(wildcard tools/lib/*.h)

user32: $(TESTS32) $(TOOLS32)

$(USER32)/tools/binder-version: VERSION
$(USER32)/tools/binder-version: USER32_CFLAGS += $(VERSION_DEF)
$(USER32)/tests/version_test: VERSION
$(USER32)/tests/version_test: TEST32_CFLAGS += $(VERSION_DEF)

$(USER32)/lib/%.o: tools/lib/%.c $(wildcard tools/lib/*.h) $(UAPI)
	@mkdir -p $(@D)
	$(CC) $(USER32_CFLAGS) -c -o $@ $<

$(LIB32): $(LIB32_OBJS)
	rm -f $@
	ar rcs $@ $^

$(USER32)/tests/%: selftests/%.c $(wildcard selftests/*.h) $(UAPI) $(KSFT)/kselftest_harness.h $(LIB32_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST32_CFLAGS) -o $@ $< $(LIB32)

$(USER32)/tools/%: tools/%.c $(UAPI) $(LIB32_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER32_CFLAGS) -o $@ $< $(LIB32)

$(USER32)/tools/%: examples/%.c $(UAPI) $(LIB32_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER32_CFLAGS) -o $@ $< $(LIB32)

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

check-pkg:
	scripts/check.sh pkg

lint:
	scripts/check.sh lint

test:
	scripts/check.sh all

# KVER: the kernel to install for (default: the running one); KDIR its
# headers (default /lib/modules/$(KVER)/build); DESTDIR a staging root.
install:
	scripts/install.sh install

uninstall:
	scripts/install.sh uninstall

deb:
	scripts/mkdeb.sh

clean:
	rm -rf $(BUILD) tests/abi/.build
