#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkdeb.sh [OUTDIR]: `make deb`.  Builds binder-ipc-dkms_<version>_all.deb
# in OUTDIR (default $BUILD/deb) with dpkg-deb alone (no debhelper, no
# fakeroot: --root-owner-group makes every file root's).  It holds
#
#   /usr/src/binder-ipc-<version>/	the module's sources and dkms.conf
#   /etc/modprobe.d/binder-ipc.conf	the devices= option, documented (conffile)
#   /lib/udev/rules.d/60-binder-ipc.rules	root-only devices; the opt-in group
#   /usr/share/doc/binder-ipc-dkms/copyright
#
# and maintainer scripts that hand the source to DKMS (postinst) and take
# it back (prerm).  <version> is the VERSION file, written into dkms.conf,
# the control file and the scripts here, and into the module by Kbuild.
# File times are the last commit's (SOURCE_DATE_EPOCH), so the same tree
# gives the same package.  Prints the package's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:-$BUILD/deb}
version=$(cat "$ROOT/VERSION")
# A Debian version that is also a DKMS version and a plain path component.
[[ $version =~ ^[0-9][A-Za-z0-9.+~]*$ ]] ||
	die "VERSION '$version' is not a version (digits first, then [A-Za-z0-9.+~])"
name=binder-ipc
pkg=$name-dkms
deb=$out/${pkg}_${version}_all.deb

stage=$out/stage
rm -rf "$stage"
umask 022
src=$stage/usr/src/$name-$version
mkdir -p "$src" "$stage/DEBIAN" "$stage/etc/modprobe.d" "$stage/lib/udev/rules.d" \
	"$stage/usr/share/doc/$pkg"

# The module's sources, by pattern as Kbuild finds them (not the files
# a build in the worktree may have left, like *.mod.c).
(
	cd "$ROOT"
	shopt -s nullglob
	files=(Kbuild VERSION ./*.c ./*.h uapi/linux/android/*.h)
	for f in "${files[@]}"; do
		case $f in *.mod.c) continue ;; esac
		cp --parents "$f" "$src/"
	done
)
sed "s/@VERSION@/$version/g" "$ROOT/dkms.conf" >"$src/dkms.conf"
cp "$ROOT/packaging/binder-ipc.conf" "$stage/etc/modprobe.d/binder-ipc.conf"
cp "$ROOT/packaging/60-binder-ipc.rules" "$stage/lib/udev/rules.d/60-binder-ipc.rules"
cp "$ROOT/packaging/deb/copyright" "$stage/usr/share/doc/$pkg/copyright"

for f in postinst prerm; do
	sed "s/@VERSION@/$version/g" "$ROOT/packaging/deb/$f" >"$stage/DEBIAN/$f"
	chmod 0755 "$stage/DEBIAN/$f"
done
echo /etc/modprobe.d/binder-ipc.conf >"$stage/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/g" -e "s/@INSTALLED_SIZE@/$size/" \
	"$ROOT/packaging/deb/control" >"$stage/DEBIAN/control"

# Every placeholder filled: a leftover one would reach users' systems.
if grep -rl '@[A-Z_]*@' "$stage"; then
	die "placeholders left in the files above"
fi
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f ! -path "$stage/DEBIAN/p*" -exec chmod 0644 {} +

SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out"
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >&2
log "built $deb"
echo "$deb"
