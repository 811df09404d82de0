#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KDIR OUTDIR: build binder_ipc.ko against the kernel tree
# or headers in KDIR, in a private copy of the sources under OUTDIR (so one
# checkout can hold builds for several kernels).  W=1 and -Werror: any
# compiler or modpost warning fails the build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: $0 KDIR OUTDIR (an empty KDIR means Debian's 6.1 headers)"
kdir=$1 out=$2
[ -n "$kdir" ] || kdir=/usr/src/linux-headers-$(stock_kver)
[ -f "$kdir/Makefile" ] ||
	die "KDIR=$kdir is not a kernel build tree: apt-get install linux-headers-amd64 (Debian 6.1 headers), or pass KDIR=<tree>"

mkdir -p "$out/src"
# Copy only what Kbuild needs; keep mtimes so rebuilds are incremental.
(cd "$ROOT" && cp -p --parents Kbuild ./*.c ./*.h uapi/linux/android/*.h "$out/src/")

logf=$out/build.log
if ! make -C "$kdir" M="$out/src" W=1 KCFLAGS=-Werror modules >"$logf" 2>&1; then
	cat "$logf" >&2
	die "module build failed against $kdir"
fi
if grep -i 'warning' "$logf" | grep -v 'Skipping BTF generation'; then
	die "module build printed warnings (see $logf)"
fi
cp "$out/src/binder_ipc.ko" "$out/binder_ipc.ko"
log "built $out/binder_ipc.ko against $kdir"
