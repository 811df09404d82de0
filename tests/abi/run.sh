#!/bin/bash
# ABI check: our uapi/linux/android/binder.h against the system's upstream
# <linux/android/binder.h>, for protocol 8 (64-bit) and 7 (BINDER_IPC_32BIT).
# Usage: tests/abi/run.sh   (from any directory; exits non-zero on mismatch)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
ref=/usr/include/linux/android/binder.h
cc=${CC:-cc}
cflags=(-std=gnu11 -Wall -Wextra -Wno-type-limits -Werror)

if [[ ! -f $ref ]]; then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
		apt-get install -y linux-libc-dev >/dev/null
	fi
	[[ -f $ref ]] || { echo "abi: $ref missing (apt-get install linux-libc-dev)" >&2; exit 1; }
fi

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT

items=0 bad=0
for mode in 64 32; do
	extra=()
	[[ $mode == 32 ]] && extra=(-DBINDER_IPC_32BIT)
	"$cc" "${cflags[@]}" "${extra[@]}" -DABI_OURS -I"$repo/uapi" \
		-o "$build/ours$mode" "$here/probe.c" ||
		{ echo "abi[$mode] FAIL: probe does not build against our header" >&2; exit 1; }
	"$cc" "${cflags[@]}" "${extra[@]}" -o "$build/ref$mode" "$here/probe.c" ||
		{ echo "abi[$mode] FAIL: probe does not build against $ref" >&2; exit 1; }
	"$build/ours$mode" >"$build/ours$mode.txt"
	"$build/ref$mode" >"$build/ref$mode.txt"

	# Both outputs list the same items in the same order: compare pairwise.
	out=$(paste -d '\n' "$build/ours$mode.txt" "$build/ref$mode.txt" | awk -v m="$mode" '
		NR % 2 { ours = $0; next }
		{ n++; if (ours != $0) { k = $0; sub(/ [^ ]*$/, "", k); v = ours; sub(/.* /, "", v)
		  printf "abi[%s] MISMATCH %s: ours %s, upstream %s\n", m, k, v, $NF; bad++ } }
		END { print n + 0, bad + 0 }')
	read -r n b <<<"$(tail -n1 <<<"$out")"
	head -n -1 <<<"$out"
	items=$((items + n)) bad=$((bad + b))
done

echo "abi: $items items checked, $bad mismatches"
[[ $bad -eq 0 ]]
