#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The demo `make run` shows inside the VM (busybox sh): servicemanager and
# the echo service start, a client finds the service by name and calls
# it (passing a file descriptor and a callback object), the service list,
# the death notification servicemanager gets when the echo service is
# killed, a binderfs device with a servicemanager and a service of its
# own, and the module's statistics.  Lines from the daemons start with
# "servicemanager:" or "echo-service:".  Exits 1 if any step failed.

fail=0

step() {
	sleep 0.2	# let the daemons' log lines come out first
	echo
	echo "=== $*"
}

# check CMD...: run it; a failure fails the demo.
check() {
	"$@" || { echo "!!! failed (exit $?): $*"; fail=1; }
}

# wait_for CMD...: retry CMD (quietly) for up to 5 s.
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "!!! timed out waiting for: $*"
	fail=1
	return 1
}

step "binder_ipc is loaded: its version is the tools' version; protocol 8"
grep binder_ipc /proc/modules
check binder-version --module /dev/binder

step "start servicemanager: it becomes the context manager of /dev/binder"
servicemanager &
sm=$!
wait_for service list

step "start echo-service: it registers as \"echo\" with servicemanager"
echo-service &
es=$!
wait_for service check echo

step "service list"
check service list

step "echo-client: finds \"echo\" by name, calls it, passes an fd and a callback"
check echo-client

step "service call echo 1 i32 7 s16 hi: a raw call, the reply parcel printed"
check service call echo 1 i32 7 s16 hi

step "binder-graph: the object graph now (its DOT goes out on the fourth serial port)"
# The VM has no Graphviz: the host renders build/demo-graph.png (vm.sh).
check binder-graph -d /dev/binder -o /dev/ttyS3
grep -c -E '^(proc|node|ref|death|txn) ' /sys/kernel/debug/binder_ipc/graph |
	sed 's/^/graph records: /'
grep -E '^(proc|ref|death) ' /sys/kernel/debug/binder_ipc/graph

step "binder-top -b --once: what each binder fd did in 2 s while echo-client ran"
binder-top -b --once -i 2 &
top=$!
sleep 0.3
echo-client >/dev/null 2>&1 || { echo "!!! echo-client failed"; fail=1; }
wait $top || { echo "!!! binder-top exited with $?"; fail=1; }

step "binder-stats --latency: call-to-reply and one-way delivery times"
check binder-stats --latency

step "kill -9 echo-service: servicemanager gets its death notification"
kill -9 $es
wait $es 2>/dev/null
i=0
while service check echo >/dev/null 2>&1 && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
service check echo
[ $? -eq 1 ] || { echo "!!! echo is still registered"; fail=1; }
step "service list (echo is gone)"
check service list

# ---- binderfs, as Waydroid uses it: mount, add a device, a context of its own
step "binderfs: mount it and add a device through binder-control, as Waydroid does"
fstype=$(cat /sys/module/binder_ipc/parameters/binderfs_name)
mkdir -p /dev/binderfs
check mount -t "$fstype" binder /dev/binderfs
check binderfs-add -d /dev/binderfs vndbinder
ls -l /dev/binderfs

step "servicemanager and echo-service on /dev/binderfs/vndbinder: its own context"
servicemanager /dev/binderfs/vndbinder &
vsm=$!
wait_for service -d /dev/binderfs/vndbinder list
echo-service -d /dev/binderfs/vndbinder -n vendor-echo &
ves=$!
wait_for service -d /dev/binderfs/vndbinder check vendor-echo
check service -d /dev/binderfs/vndbinder list
check service -d /dev/binderfs/vndbinder call vendor-echo 1 i32 8 s16 vnd
service check vendor-echo
[ $? -eq 1 ] || { echo "!!! vendor-echo is registered on /dev/binder too"; fail=1; }

step "binder-stats: the module's objects and open binder fds"
check binder-stats

step "stop the binderfs daemons, umount binderfs"
kill -TERM $ves $vsm
wait $ves || { echo "!!! echo-service (vndbinder) exited with $?"; fail=1; }
wait $vsm || { echo "!!! servicemanager (vndbinder) exited with $?"; fail=1; }
check umount /dev/binderfs

step "stop servicemanager (SIGTERM)"
kill -TERM $sm
wait $sm || { echo "!!! servicemanager exited with $?"; fail=1; }

echo
if [ $fail -eq 0 ]; then
	echo "=== demo: every step worked"
else
	echo "=== demo: some steps FAILED"
fi
exit $fail
