#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/pkg/run.sh: the package test (make check-pkg; part of make test).
#
#   1. make deb, and the package's own contents: name, version (the VERSION
#      file) in the control file and dkms.conf, every source Kbuild names,
#      the conffile, the documented devices=, a udev rule never
#      world-writable;
#   2. a snapshot of the host's module trees, dpkg and DKMS state, /usr/src,
#      the modprobe.d/udev/group configuration;
#   3. inroot.sh in a throw-away root (an overlay over / in a private mount
#      namespace, without CAP_SYS_MODULE): dpkg -i, DKMS builds the module
#      for Debian's 6.1 and 6.12 kernels, the udev rule, dpkg --purge,
#      make install and make uninstall;
#   4. the snapshot again: the host must be byte for byte as it was;
#   5. each module DKMS built boots in the VM on its kernel
#      (scripts/vm.sh MODULE_KO=...) and passes version_test and txn_test.
#
# Nothing is loaded on the host.  Ends with
# "selftests: N passed, N failed, N skipped" (each check above counts one,
# plus the VM's selftests) and exits non-zero on any failure.
#
# Environment: BUILD (outputs in $BUILD/pkg), PKG_TESTS (the selftest
# binaries run on the DKMS-built modules; default "version_test txn_test").
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

pass=0 fail=0 skip=0
# phase TITLE: a heading, with the time so far.
phase() { log "pkg: == $* (at $((SECONDS - start))s)"; }
ok() { log "pkg: ok: $*"; pass=$((pass + 1)); }
bad() { log "pkg: FAIL: $*"; fail=$((fail + 1)); }
finish() {
	log "pkg: done in $((SECONDS - start))s"
	echo "selftests: $pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit
}
start=$SECONDS
out=$BUILD/pkg
version=$(cat "$ROOT/VERSION")

ensure_test_deps
ensure_pkgs dkms dpkg-dev util-linux
k61=$(stock_kver 6.1) k612=$(stock_kver 6.12)

# ---- 1. make deb, and what is in it ----
phase "make deb"
rm -rf "$out"
mkdir -p "$out"
if ! deb=$("$ROOT/scripts/mkdeb.sh" "$out/deb" | tail -n1) || [ ! -f "$deb" ]; then
	bad "make deb"
	finish
fi
ok "make deb: $deb"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = binder-ipc-dkms ] && ok "package name binder-ipc-dkms" ||
	bad "package name '$(field Package)'"
[ "$(field Version)" = "$version" ] && ok "package version $version (VERSION)" ||
	bad "package version '$(field Version)', VERSION says $version"
field Depends | grep -q '\bdkms\b' && ok "depends on dkms" || bad "does not depend on dkms"
x=$out/deb/contents
rm -rf "$x"
dpkg-deb -R "$deb" "$x"
srcdir=$x/usr/src/binder-ipc-$version
grep -qx "PACKAGE_VERSION=\"$version\"" "$srcdir/dkms.conf" &&
	grep -qx 'PACKAGE_NAME="binder-ipc"' "$srcdir/dkms.conf" &&
	ok "dkms.conf: binder-ipc $version" || bad "dkms.conf does not name binder-ipc $version"
[ "$(cat "$srcdir/VERSION")" = "$version" ] && ok "the packaged VERSION is $version" ||
	bad "the packaged VERSION is '$(cat "$srcdir/VERSION")'"
missing=
for o in $(sed -n 's/^binder_ipc-y [:+]= \(.*\)\.o$/\1/p' "$ROOT/Kbuild"); do
	[ -f "$srcdir/$o.c" ] || missing="$missing $o.c"
