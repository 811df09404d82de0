#!/usr/bin/env bash
# debug-kernel.sh - build (once) and cache the debug test kernel for binder_ipc.
#
# Builds Debian's linux-source-6.1 with scripts/debug-kernel.config (KASAN, lockdep,
# kmemleak, UBSAN, ...) on top of tinyconfig, in ${BINDER_IPC_CACHE:-/var/cache/binder-ipc}/debug-kernel.
# It rebuilds only when the fragment, this script or the linux-source-6.1 package version
# changes; otherwise it does nothing but print the environment below.
#
# Usage: scripts/debug-kernel.sh [--print-env] [--force]
#   --print-env  no progress chatter on stderr when the cache is already up to date
#   --force      rebuild even if the cache is up to date
#
# Output (stdout, always, nothing else goes to stdout):
#   DEBUG_KDIR=<kernel build tree, usable as KDIR: make -C $DEBUG_KDIR M=<dir> modules>
#   DEBUG_KERNEL=<ELF vmlinux, boots directly via PVH: qemu-system-x86_64 -kernel $DEBUG_KERNEL>
#   DEBUG_REF_KO=<reference binder_linux.ko from the same tree>
# so callers can do:  eval "$(scripts/debug-kernel.sh --print-env)"
# Progress goes to stderr; the full build log is in <cache>/build.log (tail printed on failure).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
frag=$here/debug-kernel.config
self=$here/$(basename "${BASH_SOURCE[0]}")
cache=${BINDER_IPC_CACHE:-/var/cache/binder-ipc}/debug-kernel
tarball=/usr/src/linux-source-6.1.tar.xz
tree=$cache/linux-source-6.1
log=$cache/build.log
stampfile=$cache/stamp
pkgs=(linux-source-6.1 bc bison flex libelf-dev libssl-dev cpio xz-utils build-essential)

quiet=0 force=0
for arg in "$@"; do
    case $arg in
        --print-env) quiet=1 ;;
        --force) force=1 ;;
        -h | --help) sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$self"; exit 0 ;;
        *) echo "debug-kernel: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

say() { echo "debug-kernel: $*" >&2; }
print_env() {
    printf 'DEBUG_KDIR=%q\n' "$tree"
    printf 'DEBUG_KERNEL=%q\n' "$tree/vmlinux"
    printf 'DEBUG_REF_KO=%q\n' "$tree/drivers/android/binder_linux.ko"
}
# Run a build step, output to the log; on failure show the log's tail and stop.
run() {
    echo "### $*" >>"$log"
    "$@" >>"$log" 2>&1 </dev/null || {
        say "FAILED: $* (exit $?); last lines of $log:"
        tail -n 40 "$log" >&2
        exit 1
    }
}

# 1. Build dependencies: install only what is missing (apt-get update only if needed).
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=; [[ $EUID -eq 0 ]] || sudo=sudo
    say "installing ${missing[*]}"
    $sudo apt-get -o DPkg::Lock::Timeout=900 update >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 \
        install -y --no-install-recommends "${missing[@]}" >&2
fi

# 2. Up to date? The stamp hashes the fragment, this script and the source package version.
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
stamp=$({ cat "$frag" "$self"; echo "linux-source-6.1 $srcver"; } | sha256sum | cut -d' ' -f1)
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # one builder at a time; others wait, then take the fast path
if ((!force)) && [[ -f $stampfile && $(<"$stampfile") == "$stamp" &&
    -f $tree/vmlinux && -f $tree/drivers/android/binder_linux.ko ]]; then
    ((quiet)) || say "up to date ($tree)"
    print_env
    exit 0
fi

# 3. Fresh build from the tarball.
say "building linux-source-6.1 $srcver debug kernel in $tree (log: $log)"
start=$SECONDS
rm -rf "$stampfile" "$tree"
: >"$log"
unset ARCH CROSS_COMPILE KBUILD_OUTPUT O
run tar -xJf "$tarball" -C "$cache"
cd "$tree"
run make tinyconfig
run scripts/kconfig/merge_config.sh -m .config "$frag"
run make olddefconfig

# 4. Every option we asked for must have survived olddefconfig (missing dependencies drop them).
dropped=()
while IFS= read -r line; do
    case $line in
        CONFIG_*) grep -qxF -- "$line" .config || dropped+=("$line") ;;
        "# CONFIG_"*" is not set")
            sym=${line#\# }; sym=${sym%% *}
            ! grep -q "^$sym=" .config || dropped+=("$line") ;;
    esac
done <"$frag"
if ((${#dropped[@]})); then
    say "FAILED: requested options not in the final .config (missing dependency?):"
    for l in "${dropped[@]}"; do
        sym=$(grep -o 'CONFIG_[A-Za-z0-9_]*' <<<"$l")
        printf '  wanted %-45s got %s\n' "$l" "$(grep -E "^(# )?${sym}[= ]" .config || echo '(absent)')" >&2
    done
    exit 1
fi

say "compiling (make -j$(nproc) vmlinux modules) ..."
run make -j"$(nproc)" vmlinux modules
[[ -f vmlinux && -f drivers/android/binder_linux.ko ]] || { say "FAILED: vmlinux or binder_linux.ko missing"; exit 1; }

# 5. The tree must work as KDIR for out-of-tree modules: build a trivial one.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <linux/module.h>\nstatic int __init h_init(void) { return 0; }\nmodule_init(h_init);\nMODULE_LICENSE("GPL");\n' >"$tmp/hello.c"
echo 'obj-m := hello.o' >"$tmp/Makefile"
run make -C "$tree" M="$tmp" modules
[[ -f $tmp/hello.ko ]] || { say "FAILED: external module test did not produce hello.ko"; exit 1; }

echo "$stamp" >"$stampfile"
say "done in $((SECONDS - start)) s"
print_env
