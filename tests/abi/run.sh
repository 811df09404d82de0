#!/bin/bash
# ABI check: our uapi/linux/android/binder.h against the system's upstream
# <linux/android/binder.h>, for protocol 8 (64-bit), 7 (BINDER_IPC_32BIT) and
# 8 as 32-bit user space on a 64-bit kernel sees it (m32: gcc -m32), and our
# binderfs.h against <linux/android/binderfs.h>.  Then the compat check: in
# m32, every size, offset and command must be what 64-bit user space has,
# since the kernel reads both the same way (compat_ptr_ioctl).
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
# probe.c checks binder.h in both protocol modes and as 32-bit user space
# (m32), binderfs_probe.c checks binderfs.h.
for probe in probe:64 probe:32 probe:m32 binderfs_probe:64; do
	mode=${probe#*:} probe=${probe%:*}
	tag=$mode
	[[ $probe == probe ]] || tag=$probe
	extra=()
	[[ $mode == 32 ]] && extra=(-DBINDER_IPC_32BIT)
	[[ $mode == m32 ]] && extra=(-m32)
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

# compat: m32 against 64, ours.  Alignments may differ (a __u64 is 4-aligned
# in i386 structs) as long as sizes and offsets do not.  Upstream's own
# exception: binder_pri_ptr_cookie has an int before its __u64s, so it and
# BR_ATTEMPT_ACQUIRE, whose size it gives, differ; no driver sends that
# command ("not currently supported" in the uapi).
out=$(paste -d '\n' "$build/probem32.ours.txt" "$build/probe64.ours.txt" | awk '
	NR % 2 { m32 = $0; next }
	/ align=/ || /^BR_ATTEMPT_ACQUIRE / || /^struct binder_pri_ptr_cookie[ .]/ { next }
	{ n++; if (m32 != $0) { print "abi[compat] MISMATCH m32 " m32 ", 64-bit " $NF; bad++ } }
	END { print n + 0, bad + 0 }')
read -r n b <<<"$(tail -n1 <<<"$out")"
head -n -1 <<<"$out"
items=$((items + n)) bad=$((bad + b))

echo "abi: $items items checked, $bad mismatches"
[[ $bad -eq 0 ]]
