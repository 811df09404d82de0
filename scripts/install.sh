#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install.sh install|uninstall: `make install` / `make uninstall`, without
# DKMS (the Debian package, `make deb`, is the DKMS way; use one or the
# other: both would give the kernel two binder_ipc.ko).
#
#   install    builds binder_ipc.ko against KDIR (default
#              /lib/modules/$KVER/build) and installs it as
#              $DESTDIR/lib/modules/$KVER/updates/binder_ipc.ko, with the
#              package's modprobe.d file and udev rule, then runs depmod.
#   uninstall  removes those files and runs depmod.
#
# KVER is the kernel to install for: default the running one.  Nothing is
# loaded: "modprobe binder_ipc" does that.  With DESTDIR (a staging root)
# depmod is left to whoever installs the tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

action=${1:-}
kver=${KVER:-$(uname -r)}
kdir=${KDIR:-/lib/modules/$kver/build}
destdir=${DESTDIR:-}
ko=$destdir/lib/modules/$kver/updates/binder_ipc.ko
conf=$destdir/etc/modprobe.d/binder-ipc.conf
rules=$destdir/lib/udev/rules.d/60-binder-ipc.rules

# The package owns these paths when it is installed: leave them to dpkg.
if [ -z "$destdir" ] && dpkg-query -W -f='${Status}' binder-ipc-dkms 2>/dev/null |
	grep -q 'ok installed'; then
	die "the binder-ipc-dkms package is installed: remove it first (apt remove binder-ipc-dkms)"
fi

run_depmod() {
	if [ -n "$destdir" ]; then
		log "DESTDIR set: run 'depmod $kver' once the tree is installed"
	elif [ -d "/lib/modules/$kver" ]; then
		depmod "$kver"
	fi
}

case $action in
install)
	[ -f "$kdir/Makefile" ] ||
		die "no kernel headers in $kdir for $kver: apt-get install linux-headers-$kver (or set KDIR=)"
	"$ROOT/scripts/build-module.sh" "$kdir" "$BUILD/install/$kver"
	install -D -m 0644 "$BUILD/install/$kver/binder_ipc.ko" "$ko"
	install -D -m 0644 "$ROOT/packaging/binder-ipc.conf" "$conf"
	install -D -m 0644 "$ROOT/packaging/60-binder-ipc.rules" "$rules"
	run_depmod
	log "installed $ko (version $(cat "$ROOT/VERSION")), $conf, $rules"
	log "load it with: modprobe binder_ipc"
	;;
uninstall)
	rm -f "$ko" "$conf" "$rules"
	run_depmod
	log "removed $ko, $conf, $rules (a loaded module stays until modprobe -r binder_ipc)"
	;;
*) die "usage: $0 install|uninstall (KVER=, KDIR=, DESTDIR= in the environment)" ;;
esac
