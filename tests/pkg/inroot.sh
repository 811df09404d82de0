#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# inroot.sh DEB OUTDIR KVER...: the part of the package test (run.sh) that
# runs in a throw-away root.  Never run it by hand: run.sh starts it in a
# private mount and pid namespace, without CAP_SYS_MODULE, as
#
#	setpriv --bounding-set=-sys_module --inh-caps=-sys_module \
#		unshare --mount --pid --fork --propagation private inroot.sh ...
#
# The throw-away root is an overlayfs whose lower layer is the host's /
# (read-only to it) and whose upper layer is a tmpfs private to this mount
# namespace: dpkg, DKMS, depmod, groupadd and make install write only into
# the tmpfs, which vanishes with the namespace.  Inside it:
#
#   1. the package installs (dpkg -i): its postinst has DKMS build and
#      install the module; DKMS then installs it for every KVER;
#   2. each KVER's module is checked (version, vermagic, found by the
#      depmod index) and copied to OUTDIR/KVER/ for the VM;
#   3. the udev rule, on fake misc devices: root-only by default, the
#      documented group opt-in gives 0660 root:binder;
#   4. make install refuses while the package is installed;
#   5. dpkg --purge leaves nothing behind;
#   6. make install and make uninstall, for the first KVER.
#
# Prints one line per check: "ok: ...", "FAIL: ..." or "skip: ...", which
# run.sh counts; everything else is the commands' output, for the log.
set -uo pipefail

deb=$1 outdir=$2
shift 2
kvers=("$@")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
version=$(cat "$src/VERSION")
name=binder-ipc

# section TITLE: a heading for the log, with the time so far.
section() { echo "--- $* (at ${SECONDS}s)"; }
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; }
skip() { echo "skip: $*"; }
# check DESCRIPTION CMD...: ok or FAIL by CMD's status.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
abort() {
	bad "$*"
	exit 1
}

# ---- the throw-away root ----
# Nothing here may load a module into the host's kernel: the capability
# is gone from the bounding set, so no process below can get it back.
capeff=$(sed -n 's/^CapEff:\s*//p' /proc/self/status)
if [ $((0x$capeff >> 16 & 1)) -ne 0 ]; then
	abort "CAP_SYS_MODULE is still effective: not running as run.sh starts it"
fi
ok "no CAP_SYS_MODULE in the throw-away root (CapEff $capeff)"

# The overlay sees only the root filesystem, not what is mounted on it:
# what dpkg and DKMS write to must be on it.
for d in /usr /etc /var/lib/dpkg /var/lib/dkms /lib/modules /usr/src; do
	[ "$(findmnt -n -o TARGET --target "$d")" = / ] ||
		abort "$d is on its own filesystem: an overlay over / cannot stand in for it"
done
grep -qw overlay /proc/filesystems || abort "the host kernel has no overlayfs"

tmp=$outdir/.root
mkdir -p "$tmp"
mount -t tmpfs -o size=3G,mode=0755 binder-ipc-pkg-test "$tmp" || abort "cannot mount a tmpfs"
mkdir -p "$tmp/upper" "$tmp/work" "$tmp/root"
root=$tmp/root
mount -t overlay binder-ipc-pkg-test -o "lowerdir=/,upperdir=$tmp/upper,workdir=$tmp/work" \
	"$root" || abort "cannot mount the overlay over /"
# Fresh /proc (of this pid namespace), /run, /tmp and a /dev of a few nodes;
# no /sys: nothing in here has any business with the host's devices.
mount -t proc proc "$root/proc"
mount -t tmpfs tmpfs "$root/run"
mount -t tmpfs tmpfs "$root/tmp"
mount -t tmpfs -o mode=0755 tmpfs "$root/dev"
for n in null zero full random urandom; do
	touch "$root/dev/$n"
	mount --bind "/dev/$n" "$root/dev/$n"
