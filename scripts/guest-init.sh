#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM (busybox sh).  Loads the reference driver and ours,
# then runs /etc/vm.conf's MODE:
#   check  run every selftest, check object counts, rmmod, kmemleak and the
#          kernel log; report "RESULT pass=P fail=F skip=S splat=K" on
#          /dev/ttyS1, the channel nothing else writes to;
#   run    the demo (/etc/demo.sh), its output on DEMO_TTY if vm.conf names one;
#   bench  /bench/binder_bench, its files sent on /dev/ttyS1 between
#          "BEGIN <file>" and "END <file>" lines (raw.txt gzipped, base64);
#   shell  an interactive shell.
# The VM always ends with reboot -f (QEMU runs with -no-reboot).

/bin/busybox --install -s /bin
export PATH=/bin:/tools:/tests
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
. /etc/vm.conf

pass=0 fail=0 skip=0 splat=0
KMEMLEAK=/sys/kernel/debug/kmemleak
STATS=/sys/kernel/debug/binder_ipc/counters

say() { echo "vm: $*"; }
finish() {
	sync
	echo "RESULT pass=$pass fail=$fail skip=$skip splat=$splat" >/dev/ttyS1
	reboot -f
}

# A kernel log with any of these means the kernel is no longer clean
# (scripts/splats.txt, shared with vm.sh's check of the console).
SPLATS=$(cat /etc/splats)

# What the kernel logged since the tests began (MARK, written just before
# the modules load): a splat of the boot itself is not ours to answer for.
# It is shown, and not counted.
MARK='binder-ipc-rig: tests begin'
# If the log ring wrapped past the mark, all of it is from the tests.
since_mark() {
	if dmesg | grep -q "$MARK"; then dmesg | sed -n "/$MARK/,\$p"; else dmesg; fi
}
boot_taint=0

check_kernel_log() {
	if dmesg | sed "/$MARK/,\$d" | grep -Eq "$SPLATS"; then
		say "kernel splat during boot, before the tests (not counted):"
		dmesg | sed "/$MARK/,\$d" | grep -E -B2 -A20 "$SPLATS" | head -n 40
	fi
	if since_mark | grep -Eq "$SPLATS"; then
		say "kernel splat:"
		since_mark | grep -E -B2 -A20 "$SPLATS" | head -n 80
		splat=$((splat + 1))
	fi
	# Taint bits: B (32) bad page, D (128) died, W (512) warned, L (16384) soft lockup;
	# only those that appeared since the tests began.
	taint=$(cat /proc/sys/kernel/tainted)
	if [ $((taint & ~boot_taint & (32 | 128 | 512 | 16384))) -ne 0 ]; then
		say "kernel tainted: $taint (at boot: $boot_taint)"
		splat=$((splat + 1))
	fi
	if [ -r /proc/lockdep_stats ] && grep -q 'debug_locks: *0' /proc/lockdep_stats; then
		say "lockdep turned itself off"
		splat=$((splat + 1))
	fi
}

load_modules() {
	[ -w $KMEMLEAK ] && echo clear >$KMEMLEAK
	insmod /lib/binder_linux.ko devices=refbinder,refbinder2 || return 1
	# binderfs: our filesystem type is "binder" unless the kernel has one
	# of that name (a built-in binderfs); the tests read it from sysfs.
	bfs=
	grep -qw binder /proc/filesystems && bfs=binderfs_name=binder_ipc
	insmod /lib/binder_ipc.ko devices=binder,binder2 $bfs $MODULE_ARGS || return 1
	case " $MODULE_ARGS " in
	*" alloc_selftest=1 "*)
		if dmesg | grep -q 'binder_ipc: alloc self-test: pass'; then
			pass=$((pass + 1))
		else
			say "allocator self-test did not report a pass"
			fail=$((fail + 1))
		fi
		;;
	esac
	for d in binder binder2 refbinder refbinder2; do
		[ -c /dev/$d ] || { say "/dev/$d missing"; return 1; }
		chmod 0666 /dev/$d
	done
}

