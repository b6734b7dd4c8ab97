#!/bin/bash
# The systemd suite: boot one VM with systemd as PID 1 on pure cgroup v2
# (../shared/vm/run-v2 --systemd) and run all.sh in it (checks.sh,
# checks-engines.sh, then checks-user.sh), TAP through.
# Skips where run-v2 is missing.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
RUNV2=${CT_RUN_V2:-$TOP/../shared/vm/run-v2}
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP needs root"; exit 0; fi
if [ ! -x "$RUNV2" ]; then echo "1..0 # SKIP no $RUNV2"; exit 0; fi
cd "$TOP"
exec "$RUNV2" --systemd --timeout 900 -- env CT="$TOP/build/ct" bash tests/systemd/all.sh
