#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh stock|debug|pkg|lint|all: the project's tests.
#   lint: checkpatch --strict and sparse on the driver (scripts/lint.sh);
#   host: the uapi ABI test (tests/abi/run.sh);
#   vm:   scripts/vm.sh check on Debian's stock kernels (stock: each of
#         KERNELS, default "6.1 6.12") or on the 6.1 debug kernel (debug),
#         each selftest run on our device and on that kernel's own driver.
#   pkg:  the package test (tests/pkg/run.sh): make deb, DKMS builds for 6.1
#         and 6.12 in a throw-away root, a selftest on each in the VM.
# Ends with "selftests: N passed, N failed, N skipped" (for all: "total: ...")
# and exits non-zero if anything failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

total_pass=0 total_fail=0 total_skip=0

# add_summary LINE: add a "... N passed, N failed, N skipped" line to the totals.
add_summary() {
	local p f s
	p=$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$1")
	f=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$1")
	s=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$1")
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-1}))
	total_skip=$((total_skip + ${s:-0}))
}

# abi_test: the host test of our uapi header, once per run.
abi_done=0
abi_test() {
	[ $abi_done = 1 ] && return
	abi_done=1
	log "== host: ABI test"
	ensure_pkgs gcc libc6-dev linux-libc-dev
	ensure_pkgs_32	# the m32 pass
	if "$ROOT/tests/abi/run.sh"; then
		total_pass=$((total_pass + 1))
	else
		total_fail=$((total_fail + 1))
	fi
}

# vm_check NAME VM.SH-ARGS...: the selftests in one VM.
vm_check() {
	local name=$1 line
	shift
	log "== vm: selftests on the $name kernel"
	line=$("$ROOT/scripts/vm.sh" "$@" check | tee /dev/stderr | grep '^selftests: ' | tail -n1)
	[ -n "$line" ] || line="selftests: 0 passed, 1 failed, 0 skipped"
	add_summary "$line"
}

# The 32-bit builds of the selftests run on the stock 6.1 kernel; elsewhere
# they would double the time for little more (the compat path is the same
# code): 64-bit only there, unless TEST_BITS says otherwise.
run_stock() {
	local k
	abi_test
	for k in ${KERNELS:-6.1 6.12}; do
		case $k in
		6.1) vm_check "stock $k" --kernel="$k" ;;
		6.12) TEST_BITS=${TEST_BITS:-64} vm_check "stock $k" --kernel="$k" ;;
		*) die "KERNELS: unknown kernel '$k' (6.1 or 6.12)" ;;
		esac
	done
}

run_debug() {
	abi_test
	TEST_BITS=${TEST_BITS:-64} vm_check "6.1 debug" --debug
}

# The package test: its checks and the VM's selftests in one summary line.
run_pkg() {
	local line
	log "== package: make deb, DKMS in a throw-away root, the built modules in the VM"
	line=$("$ROOT/tests/pkg/run.sh" | tee /dev/stderr | grep '^selftests: ' | tail -n1)
	[ -n "$line" ] || line="selftests: 0 passed, 1 failed, 0 skipped"
	add_summary "$line"
}

# The kernel's checkers (checkpatch, sparse) on the driver: scripts/lint.sh.
run_lint() {
	local line
	log "== host: checkpatch --strict and sparse on the driver"
	line=$("$ROOT/scripts/lint.sh" | grep '^selftests: ' | tail -n1)
	[ -n "$line" ] || line="selftests: 0 passed, 1 failed, 0 skipped"
	add_summary "$line"
}

case ${1:-stock} in
stock | debug | pkg | lint)
	"run_$1"
	echo "selftests: $total_pass passed, $total_fail failed, $total_skip skipped"
	;;
all)
	run_lint
	run_stock
	run_debug
	run_pkg
	echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
	;;
*) die "usage: $0 stock|debug|pkg|lint|all" ;;
esac
[ "$total_fail" -eq 0 ]
