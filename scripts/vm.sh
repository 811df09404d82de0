#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh [--debug | --kernel=6.1 | --kernel=6.12] check|run|shell|bench
#
# Builds binder_ipc.ko for the chosen kernel (Debian's stock 6.1 by default
# or with --kernel=6.1, Debian's stock 6.12 with --kernel=6.12, or the
# debug kernel of scripts/debug-kernel.sh with --debug), packs it with the
# reference binder_linux.ko, busybox and our static test binaries into an
# initramfs, and boots it under QEMU (TCG).
#
#   check  runs the selftests; prints "selftests: P passed, F failed, S skipped"
#          and exits non-zero on any failure, kernel splat, or missing result.
#   run    runs the demo and shows only its output; the kernel console goes
#          to <BUILD>/<flavour>/console.log (V=1 shows it instead, as before).
#   shell  gives an interactive shell in the VM.
#   bench  runs the benchmark (scripts/bench.sh reads its results).
#
# Environment: TESTS="a_test b_test" runs only those selftest binaries;
# TEST_BITS="64 32" (default, when the kernel runs i386 binaries) runs each in
# both widths, "64" or "32" in one;
# BUILD=<dir> keeps all outputs there (default build/), so several runs can
# go on at once; VM_TIMEOUT, VM_CPUS, VM_APPEND, MODULE_ARGS as in README;
# MODULE_KO=<file> boots that binder_ipc.ko (.ko, .ko.xz, .ko.zst, .ko.gz,
# e.g. one DKMS built) instead of building one; it must be for this kernel.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=stock
case ${1:-} in
--debug) flavour=debug; shift ;;
--kernel=6.1) shift ;;
--kernel=6.12) flavour=stock-6.12; shift ;;
esac
mode=${1:-check}
case $mode in check | run | shell | bench) ;; *) die "usage: $0 [--debug | --kernel=6.1 | --kernel=6.12] check|run|shell|bench" ;; esac

ensure_test_deps
eval "$(kernel_env $flavour)"
[ -r "$REF_KO" ] || die "reference module $REF_KO missing"

out=$BUILD/$flavour
# ---- the module: ours, built here, or the one MODULE_KO names ----
ko=$out/module/binder_ipc.ko
if [ -n "${MODULE_KO:-}" ]; then
	[ -r "$MODULE_KO" ] || die "MODULE_KO=$MODULE_KO: no such file"
	ko=$out/prebuilt/binder_ipc.ko
	mkdir -p "$out/prebuilt"
	case $MODULE_KO in
	*.xz) xz -dc "$MODULE_KO" ;;
	*.zst) zstd -dcq "$MODULE_KO" ;;
	*.gz) gzip -dc "$MODULE_KO" ;;
	*) cat "$MODULE_KO" ;;
	esac >"$ko" || die "MODULE_KO=$MODULE_KO: cannot unpack it"
	# insmod of a module for another kernel fails far from the cause: say it
	# here, comparing with the kernel's own binder_linux.ko.
	magic=$(modinfo -F vermagic "$ko")
	want=$(modinfo -F vermagic "$REF_KO")
	[ "$magic" = "$want" ] || die "MODULE_KO=$MODULE_KO is for '$magic', not '$want'"
	log "using $MODULE_KO (version $(modinfo -F version "$ko"))"
else
	"$ROOT/scripts/build-module.sh" "$KDIR" "$out/module"
fi
make -s -C "$ROOT" BUILD="$BUILD" user >&2
if [ "$mode" = bench ]; then make -s -C "$ROOT" BUILD="$BUILD" bench-user >&2; fi

# ---- 32-bit user space ----
# The -m32 builds go into the VM (/tests32, /tools32) when its kernel runs
# i386 binaries; TEST_BITS says which widths of the selftests run.
with32=0
if [ "$mode" != bench ] && kernel_runs_32bit "$KDIR"; then
	with32=1
	make -s -C "$ROOT" BUILD="$BUILD" user32 >&2
fi
if [ -z "${TEST_BITS:-}" ]; then
	TEST_BITS="64 32"
	if [ $with32 = 0 ]; then
		TEST_BITS=64
		[ "$mode" = check ] &&
			log "note: $KDIR/.config has no CONFIG_IA32_EMULATION=y: 64-bit selftests only"
	fi
fi
for b in $TEST_BITS; do
	case $b in
	64) ;;
	32) [ $with32 = 1 ] || die "TEST_BITS=32: the $flavour kernel cannot run 32-bit binaries" ;;
	*) die "TEST_BITS: '$b' is neither 64 nor 32" ;;
	esac
done

# make run shows only the demo, which the guest writes to a third serial
# port; V=1 keeps it on the console with the kernel's messages, as before.
demo_tty=
if [ "$mode" = run ] && [ "${V:-0}" != 1 ]; then demo_tty=/dev/ttyS2; fi

# check mode runs the allocator self-test at load unless MODULE_ARGS says otherwise.
default_args=
[ "$mode" = check ] && default_args=alloc_selftest=1