# run_test BIN: run one kselftest binary and add its Totals to ours.
run_test() {
	name=${1##*/}
	case $1 in /tests32/*) name=$name.m32 ;; esac
	say "=== $name"
	timeout -s KILL "${TEST_TIMEOUT:-300}" "$1" >/tmp/$name.log 2>&1
	rc=$?
	cat /tmp/$name.log
	totals=$(grep '^# Totals:' /tmp/$name.log | tail -n1)
	if [ -z "$totals" ]; then
		say "$name ended without a Totals line (exit $rc): counted as a failure"
		fail=$((fail + 1))
		return
	fi
	p=$(echo "$totals" | sed 's/.* pass:\([0-9]*\).*/\1/')
	f=$(echo "$totals" | sed 's/.* fail:\([0-9]*\).*/\1/')
	s=$(echo "$totals" | sed 's/.*skip:\([0-9]*\).*/\1/')
	e=$(echo "$totals" | sed 's/.*error:\([0-9]*\).*/\1/')
	pass=$((pass + p)) fail=$((fail + f + e)) skip=$((skip + s))
	if [ "$rc" -ne 0 ] && [ $((f + e)) -eq 0 ]; then
		say "$name exited $rc with no failed test: counted as a failure"
		fail=$((fail + 1))
	fi
	if check_object_counts "after $name"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
}

# Every object the driver created must be gone once a selftest binary has
# ended.  Processes the test killed may still be exiting: give them 10 s.
# A real leak never settles.  check_object_counts WHEN names the culprit.
check_object_counts() {
	for i in 1 2 3 4 5 6 7 8 9 10; do
		leaked=$(grep -v 'active 0 ' $STATS)
		[ -z "$leaked" ] && return 0
		sleep 1
	done
	say "objects still alive $1:"
	echo "$leaked"
	say "processes still holding a binder fd:"
	ls -l /proc/[0-9]*/fd 2>/dev/null | grep -B20 binder | grep -E '^/proc|binder'
	say "nodes of dead owners:"
	cat /sys/kernel/debug/binder_ipc/dead_nodes
	return 1
}

unload_and_scan() {
	if rmmod binder_ipc; then
		pass=$((pass + 1))
	else
		say "rmmod binder_ipc failed"
		fail=$((fail + 1))
	fi
	if [ -w $KMEMLEAK ]; then
		echo scan >$KMEMLEAK
		sleep 6
		echo scan >$KMEMLEAK
		if [ -s $KMEMLEAK ]; then
			say "kmemleak reports leaks:"
			head -n 80 $KMEMLEAK
			splat=$((splat + 1))
		fi
	fi
}

dmesg -n 7
boot_taint=$(cat /proc/sys/kernel/tainted)
echo "$MARK" >/dev/kmsg
if ! load_modules; then
	say "cannot load the modules"
	fail=$((fail + 1))
	check_kernel_log
	finish
fi

case $MODE in
check)
	# Each selftest in every width of TEST_BITS: /tests (64-bit), then
	# /tests32 (-m32; logged as NAME.m32).  A path in TESTS runs as given, once.
	bits=${TEST_BITS:-64}
	first=${bits%% *}
	for b in $bits; do
		dir=/tests
		[ "$b" = 32 ] && dir=/tests32
		for t in ${TESTS:-$dir/*_test}; do
			case $t in
			/*) [ -z "$TESTS" ] || [ "$b" = "$first" ] || continue ;;
			*) t=$dir/$t ;;
			esac
			run_test "$t"
		done
	done
	unload_and_scan
	check_kernel_log
	say "selftests: $pass passed, $fail failed, $skip skipped, $splat splats"
	;;
run)
	# DEMO_TTY (vm.sh): the serial port make run shows; else the console.
	if [ -n "$DEMO_TTY" ]; then
		sh /etc/demo.sh >"$DEMO_TTY" 2>&1 || fail=$((fail + 1))
	else
		sh /etc/demo.sh || fail=$((fail + 1))
	fi
	check_kernel_log
	;;
bench)
	mkdir -p /tmp/bench
	timeout -s KILL "${TEST_TIMEOUT:-600}" /bench/binder_bench -o /tmp/bench $BENCH_ARGS
	rc=$?
	if [ $rc -eq 0 ]; then pass=1; else say "binder_bench failed (exit $rc)"; fail=1; fi
	check_kernel_log
	for f in table.txt summary.tsv; do
		[ -f /tmp/bench/$f ] && { echo "BEGIN $f"; cat /tmp/bench/$f; echo "END $f"; }
	done >/dev/ttyS1
	if [ -f /tmp/bench/raw.txt ]; then
		echo "BEGIN raw.txt.gz.b64"
		gzip -c /tmp/bench/raw.txt | base64
		echo "END raw.txt.gz.b64"
	fi >/dev/ttyS1
	;;
shell)
	say "binder_ipc is loaded; tools are in /tools, tests in /tests. exit or Ctrl-D ends the VM."
	setsid cttyhack sh
	;;
esac
finish
