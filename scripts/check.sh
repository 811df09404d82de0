#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh stock|debug|all: the project's tests.
#   host: the uapi ABI test (tests/abi/run.sh);
#   vm:   scripts/vm.sh check on Debian's stock 6.1 kernel (stock) or on the
#         debug kernel (debug), each selftest run on our device and on the
#         reference driver's.
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

run_flavour() {
	local flavour=$1 pass=0 fail=0 line args=()
	[ "$flavour" = debug ] && args=(--debug)

	log "== host: ABI test"
	ensure_pkgs gcc libc6-dev linux-libc-dev
	ensure_pkgs_32	# the m32 pass
	if "$ROOT/tests/abi/run.sh"; then pass=1; else fail=1; fi

	log "== vm: selftests on the $flavour kernel"
	line=$("$ROOT/scripts/vm.sh" "${args[@]}" check | tee /dev/stderr | grep '^selftests: ' | tail -n1)
	[ -n "$line" ] || line="selftests: 0 passed, 1 failed, 0 skipped"
	add_summary "$line"
	total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
}

case ${1:-stock} in
stock | debug)
	run_flavour "$1"
	echo "selftests: $total_pass passed, $total_fail failed, $total_skip skipped"
	;;
all)
	run_flavour stock
	run_flavour debug
	echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
	;;
*) die "usage: $0 stock|debug|all" ;;
esac
[ "$total_fail" -eq 0 ]
