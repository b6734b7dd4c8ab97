#!/bin/bash
# The systemd suite in one boot (run by run-in-vm.sh in `run-v2 --systemd`):
# the driver's own checks, real engines driving ct with it, then a user's
# own systemd (rootless); one TAP stream, numbered through.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib/common.sh"
need_root
if [ "$(cat /proc/1/comm)" != systemd ] || [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ]; then
	echo "1..0 # SKIP needs systemd as PID 1 on a cgroup v2 host"
	exit 0
fi
for part in checks checks-notify checks-engines checks-user; do
	t0=$SECONDS
	relay "" bash "$HERE/$part.sh"
	diag "$part.sh: $((SECONDS - t0)) s"
done
finish
