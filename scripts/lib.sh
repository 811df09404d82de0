# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the build and VM scripts.  Source it; do not run it.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ensure_pkgs PKG...: install the Debian packages that are missing.
# Idempotent: does nothing (and needs no network) when all are present.
ensure_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || die "need root to apt-get install ${missing[*]}"
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >&2
}

# Everything the tests need on a fresh Debian 12 machine.
ensure_test_deps() {
	ensure_pkgs gcc make libc6-dev cpio gzip xz-utils zstd kmod \
		qemu-system-x86 busybox-static \
		linux-image-amd64 linux-headers-amd64 linux-source-6.1 linux-libc-dev
	ensure_kernel_612
	ensure_pkgs_32
}

# ---- 32-bit user space ----
# gcc -m32 -static: the multilib compiler and the i386 static glibc.
ensure_pkgs_32() {
	ensure_pkgs gcc-multilib libc6-dev-i386
}

# kernel_runs_32bit KDIR: whether the kernel built from KDIR (its .config)
# runs i386 binaries (IA32 emulation; it brings CONFIG_COMPAT with it).
kernel_runs_32bit() {
	grep -q '^CONFIG_IA32_EMULATION=y' "$1/.config" 2>/dev/null
}

# Debian's 6.12 kernel (bookworm-security) has no meta package for the
# unsigned image: install the newest version whose image and headers
# both exist, unless one is installed already.
ensure_kernel_612() {
	local v
	[ -n "$(stock_kver 6.12 2>/dev/null)" ] && return 0
	apt-get update -qq >&2 || true
	v=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' |
		sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12-amd64\)-unsigned .*/\1/p' |
		sort -t. -k3,3n | while read -r k; do
			apt-cache show "linux-headers-$k" >/dev/null 2>&1 && echo "$k"
		done | tail -n1)
	[ -n "$v" ] || die "no Debian 6.12 kernel with headers in the archive (bookworm-security)"
	ensure_pkgs "linux-image-$v-unsigned" "linux-headers-$v"
}

# stock_kver [SERIES]: the newest installed Debian kernel of SERIES (6.1,
# the default, or 6.12) that has both image and headers.
stock_kver() {
	local series=${1:-6.1} img kver glob
	case $series in
	6.1) glob='/boot/vmlinuz-6.1.0-*-amd64' ;;
	6.12) glob='/boot/vmlinuz-6.12.*+deb12-amd64' ;;
	*) die "unknown kernel series '$series' (6.1 or 6.12)" ;;
	esac
	for img in $glob; do
		[ -e "$img" ] || continue
		kver=${img#/boot/vmlinuz-}
		[ -d "/usr/src/linux-headers-$kver" ] && echo "$kver"
	done | sort -V | tail -n1 | grep . ||
		die "no Debian $series kernel with headers: apt-get install its linux-image and linux-headers"
}

# extract_vmlinux BZIMAGE OUT: unpack the ELF kernel from an XZ (6.1) or
# zstd (6.12) bzImage so QEMU can boot it through PVH, which skips the slow
# decompression.
extract_vmlinux() {
	local img=$1 out=$2 off
	[ -s "$out" ] && return 0
	off=$(LC_ALL=C grep -aboP '\xfd7zXZ\x00' "$img" | head -n1 | cut -d: -f1)
	if [ -n "$off" ]; then
		tail -c +"$((off + 1))" "$img" | xz -dc >"$out.tmp" 2>/dev/null || true
	else
		off=$(LC_ALL=C grep -aboP '\x28\xb5\x2f\xfd' "$img" | head -n1 | cut -d: -f1)
		[ -n "$off" ] || return 1
		tail -c +"$((off + 1))" "$img" | zstd -dcq >"$out.tmp" 2>/dev/null || true
	fi
	if [ "$(head -c 4 "$out.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
		mv "$out.tmp" "$out"
	else
		rm -f "$out.tmp"
		return 1
	fi
}

# kernel_env FLAVOUR: print KDIR, KERNEL and REF_KO for "stock" (Debian's
# 6.1), "stock-6.12" (Debian's 6.12) or "debug" (our 6.1 debug kernel).
# REF_KO may be xz-compressed (6.12 ships its modules so).
kernel_env() {
	case $1 in
	stock | stock-6.12)
		local kver vml series=6.1 ko
		[ "$1" = stock-6.12 ] && series=6.12
		kver=$(stock_kver $series)
		mkdir -p "$BUILD/$1"
		vml=$BUILD/$1/vmlinux-$kver
		extract_vmlinux "/boot/vmlinuz-$kver" "$vml" || vml=/boot/vmlinuz-$kver
		ko=/lib/modules/$kver/kernel/drivers/android/binder_linux.ko
		[ -e "$ko" ] || ko=$ko.xz
		echo "KDIR=/usr/src/linux-headers-$kver"
		echo "KERNEL=$vml"
		echo "REF_KO=$ko"
		;;
	debug)
		local env
		env=$("$ROOT/scripts/debug-kernel.sh" --print-env) || die "debug kernel build failed"
		eval "$env"
		echo "KDIR=$DEBUG_KDIR"
		echo "KERNEL=$DEBUG_KERNEL"
		echo "REF_KO=$DEBUG_REF_KO"
		;;
	*) die "unknown kernel flavour '$1' (stock, stock-6.12 or debug)" ;;
	esac
}

# kselftest_headers: extract the kselftest harness from linux-source-6.1
# once; it is GPL-2.0 kernel code we use but do not commit.
kselftest_headers() {
	local dir=$BUILD/kselftest src=/usr/src/linux-source-6.1.tar.xz
	if [ ! -s "$dir/kselftest_harness.h" ]; then
		[ -r "$src" ] || die "$src missing: apt-get install linux-source-6.1"
		mkdir -p "$dir"
		tar -xJf "$src" -C "$dir" --strip-components=4 \
			linux-source-6.1/tools/testing/selftests/kselftest.h \
			linux-source-6.1/tools/testing/selftests/kselftest_harness.h
	fi
	echo "$dir"
}
