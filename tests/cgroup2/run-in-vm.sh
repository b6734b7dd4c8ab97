#!/bin/bash
# The cgroup2 suite: boot one pure-v2 VM (../shared/vm/run-v2) and run in it
# the v2 tests, every root test (which must pass there as on the host) and
# the races of calls on one id (20 rounds each), TAP through. Skips where run-v2 is missing.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
RUNV2=${CT_RUN_V2:-$TOP/../shared/vm/run-v2}
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP needs root"; exit 0; fi
if [ ! -x "$RUNV2" ]; then echo "1..0 # SKIP no $RUNV2"; exit 0; fi
cd "$TOP"
# one TAP stream: every script's lines renumbered, one plan at the end
# The VM is emulated (TCG) and a test script keeps about one CPU busy: two
# lanes of scripts run side by side, their output printed in order after.
# devices-v2.sh counts every device program on the machine, so it runs
# alone, before the lanes.
"$RUNV2" --timeout 1700 -- bash -c '
	out=$(mktemp -d)
	run() { echo "# $1" >"$out/$2"; CT=$PWD/build/ct TRIES=20 bash "$1" >>"$out/$2" 2>&1; }
	run tests/root/devices-v2.sh 00
	i=0; lane0=(); lane1=()
	for t in tests/cgroup2/v2.sh tests/root/*.sh tests/faults/races.sh; do
		[ -f "$t" ] && [ "$t" != tests/root/devices-v2.sh ] || continue
		i=$((i + 1))
		if [ $((i % 2)) = 0 ]; then lane0+=("$t"); else lane1+=("$t"); fi
	done
	n=0
	for t in "${lane0[@]}"; do n=$((n + 2)); run "$t" "$(printf %02d $n)"; done &
	n=1
	for t in "${lane1[@]}"; do n=$((n + 2)); run "$t" "$(printf %02d $n)"; done &
	wait
	cat "$out"/*' | awk '
	/^ok / || /^not ok / { n++; sub(/^(not )?ok [0-9]+/, ($1 == "not" ? "not ok " : "ok ") n); print; next }
	/^1\.\.[0-9]+/ { next }
	{ print }
	END { print "1.." n }'
exit "${PIPESTATUS[0]}"