# ---- initramfs ----
stage=$out/initramfs
rm -rf "$stage"
mkdir -p "$stage"/{bin,dev,etc,lib,proc,sys,tmp,tests,tools}
cp /bin/busybox "$stage/bin/busybox"
cp "$ROOT/scripts/guest-init.sh" "$stage/init"
cp "$ROOT/scripts/demo.sh" "$stage/etc/demo.sh"
cp "$ROOT/scripts/splats.txt" "$stage/etc/splats"
cp "$ko" "$stage/lib/binder_ipc.ko"
case $REF_KO in
*.xz) xz -dc "$REF_KO" >"$stage/lib/binder_linux.ko" ;;
*) cp "$REF_KO" "$stage/lib/binder_linux.ko" ;;
esac
cp "$BUILD"/user/tests/* "$stage/tests/"
cp "$BUILD"/user/tools/* "$stage/tools/"
if [ "$mode" = bench ]; then mkdir -p "$stage/bench" && cp "$BUILD"/user/bench/* "$stage/bench/"; fi
if [ $with32 = 1 ]; then
	mkdir -p "$stage"/{tests32,tools32}
	cp "$BUILD"/user32/tests/* "$stage/tests32/"
	cp "$BUILD"/user32/tools/* "$stage/tools32/"
fi
cat >"$stage/etc/vm.conf" <<CONF
MODE=$mode
FLAVOUR=$flavour
MODULE_ARGS="${MODULE_ARGS-$default_args}"
TEST_TIMEOUT=${TEST_TIMEOUT:-600}
TESTS="${TESTS:-}"
TEST_BITS="$TEST_BITS"
BENCH_ARGS="${BENCH_ARGS:-}"
DEMO_TTY=$demo_tty
CONF
(cd "$stage" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out/initramfs.cpio.gz"

# ---- boot ----
console=$out/console.log result=$out/result.txt demo=$out/demo.log graph=$out/graph.dot
rm -f "$console" "$result" "$demo" "$graph"
mem=1G
[ $flavour = debug ] && mem=2G
qemu=(qemu-system-x86_64 -accel tcg,thread=multi -machine pc -cpu max
	-smp "${VM_CPUS:-2},sockets=${VM_CPUS:-2}" -m "$mem" -nodefaults -no-reboot
	-kernel "$KERNEL" -initrd "$out/initramfs.cpio.gz"
	-append "console=ttyS0 panic=-1 loglevel=7 ${VM_APPEND:-}")

if [ "$mode" = shell ]; then
	exec "${qemu[@]}" -nographic -serial mon:stdio -serial "file:$result"
fi

log "booting $KERNEL ($flavour, $mode)"
stream=$console
if [ -n "$demo_tty" ]; then
	stream=$demo
	log "kernel console: $console (V=1 shows it here)"
fi
start=$SECONDS
"${qemu[@]}" -display none -monitor none -serial "file:$console" -serial "file:$result" \
	-serial "file:$demo" -serial "file:$graph" </dev/null &
qpid=$!
# Stream it while the VM runs (without the serial port's CRs); cap the run with a timeout.
tail -n +1 -F "$stream" 2>/dev/null --pid=$qpid | sed -u 's/\r$//' &
tpid=$!
limit=${VM_TIMEOUT:-1800}
while kill -0 $qpid 2>/dev/null; do
	if [ $((SECONDS - start)) -ge "$limit" ]; then
		log "VM timed out after ${limit}s"
		kill $qpid 2>/dev/null || true
		break
	fi
	sleep 1
done
wait $qpid 2>/dev/null || true
sleep 0.5
kill $tpid 2>/dev/null || true
wait $tpid 2>/dev/null || true
log "VM ran for $((SECONDS - start))s"

# ---- verdict: trust only the result channel, and re-check the console ----
line=$(grep -a '^RESULT ' "$result" 2>/dev/null | tail -n1 || true)
SPLATS=$(cat "$ROOT/scripts/splats.txt")
if [ -z "$line" ]; then
	log "no result from the VM (crash, panic or hang); last lines of $console:"
	tail -n 60 "$console" >&2 || true
	[ "$mode" = check ] && echo "selftests: 0 passed, 1 failed, 0 skipped"
	exit 1
fi
pass=$(sed 's/.*pass=\([0-9]*\).*/\1/' <<<"$line")
fail=$(sed 's/.*fail=\([0-9]*\).*/\1/' <<<"$line")
skip=$(sed 's/.*skip=\([0-9]*\).*/\1/' <<<"$line")
splat=$(sed 's/.*splat=\([0-9]*\).*/\1/' <<<"$line")
# Only what came after the guest's mark counts (a splat of the boot itself
# is not ours: guest-init.sh shows it); without the mark, everything does.
mark='binder-ipc-rig: tests begin'
if grep -aq "$mark" "$console"; then
	tested=$(sed -n "/$mark/,\$p" "$console")
else
	tested=$(cat "$console")
fi
if grep -aEq "$SPLATS" <<<"$tested"; then
	log "kernel splat on the console:"
	grep -aE -m 5 "$SPLATS" <<<"$tested" >&2
	splat=$((splat + 1))
	cp "$console" "$console.splat-$(date +%s)"
fi
[ "$splat" -gt 0 ] && fail=$((fail + 1))
[ "$mode" = check ] && echo "selftests: $pass passed, $fail failed, $skip skipped"
# make run: the demo's binder-graph wrote DOT on the fourth serial port.
if [ "$mode" = run ]; then
	if [ -s "$graph" ]; then
		tr -d '\r' <"$graph" >"$BUILD/demo-graph.dot"
		ensure_pkgs graphviz
		if dot -Tpng -o "$BUILD/demo-graph.png" "$BUILD/demo-graph.dot"; then
			log "the demo's object graph: $BUILD/demo-graph.png ($BUILD/demo-graph.dot)"
		else
			log "dot could not render $BUILD/demo-graph.dot"
			fail=$((fail + 1))
		fi
	else
		log "the demo wrote no object graph"
		fail=$((fail + 1))
	fi
fi
if [ "$fail" -gt 0 ] && [ "$stream" = "$demo" ]; then
	log "the demo failed; kernel console: $console; its last lines:"
	tail -n 40 "$console" >&2 || true
fi
[ "$fail" -eq 0 ]
