#!/bin/bash
# ABI check: our uapi/linux/android/binder.h against the system's upstream
# <linux/android/binder.h>, for protocol 8 (64-bit) and 7 (BINDER_IPC_32BIT),
# and our binderfs.h against <linux/android/binderfs.h>.
# Usage: tests/abi/run.sh   (from any directory; exits non-zero on mismatch)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
ref=/usr/include/linux/android/binderfs.h
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
# probe.c checks binder.h in both protocol modes, binderfs_probe.c binderfs.h.
for probe in probe:64 probe:32 binderfs_probe:64; do
	mode=${probe#*:} probe=${probe%:*}
	tag=$mode
	[[ $probe == probe ]] || tag=$probe
	extra=()
	[[ $mode == 32 ]] && extra=(-DBINDER_IPC_32BIT)
	bin=$build/$probe$mode
	"$cc" "${cflags[@]}" "${extra[@]}" -DABI_OURS -I"$repo/uapi" \
		-o "$bin.ours" "$here/$probe.c" ||
		{ echo "abi[$tag] FAIL: $probe does not build against our headers" >&2; exit 1; }
	"$cc" "${cflags[@]}" "${extra[@]}" -o "$bin.ref" "$here/$probe.c" ||
		{ echo "abi[$tag] FAIL: $probe does not build against the system headers" >&2; exit 1; }
	"$bin.ours" >"$bin.ours.txt"
	"$bin.ref" >"$bin.ref.txt"

	# Both outputs list the same items in the same order: compare pairwise.
	out=$(paste -d '\n' "$bin.ours.txt" "$bin.ref.txt" | awk -v m="$tag" '
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
