#!/bin/bash
# The cgroup2 suite: boot one pure-v2 VM (../shared/vm/run-v2) and run in it
# the v2 tests and every root test (which must pass there as on the host),
# TAP through. Skips where run-v2 is missing.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
RUNV2=${CT_RUN_V2:-$TOP/../shared/vm/run-v2}
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP needs root"; exit 0; fi
if [ ! -x "$RUNV2" ]; then echo "1..0 # SKIP no $RUNV2"; exit 0; fi
cd "$TOP"
# one TAP stream: every script's lines renumbered, one plan at the end
"$RUNV2" --timeout 1700 -- bash -c '
	for t in tests/cgroup2/v2.sh tests/root/*.sh; do
		[ -f "$t" ] || continue
		echo "# $t"
		CT=$PWD/build/ct bash "$t" 2>&1
	done' | awk '
	/^ok / || /^not ok / { n++; sub(/^(not )?ok [0-9]+/, ($1 == "not" ? "not ok " : "ok ") n); print; next }
	/^1\.\.[0-9]+/ { next }
	{ print }
	END { print "1.." n }'
exit "${PIPESTATUS[0]}"
