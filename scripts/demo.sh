#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The demo `make run` shows inside the VM (busybox sh).
echo
echo "=== binder_ipc is loaded:"
grep binder /proc/modules
echo
echo "=== its devices, beside the reference driver's:"
ls -l /dev/binder /dev/binder2 /dev/refbinder /dev/refbinder2
echo
echo "=== protocol version of each:"
binder-version /dev/binder /dev/binder2 /dev/refbinder
echo
echo "=== debugfs (/sys/kernel/debug/binder_ipc/stats):"
cat /sys/kernel/debug/binder_ipc/stats
