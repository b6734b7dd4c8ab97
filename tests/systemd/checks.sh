#!/bin/bash
# The systemd cgroup driver, where systemd is PID 1 on a unified cgroup v2
# host (run by run-in-vm.sh in `run-v2 --systemd`): the scope systemd makes,
# its properties, the limits seen from inside, update, pause, kill, delete,
# a killed create, and the same bundle under runc and crun.
. "$(dirname "$0")/../lib/common.sh"
need_root
if [ "$(cat /proc/1/comm)" != systemd ] || [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ]; then
	echo "1..0 # SKIP needs systemd as PID 1 on a cgroup v2 host"
	exit 0
fi
sct() { "$CT" --root "$CT_ROOT" --systemd-cgroup "$@"; }
prop() { systemctl show -P "$2" "$1"; }
# gone UNIT: systemd keeps nothing of it (bounded wait: the stop is async)
gone() {
	local i
	for i in $(seq 600); do
		[ "$(prop "$1" LoadState)" = not-found ] && return 0
		sleep 0.1
	done
	diag "$1: $(systemctl show -p LoadState -p ActiveState "$1" | tr '\n' ' ')"
	return 1
}
# wait_active UNIT: bounded wait until systemd reports it active
wait_active() {
	local i
	for i in $(seq 600); do
		[ "$(prop "$1" ActiveState)" = active ] && return 0
		sleep 0.1
	done
	return 1
}
B=$TESTS_TMP/b
bundle_with "$B" sleep 600
edit_config "$B" '.linux.resources = {"memory": {"limit": 67108864, "reservation": 16777216},
	"pids": {"limit": 20}, "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0"},
	"unified": {"memory.oom.group": "1"}}'

# --- create: the scope, its place and properties
id=$(new_id)
edit_config "$B" '.linux.cgroupsPath = $p | .annotations = {"org.systemd.property.TimeoutStopUSec": "uint64 123000000"}' \
	--arg p "system.slice:ctt:$id"
unit=ctt-$id.scope
sct create -b "$B" "$id" </dev/null >/dev/null 2>"$TESTS_TMP/err"
check "create with the systemd driver" equals "$(cat "$TESTS_TMP/err")" ""
check "scope active" equals "$(prop "$unit" ActiveState)" active
check "scope transient" equals "$(prop "$unit" Transient)" yes
check "scope in system.slice" equals "$(prop "$unit" Slice)" system.slice
check "scope delegated" equals "$(prop "$unit" Delegate)" yes
check "scope cgroup" equals "$(prop "$unit" ControlGroup)" "/system.slice/$unit"
pid=$(ct state "$id" | jq -r .pid)
check "init is in the scope" equals "$(cat /proc/$pid/cgroup)" "0::/system.slice/$unit"
check "MemoryMax" equals "$(prop "$unit" MemoryMax)" 67108864
check "MemoryLow" equals "$(prop "$unit" MemoryLow)" 16777216
check "TasksMax" equals "$(prop "$unit" TasksMax)" 20
check "CPUWeight from shares 512" equals "$(prop "$unit" CPUWeight)" 20
check "CPUQuotaPerSecUSec" equals "$(prop "$unit" CPUQuotaPerSecUSec)" 500ms
check "CPUQuotaPeriodUSec" equals "$(prop "$unit" CPUQuotaPeriodUSec)" 100ms
check "AllowedCPUs" equals "$(prop "$unit" AllowedCPUs)" 0
check "annotation org.systemd.property.TimeoutStopUSec" equals "$(prop "$unit" TimeoutStopUSec)" "2min 3s"
cgdir=/sys/fs/cgroup/system.slice/$unit
check "memory.max in the scope" equals "$(cat $cgdir/memory.max)" 67108864
check "cpu.max in the scope" equals "$(cat $cgdir/cpu.max)" "50000 100000"
check "pids.max in the scope" equals "$(cat $cgdir/pids.max)" 20
check "a file systemd has no property for (unified memory.oom.group)" equals "$(cat $cgdir/memory.oom.group)" 1
quiet sct start "$id"

