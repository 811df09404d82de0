#!/usr/bin/env bash
# debug-kernel.sh - build (once) and cache the debug test kernel for binder_ipc.
#
# Builds Debian's linux-source-6.1 with scripts/debug-kernel.config (KASAN, lockdep, kmemleak,
# UBSAN, ...) on top of tinyconfig, in ${BINDER_IPC_CACHE:-/var/cache/binder-ipc}/debug-kernel/<hash>,
# where <hash> covers the fragment, this script and the linux-source-6.1 package version. So it
# builds only when one of those changes (otherwise it just prints the environment below), and
# checkouts with different versions of these files each keep their own tree instead of
# rebuilding over each other. Trees unused for 7 days are deleted after a build.
#
# Usage: scripts/debug-kernel.sh [--print-env] [--force]
#   --print-env  no progress chatter on stderr when the cache is already up to date
#   --force      rebuild even if the cache is up to date
#
# Output (stdout, always, nothing else goes to stdout):
#   DEBUG_KDIR=<kernel build tree, usable as KDIR: make -C $DEBUG_KDIR M=<dir> modules>
#   DEBUG_KERNEL=<LZ4 bzImage for qemu-system-x86_64 -kernel. It has no ACPI: end the VM with
#                 'reboot -f' + -no-reboot, and use -smp N,sockets=N (else Linux sees 1 CPU)>
#   DEBUG_REF_KO=<reference binder_linux.ko from the same tree>
# so callers can do:  eval "$(scripts/debug-kernel.sh --print-env)"
# Progress goes to stderr; the full build log is in <cache>/build.log (tail printed on failure).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
frag=$here/debug-kernel.config
self=$here/$(basename "${BASH_SOURCE[0]}")
base=${BINDER_IPC_CACHE:-/var/cache/binder-ipc}/debug-kernel
tarball=/usr/src/linux-source-6.1.tar.xz
pkgs=(linux-source-6.1 bc bison flex libelf-dev libssl-dev cpio xz-utils lz4 build-essential)

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
    printf 'DEBUG_KERNEL=%q\n' "$tree/arch/x86/boot/bzImage"
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

# 2. Up to date? The build dir is named after a hash of the fragment, this script and the
#    source package version; its stamp file exists only once a build has fully succeeded.
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
stamp=$({ cat "$frag" "$self"; echo "linux-source-6.1 $srcver"; } | sha256sum | cut -d' ' -f1)
cache=$base/${stamp:0:16}
tree=$cache/linux-source-6.1
log=$cache/build.log
stampfile=$cache/stamp
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # one builder per version; others wait, then take the fast path
if ((!force)) && [[ -f $stampfile && $(<"$stampfile") == "$stamp" &&
    -f $tree/arch/x86/boot/bzImage && -f $tree/drivers/android/binder_linux.ko ]]; then
    touch "$stampfile" # last-used time, for pruning
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

say "compiling (make -j$(nproc) bzImage modules) ..."
run make -j"$(nproc)" bzImage modules
[[ -f arch/x86/boot/bzImage && -f drivers/android/binder_linux.ko ]] || { say "FAILED: bzImage or binder_linux.ko missing"; exit 1; }

# 5. The tree must work as KDIR for out-of-tree modules: build a trivial one.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <linux/module.h>\nstatic int __init h_init(void) { return 0; }\nmodule_init(h_init);\nMODULE_LICENSE("GPL");\n' >"$tmp/hello.c"
echo 'obj-m := hello.o' >"$tmp/Makefile"
run make -C "$tree" M="$tmp" modules
[[ -f $tmp/hello.ko ]] || { say "FAILED: external module test did not produce hello.ko"; exit 1; }

echo "$stamp" >"$stampfile"
say "done in $((SECONDS - start)) s"
# Prune trees of other versions unused for 7 days (skipping any being built right now).
for d in "$base"/*/; do
    [[ ${d%/} != "$cache" && -n $(find "${d}stamp" -mtime +7 2>/dev/null) ]] || continue
    flock -n "${d}.lock" rm -rf "$d" || true
done
print_env