done
ln -s /proc/self/fd "$root/dev/fd"
# The sources (for make install), read-only, wherever the worktree lives.
mkdir -p "$root/mnt/binder-ipc-src"
mount --bind "$src" "$root/mnt/binder-ipc-src"
mount -o remount,bind,ro "$root/mnt/binder-ipc-src"
# /boot (dkms's postinst looks for the newest kernel there), if separate.
if [ "$(findmnt -n -o TARGET --target /boot)" != / ]; then
	mount --bind /boot "$root/boot" && mount -o remount,bind,ro "$root/boot"
fi
cp "$deb" "$root/tmp/"
debname=$(basename "$deb")

# in_root CMD...: run CMD in the throw-away root, with a clean environment.
in_root() {
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# dkms_state KVER: "installed", "built", "added" or "" for this version.
dkms_state() {
	in_root dkms status -m "$name" -v "$version" -k "$1" 2>/dev/null |
		sed -n 's/.*: \(installed\|built\|added\).*/\1/p' | head -n1
}

# module_of KVER: the module DKMS installed for KVER (.ko, or compressed as
# the kernel's own modules are), as a path inside the root.
module_of() {
	local f
	for f in /lib/modules/$1/updates/dkms/binder_ipc.ko{,.xz,.zst,.gz}; do
		[ -e "$root$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

dump_dkms_logs() {
	local f
	for f in "$root"/var/lib/dkms/$name/$version/build/make.log \
		"$root/var/lib/dkms/$name/$version"/*/*/log/make.log; do
		[ -r "$f" ] && { echo "--- $f:"; tail -n 40 "$f"; }
	done
}

# ---- 1. dpkg -i: the postinst hands the source to DKMS ----
section "dpkg -i $debname"
if in_root dpkg -i "/tmp/$debname"; then
	ok "dpkg -i $debname"
else
	dump_dkms_logs
	abort "dpkg -i $debname failed"
fi
check "dpkg: binder-ipc-dkms $version is installed" \
	in_root sh -c "dpkg-query -W -f='\${Status} \${Version}' binder-ipc-dkms |
		grep -qx 'install ok installed $version'"
check "the source is in /usr/src/$name-$version" test -f "$root/usr/src/$name-$version/dkms.conf"
check "dkms.conf there has PACKAGE_VERSION=\"$version\"" \
	grep -qx "PACKAGE_VERSION=\"$version\"" "$root/usr/src/$name-$version/dkms.conf"
check "/etc/modprobe.d/binder-ipc.conf is installed" test -f "$root/etc/modprobe.d/binder-ipc.conf"
check "/lib/udev/rules.d/60-binder-ipc.rules is installed" \
	test -f "$root/lib/udev/rules.d/60-binder-ipc.rules"

# The postinst builds for the running kernel and the newest (dkms's
# helper); which ones exist here depends on the host.  It must have built
# for at least one; DKMS builds the others now, as it would for a kernel
# installed later.
by_postinst=()
for k in "${kvers[@]}"; do
	[ "$(dkms_state "$k")" = installed ] && by_postinst+=("$k")
done
if [ ${#by_postinst[@]} -gt 0 ]; then
	ok "the postinst had DKMS build and install it (for: ${by_postinst[*]})"
else
	bad "the postinst built the module for none of: ${kvers[*]}"
fi
for k in "${kvers[@]}"; do
	[ "$(dkms_state "$k")" = installed ] && continue
	section "dkms install -m $name -v $version -k $k"
	in_root dkms install -m "$name" -v "$version" -k "$k" || dump_dkms_logs
done

# ---- 2. the modules DKMS built ----
for k in "${kvers[@]}"; do
	if [ "$(dkms_state "$k")" != installed ]; then
		bad "dkms: $name/$version is not installed for $k"
		continue
	fi
	ok "dkms: $name/$version installed for $k"
	if ! ko=$(module_of "$k"); then
		bad "no binder_ipc.ko in /lib/modules/$k/updates/dkms"
		continue
	fi
	ok "$k: $ko"
	v=$(modinfo -F version "$root$ko")
	[ "$v" = "$version" ] && ok "$k: module version $v" ||
		bad "$k: module version '$v', not $version"
	ref=$(ls "/lib/modules/$k/kernel/drivers/android/binder_linux.ko"* 2>/dev/null | head -n1)
	want=$(modinfo -F vermagic "$ref")
	magic=$(modinfo -F vermagic "$root$ko")
	[ -n "$want" ] && [ "$magic" = "$want" ] && ok "$k: vermagic '$magic' is the kernel's" ||
		bad "$k: vermagic '$magic', the kernel's binder_linux.ko has '$want'"
	# What modprobe would load, from the index depmod wrote (nothing is loaded).
	found=$(in_root modinfo -k "$k" -n binder_ipc 2>/dev/null)
	[ "$found" = "$ko" ] && ok "$k: depmod's index finds it" ||
		bad "$k: modinfo -k $k -n binder_ipc gives '$found', not $ko"
	mkdir -p "$outdir/$k"
	rm -f "$outdir/$k"/binder_ipc.ko*
	cp "$root$ko" "$outdir/$k/"
done

# ---- 3. the udev rule, on fake misc devices ----
# udevadm test runs the rules for a device as udevd would and applies
# OWNER, GROUP and MODE to its node; the device is a fake one in a tmpfs
# /sys of this namespace, its node a fresh one in the root's tmpfs /dev.
# SYSTEMD_DEVICE_VERIFY_SYSFS=0 lets sd-device accept a /sys that is not
# sysfs.  No RUN program is run by udevadm test.
fake_sysfs() {
	local n minor=120 d
	mount -t tmpfs tmpfs "$root/sys"
	mkdir -p "$root/sys/class/misc" "$root/sys/bus"
	for n in "$@"; do
		d=$root/sys/devices/virtual/misc/$n
		mkdir -p "$d"
		printf 'MAJOR=10\nMINOR=%d\nDEVNAME=%s\n' $minor "$n" >"$d/uevent"
		echo "10:$minor" >"$d/dev"
		ln -s ../../../../class/misc "$d/subsystem"
		ln -s "../../devices/virtual/misc/$n" "$root/sys/class/misc/$n"
		minor=$((minor + 1))
	done
}

# udev_node NAME: run the rules for /dev/NAME; print its "mode owner group".
udev_node() {
	local n=$1 dev
	dev=$(sed -n 's/^MINOR=//p' "$root/sys/devices/virtual/misc/$n/uevent")
	rm -f "$root/dev/$n"
	mknod -m 0666 "$root/dev/$n" c 10 "$dev"
	in_root env SYSTEMD_DEVICE_VERIFY_SYSFS=0 \
		udevadm test --action=add "/sys/devices/virtual/misc/$n" >/dev/null 2>&1
	in_root stat -c '%a %U %G' "/dev/$n"	# names as the root knows them
}

if [ -x "$root/bin/udevadm" ] || [ -x "$root/usr/bin/udevadm" ]; then
	section "udev"
	fake_sysfs binder hwbinder vndbinder
	for n in binder hwbinder vndbinder; do
		got=$(udev_node "$n")
		[ "$got" = "600 root root" ] && ok "udev: /dev/$n is 0600 root:root by default" ||
			bad "udev: /dev/$n is '$got' by default, not 600 root root"
	done
	# The opt-in, as the rule's comment tells the administrator to do it.
	in_root groupadd --system binder 2>/dev/null	# (or it exists already)
	sed 's/GROUP="root", MODE="0600"/GROUP="binder", MODE="0660"/' \
		"$root/lib/udev/rules.d/60-binder-ipc.rules" >"$root/etc/udev/rules.d/60-binder-ipc.rules"
	for n in binder hwbinder vndbinder; do
		got=$(udev_node "$n")
		[ "$got" = "660 root binder" ] &&
			ok "udev: with the documented opt-in, /dev/$n is 0660 root:binder" ||
			bad "udev: with the documented opt-in, /dev/$n is '$got', not 660 root binder"
	done
	rm -f "$root/etc/udev/rules.d/60-binder-ipc.rules"
	umount "$root/sys"
else
	skip "udev: no udevadm on this machine (apt-get install udev to test the rule)"
fi

# ---- 4. make install refuses to fight the package ----
section "make install, with the package installed"
if in_root make -s -C /mnt/binder-ipc-src install BUILD=/tmp/build KVER="${kvers[0]}" \
	>"$root/tmp/refused.log" 2>&1; then
	bad "make install ran while the package is installed"
else
	grep -q 'remove it first' "$root/tmp/refused.log" &&
		ok "make install refuses while the package is installed" ||
		{ cat "$root/tmp/refused.log"; bad "make install failed, but not by refusing"; }
fi

# ---- 5. dpkg --purge: nothing left ----
section "dpkg --purge binder-ipc-dkms"
check "dpkg --purge binder-ipc-dkms" in_root dpkg --purge binder-ipc-dkms
left=$(cd "$root" && ls -d usr/src/$name-* var/lib/dkms/$name etc/modprobe.d/binder-ipc.conf \
	lib/udev/rules.d/60-binder-ipc.rules lib/modules/*/updates/dkms/binder_ipc.ko* 2>/dev/null)
[ -z "$left" ] && ok "purge: no source, DKMS tree, module or config left" ||
	bad "purge left: $(tr '\n' ' ' <<<"$left")"
for k in "${kvers[@]}"; do
	grep -q binder_ipc "$root/lib/modules/$k/modules.dep" &&
		bad "purge: $k's modules.dep still lists binder_ipc" ||
		ok "purge: depmod ran, $k's modules.dep has no binder_ipc"
done

# ---- 6. make install / make uninstall, without DKMS ----
k=${kvers[0]}
section "make install KVER=$k"
if in_root make -s -C /mnt/binder-ipc-src install BUILD=/tmp/build KVER="$k"; then
	ok "make install KVER=$k"
	ko=/lib/modules/$k/updates/binder_ipc.ko
	check "make install: $ko" test -f "$root$ko"
	v=$(modinfo -F version "$root$ko" 2>/dev/null)
	[ "$v" = "$version" ] && ok "make install: module version $v" ||
		bad "make install: module version '$v', not $version"
	found=$(in_root modinfo -k "$k" -n binder_ipc 2>/dev/null)
	[ "$found" = "$ko" ] && ok "make install: depmod ran, its index finds $ko" ||
		bad "make install: modinfo -k $k -n binder_ipc gives '$found', not $ko"
	check "make install: the modprobe.d file and the udev rule" \
		test -f "$root/etc/modprobe.d/binder-ipc.conf" -a \
		-f "$root/lib/udev/rules.d/60-binder-ipc.rules"
else
	bad "make install KVER=$k"
fi
section "make uninstall KVER=$k"
check "make uninstall KVER=$k" in_root make -s -C /mnt/binder-ipc-src uninstall BUILD=/tmp/build \
	KVER="$k"
left=$(cd "$root" && ls -d "lib/modules/$k/updates/binder_ipc.ko" etc/modprobe.d/binder-ipc.conf \
	lib/udev/rules.d/60-binder-ipc.rules 2>/dev/null)
[ -z "$left" ] && ok "make uninstall: nothing left" || bad "make uninstall left: $(tr '\n' ' ' <<<"$left")"
in_root modinfo -k "$k" -n binder_ipc >/dev/null 2>&1 &&
	bad "make uninstall: depmod's index still finds binder_ipc" ||
	ok "make uninstall: depmod's index no longer finds binder_ipc"
exit 0
