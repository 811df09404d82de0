#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh: `make bench`.  Boots the stock-kernel VM with 4 vCPUs in bench
# mode (scripts/vm.sh bench), where bench/binder_bench measures ours and
# upstream's driver side by side, then takes the results off the VM's
# result channel and writes, under $BUILD/bench/:
#
#   table.txt     the table (also printed)
#   summary.tsv   medians per payload, the plot's data
#   raw.txt       every sample of every round, and the memory readings
#   latency.png   latency against payload: ours, upstream, the floors
#
# It reports; it does not judge.  It exits non-zero only when the
# benchmark could not run or a call failed (the figures are then invalid).
#
# Environment: BENCH_ARGS (binder_bench options, e.g. "-r 7 -n 500"),
# VM_CPUS (default 4), VM_TIMEOUT (default 780 s), BUILD.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start=$SECONDS
ensure_pkgs gnuplot-nox
out=$BUILD/bench
result=$BUILD/stock/result.txt
mkdir -p "$out"
rm -f "$out"/{table.txt,summary.tsv,raw.txt,latency.png}

rc=0
VM_CPUS=${VM_CPUS:-4} MODULE_ARGS="" VM_TIMEOUT=${VM_TIMEOUT:-780} TEST_TIMEOUT=720 \
	BENCH_ARGS=${BENCH_ARGS:-} "$ROOT/scripts/vm.sh" bench || rc=$?

# block NAME: the lines between "BEGIN NAME" and "END NAME" on the channel.
block() {
	[ -r "$result" ] || return 0
	sed -n "/^BEGIN $1\r\?\$/,/^END $1\r\?\$/p" "$result" | sed '1d;$d' | tr -d '\r'
}
block table.txt >"$out/table.txt"
block summary.tsv >"$out/summary.tsv"
block raw.txt.gz.b64 | base64 -d 2>/dev/null | gunzip -c >"$out/raw.txt" 2>/dev/null || true

if [ ! -s "$out/table.txt" ]; then
	log "bench: no results came back from the VM (exit $rc); see $BUILD/stock/console.log"
	[ -s "$out/raw.txt" ] && log "bench: partial raw samples in $out/raw.txt"
	exit 1
fi
echo
cat "$out/table.txt"

if [ -s "$out/summary.tsv" ]; then
	gnuplot <<GP || log "bench: gnuplot failed; no plot"
set terminal pngcairo size 1400,600 noenhanced font ",10"
set output "$out/latency.png"
set datafile missing "?"
set logscale y
set grid ytics mytics xtics
set ylabel "latency per call (us), median"
set key top left
set multiplot layout 1,2 title "binder_ipc vs upstream binder vs floors (same VM, interleaved rounds)"
set title "sync round trip: payload there, empty reply"
set xlabel "payload"
plot "$out/summary.tsv" index 0 using 0:3:xtic(2) with linespoints lw 2 pt 7 title "ours (binder_ipc)", \
     "" index 0 using 0:4 with linespoints lw 2 pt 5 title "upstream (binder_linux)", \
     "" index 0 using 0:5 with linespoints dt 2 title "futex ping-pong + memcpy", \
     "" index 0 using 0:6 with linespoints dt 3 title "pipe", \
     "" index 0 using 0:7 with linespoints dt 4 title "socketpair", \
     "" index 0 using 0:8 with linespoints dt 5 title "memcpy alone"
set title "echo: payload both ways"
plot "$out/summary.tsv" index 1 using 0:3:xtic(2) with linespoints lw 2 pt 7 title "ours (binder_ipc)", \
     "" index 1 using 0:4 with linespoints lw 2 pt 5 title "upstream (binder_linux)", \
     "" index 1 using 0:5 with linespoints dt 2 title "futex ping-pong + 2 memcpy", \
     "" index 1 using 0:6 with linespoints dt 3 title "pipe", \
     "" index 1 using 0:7 with linespoints dt 4 title "socketpair"
unset multiplot
GP
fi

echo
log "bench: table   $out/table.txt"
log "bench: raw     $out/raw.txt"
log "bench: plot    $out/latency.png"
log "bench: make bench took $((SECONDS - start)) s"
exit $rc
