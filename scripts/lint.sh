#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh: the kernel's own checkers on the driver.
#   checkpatch.pl --strict (from Debian's linux-source-6.1 tarball,
#       extracted into $BUILD/lint at run time, never committed) on every
#       driver source and uapi header;
#   sparse (make C=2) on the module, built against the Debian 6.1 and 6.12
#       headers.
# Any report fails.  The few checkpatch rules turned off are turned off for
# one file each, below, with the reason.
# Ends with "selftests: N passed, N failed, 0 skipped" (one test per
# checker and file group) for scripts/check.sh.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$BUILD/lint
pass=0 fail=0

# checkpatch_tool: the path of checkpatch.pl, extracted once.
checkpatch_tool() {
	local src=/usr/src/linux-source-6.1.tar.xz
	local cp=$out/linux-source-6.1/scripts/checkpatch.pl

	if [ ! -x "$cp" ]; then
		[ -r "$src" ] || die "$src missing: apt-get install linux-source-6.1"
		mkdir -p "$out"
		tar -xJf "$src" -C "$out" \
			linux-source-6.1/scripts/checkpatch.pl \
			linux-source-6.1/scripts/spelling.txt \
			linux-source-6.1/scripts/const_structs.checkpatch ||
			die "cannot extract checkpatch.pl from $src"
	fi
	echo "$cp"
}

# result NAME STATUS: count one checker run.
result() {
	if [ "$2" = 0 ]; then
		log "lint: ok: $1"
		pass=$((pass + 1))
	else
		log "lint: FAIL: $1"
		fail=$((fail + 1))
	fi
}

# checkpatch NAME [--ignore TYPES] FILE...: checkpatch --strict on FILEs.
checkpatch() {
	local name=$1 st=0
	shift
	(cd "$ROOT" && "$cp" --strict --no-tree --quiet --show-types --color=never \
		--file "$@") >&2 || st=$?
	result "checkpatch: $name" $st
}

# sparse_build KDIR: the module built with sparse on every file; sparse's
# warnings (and the compiler's) fail it.
sparse_build() {
	local kdir=$1 dir=$out/sparse-$(basename "$1") st=0

	rm -rf "$dir"
	mkdir -p "$dir/src"
	(cd "$ROOT" && cp -p --parents Kbuild VERSION ./*.c ./*.h uapi/linux/android/*.h "$dir/src/")
	if ! make -C "$kdir" M="$dir/src" C=2 W=1 KCFLAGS=-Werror modules >"$dir/build.log" 2>&1; then
		st=1
	elif grep -E 'warning|error' "$dir/build.log" | grep -v 'Skipping BTF generation'; then
		st=1
	fi
	[ $st = 0 ] || cat "$dir/build.log" >&2
	result "sparse (make C=2) against $kdir" $st
}

ensure_pkgs perl sparse make gcc linux-source-6.1 linux-headers-amd64
cp=$(checkpatch_tool)

mapfile -t driver < <(cd "$ROOT" && ls ./*.c ./*.h | sed 's|^\./||' |
	grep -v -x -e binder_compat.h -e binder_trace.h)
checkpatch "driver sources" "${driver[@]}"
# binder_compat.h exists to test LINUX_VERSION_CODE (which checkpatch
# flags, with its operand order, in code meant to be merged upstream) and
# to name one type per kernel range (a typedef).
checkpatch "binder_compat.h" --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,NEW_TYPEDEFS \
	binder_compat.h
# TRACE_EVENT() bodies are written as every trace header in the kernel
# writes them: open-ended lines and macro-argument indentation.
checkpatch "binder_trace.h" --ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT binder_trace.h
# uapi headers cannot use the kernel's __packed, and checkpatch takes the
# anonymous __extension__ unions that the ABI needs for declarations.
checkpatch "uapi headers" --ignore PREFER_DEFINED_ATTRIBUTE_MACRO,LINE_SPACING uapi/linux/android/*.h

ensure_kernel_612
sparse_build "/usr/src/linux-headers-$(stock_kver)"
sparse_build "/usr/src/linux-headers-$(stock_kver 6.12)"

log "lint: $pass passed, $fail failed"
echo "selftests: $pass passed, $fail failed, 0 skipped"
[ $fail = 0 ]