# --- update: the unit's property and the file
ct update --memory 100663296 --pids-limit 30 "$id"
check "update: MemoryMax" equals "$(prop "$unit" MemoryMax)" 100663296
check "update: memory.max" equals "$(cat $cgdir/memory.max)" 100663296
check "update: TasksMax" equals "$(prop "$unit" TasksMax)" 30
check "update: pids.max" equals "$(cat $cgdir/pids.max)" 30

# --- pause, resume, exec, ps, events, kill --all
ct pause "$id"
check "pause" equals "$(ct state "$id" | jq -r .status)" paused
ct resume "$id"
check "resume" equals "$(ct state "$id" | jq -r .status)" running
check "exec joins the scope" equals "$(ct exec "$id" cat /proc/self/cgroup)" "0::/system.slice/$unit"
stats=$(ct events --stats "$id")
check "events --stats: memory limit" equals "$(echo "$stats" | jq -r .data.memory.usage.limit)" 100663296
ct kill --all "$id" KILL
wait_status "$id" stopped 60
check "kill --all stops it" equals "$(ct state "$id" | jq -r .status)" stopped

# --- delete: the scope and its cgroup are gone
out=$(ct delete "$id" 2>&1)
check "delete" equals "$out" ""
check "delete: scope gone" gone "$unit"
check "delete: cgroup gone" test ! -e "$cgdir"
check "delete: nothing left" leaves_nothing "$id"

# --- a nested slice and the default prefix
id=$(new_id)
edit_config "$B" '.linux.cgroupsPath = $p | del(.annotations)' --arg p "ctt-a-b.slice:ctt:$id"
quiet sct create -b "$B" "$id"
check "nested slice: cgroup" equals "$(prop "ctt-$id.scope" ControlGroup)" \
	"/ctt.slice/ctt-a.slice/ctt-a-b.slice/ctt-$id.scope"
sct delete -f "$id"
check "nested slice: scope gone" gone "ctt-$id.scope"
systemctl stop ctt.slice

# --- limits seen from inside: OOM kill at MemoryMax, fork refused at TasksMax
O=$TESTS_TMP/oom
bundle_with "$O" dd if=/dev/zero of=/dev/null bs=100M count=1
id=$(new_id)
edit_config "$O" '.linux.cgroupsPath = $p | .linux.resources = {"memory": {"limit": 33554432, "swap": 33554432}}' \
	--arg p "system.slice:ctt:$id"
sct run -b "$O" "$id" >/dev/null 2>&1
check "OOM kill at MemoryMax: status 137" equals "$?" 137
check "OOM kill: scope gone after the run" gone "ctt-$id.scope"
P=$TESTS_TMP/pids
# 1 shell + 3 sleeps fill TasksMax=4: the other forks fail; the sleeps end the run
bundle_with "$P" sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 5 & done 2>&1; wait'
id=$(new_id)
edit_config "$P" '.linux.cgroupsPath = $p | .linux.resources = {"pids": {"limit": 4}}' \
	--arg p "system.slice:ctt:$id"
out=$(timeout 300 "$CT" --root "$CT_ROOT" --systemd-cgroup run -b "$P" "$id" 2>&1 </dev/null)
check "fork refused at TasksMax" contains "$out" "Resource temporarily unavailable"
check "TasksMax scope gone after the run" gone "ctt-$id.scope"
quiet ct delete -f "$id"

# --- a create killed with SIGKILL: after delete -f, nothing systemd keeps
id=$(new_id)
K=$TESTS_TMP/killed
bundle_with "$K" sleep 600
cat >"$TESTS_TMP/hook" <<HOOK
#!/bin/sh
echo \$\$ >$TESTS_TMP/hook.pid
exec sleep 600
HOOK
chmod +x "$TESTS_TMP/hook"
edit_config "$K" '.linux.cgroupsPath = $p | .hooks = {"createRuntime": [{"path": $h}]}' \
	--arg p "system.slice:ctt:$id" --arg h "$TESTS_TMP/hook"
