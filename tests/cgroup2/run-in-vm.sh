#!/bin/bash
# The cgroup2 suite: boot one pure-v2 VM (../shared/vm/run-v2) and run in it
# the v2 tests, the root tests whose subject the cgroup version changes,
# the races of calls on one id (10 rounds each; 50 on the host) and the
# commands killed at random points (4 tries each, 100 on the host; every
# window 10 times as long), TAP through. Skips where run-v2 is missing.
#
# The VM's CPU is emulated (TCG), every process in it costs about 15 times
# what it costs on the host. The root tests of mounts, host binds, idmapped
# mounts, the network, process attributes, seccomp notification, the memory
# policy and the security labels make the same calls on a v1, hybrid or v2
# host and run on the host only; those of cgroups, devices (an eBPF program
# on v2), failures (the cleanup of what a create made) and namespaces (the
# cgroup namespace, user namespaces) run here too. CT_V2_ALL=1 runs every
# root test in the VM.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
RUNV2=${CT_RUN_V2:-$TOP/../shared/vm/run-v2}
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP needs root"; exit 0; fi
if [ ! -x "$RUNV2" ]; then echo "1..0 # SKIP no $RUNV2"; exit 0; fi
cd "$TOP"
if [ "${CT_V2_ALL:-}" = 1 ]; then
	scripts=$(ls tests/root/*.sh | grep -v devices-v2.sh)
else
	scripts="tests/root/cgroup.sh tests/root/failure.sh tests/root/ns.sh"
fi
# the longest first: two lanes take the next script as they finish one,
# each script's output is kept in a file of its own and printed in order
# after. devices-v2.sh counts every device program on the machine, so it
# runs alone, before the lanes.
"$RUNV2" --timeout 1700 -- bash -c '
	out=$(mktemp -d)
	run() {
		local t0=$SECONDS tries=10
		[ "$1" = tests/faults/kill.sh ] && tries=4
		CT=$PWD/build/ct TRIES=$tries KILL_SCALE=10 bash "$1" >"$out/$2" 2>&1
		echo "# $1: $((SECONDS - t0)) s" >>"$out/$2"
	}
	lane() {
		local i=0 t
		for t in "$@"; do
			i=$((i + 1))
			mkdir "$out/claim.$i" 2>/dev/null && run "$t" "$(printf %02d $i)"
		done
	}
	run tests/root/devices-v2.sh 00
	lane "$@" &
	lane "$@" &
	wait
	rm -r "$out"/claim.*
	cat "$out"/*' _ tests/faults/races.sh tests/faults/kill.sh tests/cgroup2/v2.sh $scripts | awk '
	/^ok / || /^not ok / { n++; sub(/^(not )?ok [0-9]+/, ($1 == "not" ? "not ok " : "ok ") n); print; next }
	/^1\.\.[0-9]+/ { next }
	{ print }
	END { print "1.." n }'
exit "${PIPESTATUS[0]}"
