#!/bin/bash
# Pure cgroup v2: the container's cgroup files from outside, freeze through
# cgroup.freeze, kill --all through cgroup.kill, the cgroup namespace, usage
# figures, and the same view as crun for the same bundle.
. "$(dirname "$0")/../lib/common.sh"
need_root
if [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ]; then
	echo "1..0 # SKIP needs cgroup v2"
	exit 0
fi
B=$TESTS_TMP/b
cgdir() { echo "/sys/fs/cgroup/$(ct state "$1" >/dev/null && cat /proc/"$(ct state "$1" | jq -r .pid)"/cgroup | sed 's/^0:://')"; }

bundle_with "$B" sleep 300
edit_config "$B" '.linux.resources = {"memory": {"limit": 67108864, "reservation": 33554432, "swap": 100663296},
	"cpu": {"shares": 1024, "quota": 20000, "period": 100000}, "pids": {"limit": 50},
	"unified": {"memory.high": "60000000"}}'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
d=$(cgdir "$id")
check "memory.max" equals "$(cat "$d/memory.max")" 67108864
check "memory.low from the reservation" equals "$(cat "$d/memory.low")" 33554432
check "memory.swap.max is swap minus limit" equals "$(cat "$d/memory.swap.max")" 33554432
check "cpu.weight from 1024 shares" equals "$(cat "$d/cpu.weight")" 39
check "cpu.max" equals "$(cat "$d/cpu.max")" "20000 100000"
check "pids.max" equals "$(cat "$d/pids.max")" 50
check "unified passthrough (memory.high)" equals "$(cat "$d/memory.high")" 59998208
stats=$(ct events --stats "$id")
check "events --stats: memory limit" equals "$(echo "$stats" | jq .data.memory.usage.limit)" 67108864
check "events --stats: pids" equals "$(echo "$stats" | jq .data.pids.current)" 1

check "pause" ct pause "$id"
check "cgroup.freeze is set" equals "$(cat "$d/cgroup.freeze")" 1
check "cgroup.events says frozen" bash -c "grep -qx 'frozen 1' '$d/cgroup.events'"
check "state: paused" equals "$(ct state "$id" | jq -r .status)" paused
check "resume" ct resume "$id"
check "cgroup.events says thawed" bash -c "grep -qx 'frozen 0' '$d/cgroup.events'"

quiet ct exec -d "$id" sleep 300
check "two processes before kill --all" equals "$(wc -l <"$d/cgroup.procs")" 2
check "kill --all" ct kill --all "$id" KILL
for _ in $(seq 50); do [ -s "$d/cgroup.procs" ] || break; sleep 0.1; done
check "kill --all leaves no process" equals "$(wc -l <"$d/cgroup.procs")" 0
ct delete -f "$id"
check "delete removes the cgroup" test ! -d "$d"

# update through the v2 files
id=$(new_id)
quiet ct run -d -b "$B" "$id"
d=$(cgdir "$id")
echo '{"memory": {"limit": 134217728}, "pids": {"limit": 99}}' | ct update -r - "$id"
check "update memory.max" equals "$(cat "$d/memory.max")" 134217728
check "update pids.max" equals "$(cat "$d/pids.max")" 99
ct delete -f "$id"

# the cgroup namespace shows 0::/ and the cgroup2 mount inside
bundle_with "$B" sh -c 'cat /proc/self/cgroup; cat /sys/fs/cgroup/memory.max'
edit_config "$B" '.linux.namespaces += [{"type": "cgroup"}] | .linux.resources.memory = {"limit": 33554432}'
run_in "$B"
check "cgroup namespace root" equals "$(echo "$OUT" | sed -n 1p)" "0::/"
check "its own limit in the mounted cgroup2" equals "$(echo "$OUT" | sed -n 2p)" 33554432

# an OOM kill at memory.max and a fork refused at pids.max
bundle_with "$B" dd if=/dev/zero of=/dev/shm/fill bs=1M count=60
edit_config "$B" '.linux.resources.memory = {"limit": 16777216, "swap": 16777216}'
run_in "$B"
check "OOM kill at memory.max (137)" equals "$RC" 137
bundle_with "$B" sh -c 'for i in 1 2 3 4 5 6; do sleep 3 & done; wait'
edit_config "$B" '.linux.resources.pids = {"limit": 3}'
run_in "$B"
check "fork refused at pids.max" contains "$ERR" "can't fork"

# v1-only knobs are refused on v2, and nothing is left
bundle_with "$B" true
edit_config "$B" '.linux.resources.memory = {"kernelTCP": 1048576}'
run_in "$B"
check "kernelTCP on v2 fails" contains "$ERR" "linux.resources.memory.kernelTCP is not supported on cgroup v2"
check "kernelTCP on v2 leaves nothing" leaves_nothing "$LAST_ID" "$B"

# the same view as crun, for the shared benchmark bundle (masked /proc files:
# mount points only, as runc binds the container's /dev/null and crun the host's)
if command -v crun >/dev/null && [ -x "$TOP/../shared/bench/mkbundle" ]; then
	M=$TESTS_TMP/mk
	"$TOP/../shared/bench/mkbundle" "$M" sh -c 'id; hostname; grep -E "^(Cap|NoNewPrivs)" /proc/self/status;
		awk "{print \$2, (\$2 ~ /^\/proc\// ? \"\" : \$3)}" /proc/self/mounts | sort; ls -ln /dev | awk "NR>1 {print \$1, \$5, \$6, \$NF}";
		cat /proc/self/cgroup | sed "s/::.*/::/"' >/dev/null
	a=$(cd "$M" && ct run "$(new_id)" 2>&1)
	b=$(cd "$M" && crun --root "$TESTS_TMP/crun" run "$(new_id)" 2>&1)
	if [ "$a" = "$b" ]; then ok "same view as crun"; else
		not_ok "same view as crun"; diff <(echo "$b") <(echo "$a") | sed 's/^/# /' | head -20; fi
fi
finish