"$CT" --root "$CT_ROOT" --systemd-cgroup create -b "$K" "$id" >/dev/null 2>&1 </dev/null &
cpid=$!
wait_active "ctt-$id.scope"
for i in $(seq 600); do [ -s "$TESTS_TMP/hook.pid" ] && break; sleep 0.1; done
# the driver's library, loaded on its first call (a cgroupfs run maps none:
# tests/regress/no-libsystemd.sh)
check "libsystemd mapped by a systemd-driver create" contains "$(cat /proc/$cpid/maps)" libsystemd.so.0
kill -9 $cpid
wait $cpid 2>/dev/null
kill -9 "$(cat "$TESTS_TMP/hook.pid")" 2>/dev/null
ct delete -f "$id" >/dev/null 2>&1
check "killed create: scope gone" gone "ctt-$id.scope"
check "killed create: cgroup gone" test ! -e "/sys/fs/cgroup/system.slice/ctt-$id.scope"

# --- bad input: a clear error, nothing left
id=$(new_id)
edit_config "$B" '.linux.cgroupsPath = $p' --arg p "system.slice:ctt:$id"
edit_config "$B" '.annotations = {"org.systemd.property.TimeoutStopUSec": "soon"}'
sct create -b "$B" "$id" </dev/null >/dev/null 2>"$TESTS_TMP/err"
out=$(cat "$TESTS_TMP/err")
check "bad annotation refused" contains "$out" "annotation 'org.systemd.property.TimeoutStopUSec' value 'soon'"
check "bad annotation: scope gone" gone "ctt-$id.scope"
check "bad annotation: nothing left" leaves_nothing "$id"
edit_config "$B" 'del(.annotations) | .linux.cgroupsPath = "bad-.slice:ctt:x"'
sct create -b "$B" "$(new_id)" </dev/null >/dev/null 2>"$TESTS_TMP/err"
out=$(cat "$TESTS_TMP/err")
check "bad slice named" contains "$out" "slice 'bad-.slice' of cgroup path 'bad-.slice:ctt:x'"

# --- the same bundle under runc and crun: the same scope and properties
cmp_props="MemoryMax TasksMax CPUWeight CPUQuotaPerSecUSec Delegate Slice"
id=$(new_id)
edit_config "$B" '.linux.cgroupsPath = $p' --arg p "system.slice:ctt:$id"
quiet sct create -b "$B" "$id"
for rt in runc crun; do
	if ! command -v $rt >/dev/null; then ok "# SKIP no $rt"; continue; fi
	rid=$(new_id)
	R=$TESTS_TMP/$rt-bundle
	rm -rf "$R" && mkdir "$R" && cp -a "$B/rootfs" "$B/config.json" "$R/"
	edit_config "$R" '.linux.cgroupsPath = $p' --arg p "system.slice:$rt:$rid"
	# crun 1.8 puts the limits in the scope's child: the memory limit alone is compared;
	# it knows OCI 1.0.2 at most
	[ $rt = crun ] && edit_config "$R" '.linux.resources = {"memory": {"limit": 67108864}} | .ociVersion = "1.0.2"'
	case $rt in
	runc) runc --root "$TESTS_TMP/$rt" --systemd-cgroup create -b "$R" "$rid" ;;
	crun) crun --root "$TESTS_TMP/$rt" --cgroup-manager=systemd create -b "$R" "$rid" ;;
	esac </dev/null >/dev/null 2>"$TESTS_TMP/rt-err" || diag "$rt create: $(cat "$TESTS_TMP/rt-err")"
	rpid=$($rt --root "$TESTS_TMP/$rt" state "$rid" | jq -r .pid)
	check "$rt: scope $rt-$rid.scope" equals "$(prop "$rt-$rid.scope" ActiveState)" active
	check "$rt: the container's memory.max as ct's" equals \
		"$(cat /sys/fs/cgroup$(cut -d: -f3 /proc/$rpid/cgroup)/memory.max)" "$(cat /sys/fs/cgroup/system.slice/ctt-$id.scope/memory.max)"
	if [ $rt = runc ]; then
		for p in $cmp_props; do
			check "runc: $p as ct's" equals "$(prop "$rt-$rid.scope" $p)" "$(prop "ctt-$id.scope" $p)"
		done
	fi
	quiet $rt --root "$TESTS_TMP/$rt" delete -f "$rid"
	check "$rt: scope gone after delete" gone "$rt-$rid.scope"
done
ct delete -f "$id"
check "ct: scope gone after delete" gone "ctt-$id.scope"
finish