done
for f in $(cd "$ROOT" && ls ./*.h uapi/linux/android/*.h); do
	[ -f "$srcdir/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "every source of Kbuild and every header is packaged" ||
	bad "not packaged:$missing"
grep -qx /etc/modprobe.d/binder-ipc.conf "$x/DEBIAN/conffiles" &&
	ok "/etc/modprobe.d/binder-ipc.conf is a conffile" || bad "modprobe.d file is no conffile"
grep -q 'devices=binder,hwbinder,vndbinder' "$x/etc/modprobe.d/binder-ipc.conf" &&
	ok "modprobe.d documents devices=binder,hwbinder,vndbinder" ||
	bad "modprobe.d does not document devices=binder,hwbinder,vndbinder"
rules=$x/lib/udev/rules.d/60-binder-ipc.rules
modes=$(grep -v '^\s*#' "$rules" | grep -o 'MODE="[0-7]*"' | tr -dc '0-7\n')
if [ -n "$modes" ] && ! grep -qv '^0*600$' <<<"$modes"; then
	ok "udev rule: every MODE is 0600"
else
	bad "udev rule modes: $(tr '\n' ' ' <<<"$modes") (want only 0600 by default)"
fi
grep -q 'GROUP="binder", MODE="0660"' "$rules" && ok "udev rule documents the group opt-in" ||
	bad "udev rule does not document GROUP=\"binder\", MODE=\"0660\""

# ---- 2. the host, before ----
# Every path the throw-away root writes to, or could if it leaked: the
# module trees, dpkg's and DKMS's state, /usr/src, the configuration the
# package and the test touch.  Metadata of every entry, and the contents
# of every file but the large source tarballs (their metadata is enough).
watched=(/lib/modules /var/lib/dpkg /var/lib/dkms /usr/src /etc/modprobe.d /etc/udev
	/lib/udev/rules.d /etc/group /etc/gshadow /etc/passwd /etc/shadow /etc/dkms)
snapshot() {
	local paths=() d
	for d in "${watched[@]}"; do [ -e "$d" ] && paths+=("$d"); done
	find "${paths[@]}" -xdev -printf '%p %y %m %U:%G %s %T@ %l\n' | LC_ALL=C sort
	find "${paths[@]}" -xdev -type f ! -name '*.tar.*' -print0 | LC_ALL=C sort -z |
		xargs -0 -r -P2 -n 200 sha256sum | LC_ALL=C sort -k2
}
phase "snapshot of the host: ${watched[*]}"
snapshot >"$out/host-before.txt"

# ---- 3. the throw-away root ----
phase "the throw-away root: dpkg -i, DKMS for $k61 and $k612, udev, purge, make install"
setpriv --bounding-set=-sys_module --inh-caps=-sys_module \
	unshare --mount --pid --fork --propagation private \
	"$ROOT/tests/pkg/inroot.sh" "$deb" "$out/modules" "$k61" "$k612" 2>&1 |
	tee "$out/inroot.log" | grep --line-buffered -E '^(ok:|FAIL:|skip:|---) ' |
	sed -u 's/^/pkg: /' >&2
rc=${PIPESTATUS[0]}
n_ok=$(grep -c '^ok: ' "$out/inroot.log")
n_bad=$(grep -c '^FAIL: ' "$out/inroot.log")
n_skip=$(grep -c '^skip: ' "$out/inroot.log")
pass=$((pass + n_ok)) fail=$((fail + n_bad)) skip=$((skip + n_skip))
if [ "$rc" -ne 0 ] || [ "$n_ok" -eq 0 ]; then
	bad "the throw-away root ended early (exit $rc); its log, $out/inroot.log, ends:"
	tail -n 40 "$out/inroot.log" >&2
fi
[ "$n_bad" -gt 0 ] && log "pkg: the throw-away root's log: $out/inroot.log"

# ---- 4. the host, after ----
phase "snapshot of the host, again"
snapshot >"$out/host-after.txt"
if cmp -s "$out/host-before.txt" "$out/host-after.txt"; then
	ok "the host's module trees, dpkg and DKMS state and configuration are unchanged"
else
	bad "the host changed:"
	diff "$out/host-before.txt" "$out/host-after.txt" | head -n 20 >&2
fi

# ---- 5. the DKMS-built modules in the VM ----
for kv in "$k61:--kernel=6.1" "$k612:--kernel=6.12"; do
	k=${kv%%:*} opt=${kv#*:}
	ko=$(ls "$out/modules/$k"/binder_ipc.ko* 2>/dev/null | head -n1)
	if [ -z "$ko" ]; then
		bad "no DKMS-built module for $k to boot"
		continue
	fi
	phase "vm ($k): ${PKG_TESTS:-version_test txn_test} on $ko"
	line=$(MODULE_KO=$ko TESTS=${PKG_TESTS:-version_test txn_test} \
		"$ROOT/scripts/vm.sh" "$opt" check | tee "$out/vm-$k.log" | grep '^selftests: ' | tail -n1)
	if [ -z "$line" ]; then
		bad "$k: the VM gave no result (see $out/vm-$k.log and the console log)"
		continue
	fi
	log "pkg: $k: $line"
	p=$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")
	s=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$line")
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-1})) skip=$((skip + ${s:-0}))
	[ "${p:-0}" -gt 0 ] || bad "$k: no selftest passed on the DKMS-built module"
done
finish
