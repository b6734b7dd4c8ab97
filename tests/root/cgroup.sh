#!/bin/bash
# cgroups: limits the container reads from its own cgroup, limits the kernel
# enforces (pids, devices), and a cgroup that is gone after delete.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
layout=hybrid
[ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ] && layout=v2
# pure v1: no cgroup2 mounted (tests/root/cgroup-v1.sh makes one; the
# kernel may still list a "0::" line in /proc/PID/cgroup, which is no
# hierarchy of the container's)
grep -q ' - cgroup2 ' /proc/self/mountinfo || layout=v1
if [ $layout = v2 ]; then
	mem=/sys/fs/cgroup/memory.max pids=/sys/fs/cgroup/pids.max cpu=/sys/fs/cgroup/cpu.max
else
	mem=/sys/fs/cgroup/memory/memory.limit_in_bytes pids=/sys/fs/cgroup/pids/pids.max
	cpu=/sys/fs/cgroup/cpu/cpu.cfs_quota_us
fi

bundle_with "$B" sh -c "cat $mem $pids $cpu; cat /proc/self/cgroup"
edit_config "$B" '.linux.resources.memory = {"limit": 33554432} | .linux.resources.pids = {"limit": 20} |
	.linux.resources.cpu = {"quota": 50000, "period": 100000, "shares": 512}'
run_in "$B"
check "memory limit read from inside" equals "$(echo "$OUT" | sed -n 1p)" 33554432
check "pids limit read from inside" equals "$(echo "$OUT" | sed -n 2p)" 20
if [ $layout = v2 ]; then
	check "cpu.max read from inside" equals "$(echo "$OUT" | sed -n 3p)" "50000 100000"
else
	check "cpu quota read from inside" equals "$(echo "$OUT" | sed -n 3p)" 50000
fi
check "default cgroup path names the container" contains "$OUT" "/$LAST_ID"
check "cgroup removed after the run" leaves_nothing "$LAST_ID" "$B"

# init is in the container's cgroup, in every hierarchy with a controller,
# before its setup: a createContainer hook (forked by init before the root
# change) is there, while the v1 directories are made after clone
H=$TESTS_TMP/hookcg
rm -f "$H"
bundle_with "$B" true
# (no cgroup namespace: its paths would read "/")
edit_config "$B" '.linux.namespaces |= map(select(.type != "cgroup")) |
	.hooks = {"createContainer": [{"path": "/bin/sh",
	"args": ["sh", "-c", "cat /proc/self/cgroup > '"$H"'"]}]}'
run_in "$B"
check "createContainer hook ran" bash -c "[ $RC = 0 ] && [ -s '$H' ]"
# hierarchy lines with a controller (v1) or the unified one; named ones
# (name=...) other tools made are not ct's
hier_re='^[0-9]+:(:|[a-z_,]+:)'
[ $layout = v1 ] && hier_re='^[0-9]+:[a-z_,]+:'
mine=$(grep -E "$hier_re" "$H" | grep -v ':name=')
check "createContainer hook: in the container's cgroup everywhere" \
	bash -c "[ -n '$mine' ] && ! grep -v ':.*/$LAST_ID\$' <<<'$mine'"
if [ $layout = v2 ]; then memline="0::.*/$LAST_ID"; else memline="[0-9]*:memory:.*/$LAST_ID"; fi
check "createContainer hook: the memory hierarchy among them" bash -c "grep -qx '$memline' <<<'$mine'"

# the pids limit is enforced: forks beyond it fail
bundle_with "$B" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 5 & done; wait; echo done'
edit_config "$B" '.linux.resources.pids = {"limit": 4}'
run_in "$B"
check "forks refused at pids.max" contains "$ERR$OUT" "can't fork: Resource temporarily unavailable"

# the device cgroup refuses a node that is not allowed, and allows one that is
# (nodes made in the container's /dev, a tmpfs without nodev; CAP_SYS_RAWIO so
# that only the device cgroup can refuse /dev/mem)
bundle_with "$B" sh -c 'mknod /dev/xmem c 1 1; head -c1 /dev/xmem >/dev/null 2>&1 && echo mem-open || echo mem-denied;
	mknod /dev/xfull c 1 7; head -c1 /dev/xfull | wc -c'
edit_config "$B" '.process.capabilities.bounding += ["CAP_MKNOD", "CAP_SYS_RAWIO"] |
	.process.capabilities.effective += ["CAP_MKNOD", "CAP_SYS_RAWIO"] |
	.process.capabilities.permitted += ["CAP_MKNOD", "CAP_SYS_RAWIO"]'
run_in "$B"
check "device cgroup denies /dev/mem" contains "$OUT" "mem-denied"
check "device cgroup allows /dev/full" equals "$(echo "$OUT" | tail -1)" 1

# an absolute cgroupsPath
cg="/ctt$$/abs"
bundle_with "$B" cat /proc/self/cgroup
edit_config "$B" '.linux.cgroupsPath = $p' --arg p "$cg"
run_in "$B"
check "absolute cgroupsPath is used" contains "$OUT" ":$cg"
# (/sys/fs/cgroup/*/X on v1 and hybrid hosts, /sys/fs/cgroup/X on v2)
check "absolute cgroup removed" bash -c "! ls -d /sys/fs/cgroup/ctt$$/abs /sys/fs/cgroup/*/ctt$$/abs 2>/dev/null | grep -q ."
# the parents stay, as runc and crun leave them (no create finds one half made)
check "its parent stays" bash -c "ls -d /sys/fs/cgroup/ctt$$ /sys/fs/cgroup/*/ctt$$ 2>/dev/null | grep -q ."
rmdir /sys/fs/cgroup/ctt$$ /sys/fs/cgroup/*/ctt$$ 2>/dev/null

# memory limit enforced: OOM kill at the limit (no swap change needed)
bundle_with "$B" dd if=/dev/zero of=/dev/shm/fill bs=1M count=60
edit_config "$B" '.linux.resources.memory = {"limit": 16777216, "swap": 16777216}'
run_in "$B"
check "memory limit is enforced: OOM kill (137)" equals "$RC" 137

# linux.resources.rdma goes to rdma.max: a device the host lacks (or a host
# without the rdma controller) fails the create, and leaves nothing behind
bundle_with "$B" true
edit_config "$B" '.linux.resources.rdma = {"ctt-nodev": {"hcaHandles": 2}}'
run_in "$B"
check "rdma limit on a missing device: create fails" test "$RC" -ne 0
if [ $layout = v2 ]; then
	check "rdma: the error names rdma.max and the line" contains "$ERR" "'ctt-nodev hca_handle=2 hca_object=max'"
else
	check "rdma: the error names the missing controller" contains "$ERR" "the 'rdma' cgroup controller is not available"
fi
check "rdma: nothing left behind" leaves_nothing "$LAST_ID" "$B"

# a paused container does not run: a counter it bumps stands still while
# frozen and moves again after resume
# (renamed into place: a reader never sees the file half written)
bundle_with "$B" sh -c 'i=0; while :; do i=$((i+1)); echo $i >/tick.new; mv /tick.new /tick; sleep 0.05; done'
edit_config "$B" '.root.readonly = false'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
sleep 0.5
quiet ct pause "$id"
sleep 0.2
t1=$(cat "$B/rootfs/tick")
sleep 0.6
t2=$(cat "$B/rootfs/tick")
check "paused: the counter stands still ($t1 -> $t2)" test -n "$t1" -a "$t1" = "$t2"
quiet ct resume "$id"
sleep 0.6
t3=$(cat "$B/rootfs/tick")
check "resumed: the counter moves again ($t2 -> $t3)" test "${t3:-0}" -gt "${t2:-0}"
# delete -f of a paused container with a child (the loop's sleep): every
# process killed (thawed first), no cgroup left
quiet ct exec -d "$id" sleep 60
quiet ct pause "$id"
check "delete -f of a paused container" ct delete -f "$id"
check "delete -f of a paused container: nothing left" leaves_nothing "$id" "$B"

# events --stats reports the container's block I/O (runc's blkio shape); the
# throttle accounting counts once a throttle rule is on the device
dev=$(findmnt -n -o MAJ:MIN --target "$TESTS_TMP" 2>/dev/null | tr -d ' ')
if [ -n "$dev" ] && [ -e "/sys/dev/block/$dev" ]; then
	bundle_with "$B" sh -c 'dd if=/dev/zero of=/io-test bs=1M count=8 oflag=direct 2>/dev/null; sync; sleep 60'
	edit_config "$B" '.root.readonly = false | .linux.resources.blockIO = {"throttleWriteBpsDevice":
		[{"major": ($d | split(":")[0] | tonumber), "minor": ($d | split(":")[1] | tonumber),
		  "rate": 1073741824}]}' --arg d "$dev"
	id=$(new_id)
	quiet ct run -d -b "$B" "$id"
	sleep 1
	w=$(ct events --stats "$id" | jq --arg d "$dev" '[.data.blkio.ioServiceBytesRecursive[]
		| select("\(.major):\(.minor)" == $d and .op == "Write") | .value] | add // 0')
	check "events --stats: blkio write bytes on $dev (>= 8 MiB, got $w)" test "${w:-0}" -ge 8388608
	quiet ct delete -f "$id"
else
	ok "events blkio # SKIP $TESTS_TMP is not on a block device"
fi

# events every --interval, a Go duration as runc takes it ("200ms", not 200
# seconds: that would outlast the timeout), until the container stops (3 s:
# the emulated CPU of the v2 VM takes most of a second to start events)
bundle_with "$B" sleep 3
id=$(new_id)
quiet ct run -d -b "$B" "$id"
lines=$(timeout 10 "$CT" --root "$CT_ROOT" events --interval 200ms "$id" | jq -r .type | sort | uniq -c)
rc=${PIPESTATUS[0]}
check "events --interval 200ms: a stats line every 200 ms, ends when the container stops ($lines, status $rc)" \
	bash -c '[ "$1" = 0 ] && [[ $2 =~ ^\ *([0-9]+)\ stats$ ]] && [ "${BASH_REMATCH[1]}" -ge 3 ]' - "$rc" "$lines"
quiet ct delete -f "$id"

# events: an OOM kill is a line {"type":"oom","id":ID} as soon as it
# happens (the interval is a minute: no stats line comes between), as runc
# prints it; memory.failcnt ("max" events on v2) counts the limit hit. dd
# with a 64 MiB block under a 32 MiB limit is killed; the container goes on.
# events --stats: cpu throttling figures under a quota, page cache in bytes.
# (each wait bounded: the v2 VM's emulated CPU is slow)
EV=$TESTS_TMP/events.out
# wait_lines FILE N: FILE has N lines, 20 s at most
wait_lines() {
	local i=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
oom_dd='dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null'
# oom_events MEMORY: a container whose dd runs out of MEMORY (a
# linux.resources.memory object), and `events` on it in the background
# until its first two lines are there; sets id and evpid
oom_events() {
	bundle_with "$B" sh -c "sleep 1; $oom_dd; sleep 600"
	edit_config "$B" ".linux.resources.memory = $1"
	id=$(new_id)
	quiet ct run -d -b "$B" "$id"
	# (made first: the background job may open it after wait_lines reads it)
	: >"$EV"
	timeout 30 "$CT" --root "$CT_ROOT" events --interval 1m "$id" >>"$EV" 2>&1 &
	evpid=$!
	wait_lines "$EV" 2
}
# the lines events printed, each stats line as "stats"
event_lines() { jq -c 'if .type == "stats" then "stats" else . end' "$EV" | tr '\n' ' '; }
oom_events '{"limit": 33554432}'
check "events: an OOM kill in the container is an oom line at once" \
	equals "$(event_lines)" "\"stats\" {\"type\":\"oom\",\"id\":\"$id\"} "
fails=$(ct events --stats "$id" | jq .data.memory.usage.failcnt)
check "events --stats: memory failcnt counts the limit hit (got $fails)" test "${fails:-0}" -gt 0
quiet ct delete -f "$id"
wait "$evpid"
check "events ends with status 0 when the container is deleted, at once" equals "$?" 0

# init itself killed: the oom line, then events ends (init's end)
bundle_with "$B" sh -c "sleep 1; exec $oom_dd"
edit_config "$B" '.linux.resources.memory = {"limit": 33554432}'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
timeout 30 "$CT" --root "$CT_ROOT" events --interval 1m "$id" >"$EV" 2>&1
rc=$?
check "events: init OOM-killed: an oom line, then the end (status $rc)" \
	equals "$rc $(jq -r .type "$EV" | tr '\n' ' ')" "0 stats oom "
quiet ct delete -f "$id"

# v1 with the OOM killer disabled: dd waits for memory, nothing is killed,
# and the notification is an oom line all the same (runc prints one for
# every v1 notification), once a second has shown no kill; the stats say
# the container is out of memory. (v2 has no OOM killer to disable.)
if [ "$layout" != v2 ]; then
	oom_events '{"limit": 33554432, "disableOOMKiller": true}'
	check "events: v1, OOM killer disabled: an oom line" \
		equals "$(event_lines)" "\"stats\" {\"type\":\"oom\",\"id\":\"$id\"} "
	pid=$(ct state "$id" | jq -r .pid)
	oomc=/sys/fs/cgroup/memory$(sed -n 's/^[0-9]*:[^:]*memory[^:]*://p' "/proc/$pid/cgroup")/memory.oom_control
	check "events: v1, OOM killer disabled: nothing killed, waiting for memory" \
		equals "$(status_of "$id") $(grep -E '^(under_oom|oom_kill) ' "$oomc" | xargs)" \
		"running under_oom 1 oom_kill 0"
	quiet ct delete -f "$id"
	wait "$evpid"
	check "events: v1, OOM killer disabled: ends at the delete" equals "$?" 0
fi

# (the file written under the quota: on the v2 VM's emulated CPU that takes
# seconds; /ready says it is there)
bundle_with "$B" sh -c 'dd if=/dev/zero of=/dev/shm/f bs=1M count=8 2>/dev/null; touch /ready
	while :; do :; done'
edit_config "$B" '.linux.resources.cpu = {"quota": 10000, "period": 100000}'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
i=0
while [ ! -e "$B/rootfs/ready" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
stats=$(ct events --stats "$id")
thr=$(jq -r '.data.cpu.throttling | "\(.periods) \(.throttledPeriods) \(.throttledTime)"' <<<"$stats")
check "events --stats: a busy loop under a 10% quota is throttled (periods, throttled, ns: $thr)" \
	bash -c 'read -r p t ns <<<"$1"; [ "$p" -gt 0 ] && [ "$t" -gt 0 ] && [ "$ns" -gt 1000000 ]' - "$thr"
cache=$(jq .data.memory.cache <<<"$stats")
check "events --stats: 8 MiB in /dev/shm are page cache (got $cache)" test "${cache:-0}" -ge 8388608
# memory.stat whole, as runc's "raw"; per-CPU usage where cgroup v1's
# cpuacct counts it (one figure per possible CPU)
raw=$(jq -r --arg k "$([ $layout = v2 ] && echo file || echo cache)" '.data.memory.raw[$k]' <<<"$stats")
check "events --stats: memory.raw is memory.stat ($raw)" equals "$raw" "$cache"
if [ $layout = v2 ]; then
	check "events --stats: no percpu on cgroup v2" equals "$(jq -c .data.cpu.usage.percpu <<<"$stats")" null
else
	ncpu=$(wc -w </sys/fs/cgroup/cpuacct/cpuacct.usage_percpu)
	check "events --stats: percpu, percpu_kernel, percpu_user ($ncpu CPUs)" equals \
		"$(jq -c '.data.cpu.usage | [(.percpu, .percpu_kernel, .percpu_user) | length] +
			[(.percpu | add) > 0]' <<<"$stats")" "[$ncpu,$ncpu,$ncpu,true]"
fi
quiet ct delete -f "$id"

# jq_true FILTER JSON: the filter holds
jq_true() { jq -e "$1" <<<"$2" >/dev/null; }
# events --stats has runc's other figures: the cpuset's CPUs and memory
# nodes (here the config's), hugetlb per page size the kernel has, and memory
# plus swap (v1's memsw, v2's swap plus memory, where swap is accounted) and
# v1's kernel memory
bundle_with "$B" sleep 600
edit_config "$B" '.linux.resources.cpu.cpus = "0" | .linux.resources.cpu.mems = "0"'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
stats=$(ct events --stats "$id")
check "events --stats: cpuset cpus and mems, the config's" \
	equals "$(jq -c '.data.cpuset | [.cpus, .mems]' <<<"$stats")" "[[0],[0]]"
sizes=$(ls /sys/kernel/mm/hugepages 2>/dev/null | sed -n 's/^hugepages-\([0-9]*\)kB$/\1/p' |
	awk '{ u = "KB"; if ($1 % 1048576 == 0) { $1 /= 1048576; u = "GB" } else if ($1 % 1024 == 0) { $1 /= 1024; u = "MB" } print $1 u }' |
	sort | xargs)
check "events --stats: hugetlb per page size (${sizes:-none}), its failcnt" equals \
	"$(jq -r '.data.hugetlb | to_entries | map(select(.value.failcnt == 0 and .value.usage == 0)) | map(.key) | sort | join(" ")' <<<"$stats")" "$sizes"
if [ -e /sys/fs/cgroup/memory/memory.memsw.usage_in_bytes ] || [ -e /sys/fs/cgroup/memory.swap.current ] ||
	ls /sys/fs/cgroup/*/memory.swap.current >/dev/null 2>&1; then
	check "events --stats: swap (memory plus swap) at least memory's usage" \
		jq_true '.data.memory | .swap.usage >= .usage.usage and .usage.usage > 0' "$stats"
fi
if [ $layout = v2 ]; then
	check "events --stats: no kernel memory on cgroup v2" \
		equals "$(jq -c '.data.memory | [.kernel, .kernelTCP]' <<<"$stats")" "[null,null]"
else
	check "events --stats: kernel and kernelTCP memory (v1)" \
		jq_true '.data.memory | .kernel.usage > 0 and (.kernelTCP | has("limit") and has("failcnt"))' "$stats"
fi
quiet ct delete -f "$id"

# processes in sub-cgroups of the container's (systemd or an engine inside
# it makes them) are the container's: ps lists them, kill --all and
# delete -f reach them, as runc and crun walk the cgroup tree; delete removes
# the sub-cgroups
# start_with_exec [JQ-EDIT]: a new container (sleep) with an exec'd sleep in
# it; sets id, and sub to the exec'd process's pid
start_with_exec() {
	bundle_with "$B" sleep 600
	[ -z "${1:-}" ] || edit_config "$B" "$1"
	id=$(new_id)
	quiet ct run -d -b "$B" "$id"
	quiet ct exec -d --pid-file "$TESTS_TMP/sub.pid" "$id" sleep 600
	sub=$(cat "$TESTS_TMP/sub.pid")
}
# into_sub PID ID: PID moved into a new sub/deeper below ID's cgroup, in
# every hierarchy
into_sub() {
	local d
	for d in $(find /sys/fs/cgroup -maxdepth 6 -type d -name "$2"); do
		mkdir -p "$d/sub/deeper" && echo "$1" >"$d/sub/deeper/cgroup.procs" || return 1
	done
}
# gone PID: PID exits within 5 s. Its zombie counts only once the 5 s are
# up: the test's reaper reaps it at once, and a zombie still names its
# cgroup in /proc/PID/cgroup, which leaves_nothing reads next.
gone() {
	for _ in $(seq 50); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	[ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" = Z ]
}
start_with_exec
init=$(ct state "$id" | jq .pid)
check "an exec'd process moved into a sub-cgroup" into_sub "$sub" "$id"
check "ps --format json: init, then the process in the sub-cgroup" \
	equals "$(ct ps --format json "$id")" "[$init,$sub]"
check "ps: both" equals "$(ct ps "$id" | awk 'NR > 1 { print $2 }' | sort -n | xargs)" \
	"$(printf '%s\n' "$init" "$sub" | sort -n | xargs)"
quiet ct kill --all "$id" KILL
check "kill --all: the process in the sub-cgroup is killed" gone "$sub"
quiet ct delete -f "$id"
check "delete: the sub-cgroups go too" leaves_nothing "$id" "$B"
# without a pid namespace of its own, init's end ends nobody: delete -f must
# find the process in the sub-cgroup itself
start_with_exec 'del(.linux.namespaces[] | select(.type == "pid"))'
check "no pid namespace: a process moved into a sub-cgroup" into_sub "$sub" "$id"
check "no pid namespace: delete -f" ct delete -f "$id"
check "no pid namespace: delete -f kills the process in the sub-cgroup" gone "$sub"
check "no pid namespace: nothing left" leaves_nothing "$id" "$B"

# the container decides how deep its sub-cgroups go: 100 levels of 60-char
# names (paths of 6 KiB, past PATH_MAX, made one level at a time), a
# process at the bottom: ps finds it, delete -f ends it and removes them all
start_with_exec
name=$(printf 'x%.0s' $(seq 60))
for d in $(find /sys/fs/cgroup -maxdepth 6 -type d -name "$id"); do
	(cd "$d" && for _ in $(seq 100); do mkdir $name && cd $name || exit 1; done &&
		echo "$sub" >cgroup.procs) || diag "could not nest below $d"
done
check "a process 100 sub-cgroups deep: ps lists it" \
	bash -c 'grep -q "[[,]$1[],]" <<<"$2"' - "$sub" "$(ct ps --format json "$id")"
check "100 sub-cgroups deep: delete -f" ct delete -f "$id"
check "100 sub-cgroups deep: the process ended" gone "$sub"
check "100 sub-cgroups deep: nothing left" leaves_nothing "$id" "$B"

# a sub-cgroup the container froze itself stays frozen when the container's
# cgroup thaws, and a frozen task does not die of SIGKILL (cgroup v1):
# delete -f thaws the sub-cgroups too, instead of failing after 10 s with
# everything left
start_with_exec
into_sub "$sub" "$id"
if [ $layout = v2 ]; then
	fz=$(find /sys/fs/cgroup -maxdepth 4 -type d -name "$id")/sub/deeper
	echo 1 >"$fz/cgroup.freeze"
else
	fz=$(find /sys/fs/cgroup/freezer -maxdepth 4 -type d -name "$id")/sub/deeper
	echo FROZEN >"$fz/freezer.state"
fi
out=$(timeout 30 "$CT" --root "$CT_ROOT" delete -f "$id" 2>&1)
check "delete -f with a frozen sub-cgroup (status $?): no error" equals "$out" ""
check "delete -f with a frozen sub-cgroup: its process ended" gone "$sub"
check "delete -f with a frozen sub-cgroup: nothing left" leaves_nothing "$id" "$B"

# exec --cgroup (runc's): the process joins a sub-cgroup of the container's,
# PATH in every hierarchy, CONTROLLER[,...]:PATH only in those (cgroup v1)
bundle_with "$B" sleep 600
id=$(new_id)
quiet ct run -d -b "$B" "$id"
dirs=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$id")
for d in $dirs; do mkdir "$d/sub"; done
# in_sub OUT: how many of the container's hierarchies OUT (a /proc/self/cgroup)
# has in sub, and how many in the container's own directory
in_sub() { echo "$(grep -c "/sub\$" <<<"$1") $(grep -c "/$id\$" <<<"$1")"; }
n=$(wc -w <<<"$dirs")
out=$(ct exec --cgroup sub "$id" cat /proc/self/cgroup 2>&1)
check "exec --cgroup sub: in sub in all $n hierarchies" equals "$(in_sub "$out")" "$n 0"
if [ $layout = v2 ]; then
	out=$(ct exec --cgroup memory:sub "$id" true 2>&1)
	check "exec --cgroup memory:sub on cgroup v2: refused, saying why" contains "$out" \
		"sub-cgroup 'sub': on cgroup v2 it is given without controllers"
else
	out=$(ct exec --cgroup memory,pids:sub "$id" cat /proc/self/cgroup 2>&1)
	check "exec --cgroup memory,pids:sub: in sub there, the container's elsewhere" \
		equals "$(in_sub "$out") $(grep -E ':(memory|pids):' <<<"$out" | grep -c '/sub$')" \
		"2 $((n - 2)) 2"
	out=$(ct exec --cgroup nosuch:sub "$id" true 2>&1)
	check "exec --cgroup nosuch:sub: names the controller" contains "$out" \
		"sub-cgroup 'sub': unknown controller 'nosuch' (no cgroup v1 hierarchy has it)"
	# runc: "unknown controller whaaat", status 255
	out=$(ct exec --cgroup whaaat:/ "$id" true 2>&1)
	rc=$?
	check "exec --cgroup whaaat:/: status 255, names the unknown controller" equals "$rc: $out" \
		"255: ct: sub-cgroup '/': unknown controller 'whaaat' (no cgroup v1 hierarchy has it)"
	out=$(ct exec --cgroup memory:/ "$id" cat /proc/self/cgroup 2>&1)
	check "exec --cgroup memory:/: the container's own cgroup" equals "$(in_sub "$out")" "0 $n"
fi
# "/" is the container's own cgroup (runc: status 0)
out=$(ct exec --cgroup / "$id" cat /proc/self/cgroup 2>&1)
check "exec --cgroup /: the container's own cgroup in all $n hierarchies" equals "$(in_sub "$out")" "0 $n"
out=$(ct exec --cgroup missing "$id" true 2>&1)
rc=$?
check "exec --cgroup missing: status 255 (got $rc), names it" \
	bash -c '[ "$1" = 255 ] && grep -qF "sub-cgroup '"'"'missing'"'"' of the container (" <<<"$2"' - "$rc" "$out"
out=$(ct exec --cgroup ../.. "$id" true 2>&1)
check "exec --cgroup ../..: refused" contains "$out" "sub-cgroup '../..': '.' and '..' are not allowed"
out=$(ct exec --cgroup :sub "$id" true 2>&1)
check "exec --cgroup :sub: refused (runc: an empty controller)" contains "$out" \
	"--cgroup ':sub': no controller before ':'"
quiet ct delete -f "$id"
check "exec --cgroup: nothing left" leaves_nothing "$id" "$B"

# systemd in a container moves itself into init.scope and turns controllers
# on in the container's cgroup.subtree_control; the container's cgroup2
# directory then takes no process (EBUSY), and an exec goes where init is,
# as with runc and crun. An init moved out of the container's cgroup (a
# privileged container may) is not followed there.
if [ $layout = v2 ]; then
	bundle_with "$B" sleep 600
	id=$(new_id)
	quiet ct run -d -b "$B" "$id"
	pid=$(ct state "$id" | jq .pid)
	cg=/sys/fs/cgroup$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	mkdir "$cg/init.scope" && echo "$pid" >"$cg/init.scope/cgroup.procs" &&
		echo +memory >"$cg/cgroup.subtree_control"
	out=$(ct exec "$id" cat /proc/self/cgroup 2>&1)
	check "exec with memory on in the container's subtree_control: in init's cgroup ($out)" \
		bash -c '[[ $1 == 0::*/init.scope ]]' - "$out"
	elsewhere=/sys/fs/cgroup/ct-test-elsewhere-$$
	mkdir "$elsewhere" && echo "$pid" >"$elsewhere/cgroup.procs"
	out=$(ct exec "$id" true 2>&1)
	rc=$?
	check "exec with init moved out of the container's cgroup: refused (status $rc)" test $rc = 255
	check "exec with init moved out: says where it is" contains "$out" \
		"is in cgroup '$elsewhere', outside the container's '$cg'"
	quiet ct kill "$id" KILL
	quiet ct delete -f "$id"
	rmdir "$elsewhere"
	check "exec into init.scope: nothing left" leaves_nothing "$id" "$B"
fi

# update with runc's flag names (--cpu-share as runc spells it, and the
# docker spelling --cpu-shares), read back from inside the container
bundle_with "$B" sleep 60
id=$(new_id)
quiet ct run -d -b "$B" "$id"
if [ $layout = v2 ]; then shares_file=/sys/fs/cgroup/cpu.weight; else shares_file=/sys/fs/cgroup/cpu/cpu.shares; fi
quiet ct update --cpu-share 256 --pids-limit 33 "$id"
check "update --cpu-share (runc's name)" equals "$(ct exec "$id" cat $shares_file $pids)" \
	"$([ $layout = v2 ] && echo 10 || echo 256)
33"
quiet ct update --cpu-shares 512 "$id"
check "update --cpu-shares" equals "$(ct exec "$id" cat $shares_file)" \
	"$([ $layout = v2 ] && echo 20 || echo 512)"
if [ $layout = v2 ]; then burst_file=/sys/fs/cgroup/cpu.max.burst; else burst_file=/sys/fs/cgroup/cpu/cpu.cfs_burst_us; fi
quiet ct update --cpu-period 100000 --cpu-quota 50000 --cpu-burst 20000 --cpu-idle 1 "$id"
check "update --cpu-burst, --cpu-idle (runc 1.2's flags; idle last: the kernel refuses weights of an idle group)" equals \
	"$(ct exec "$id" cat $burst_file "${shares_file%/*}/cpu.idle")" "20000
1"
# a size past 2^63 bytes is refused by name, not wrapped into another limit
out=$(ct update --memory 99999999t "$id" 2>&1)
check "update --memory 99999999t: refused ($out)" contains "$out" "update: --memory: '99999999t' is not a number"
# -r gives the limits, the flags are not applied (runc, crun), a warning
# names them
echo '{"pids": {"limit": 44}}' >"$TESTS_TMP/res.json"
out=$(ct update -r "$TESTS_TMP/res.json" --pids-limit 55 --cpuset-cpus 0 "$id" 2>&1)
check "update -r FILE with flags: the file's limits only, a warning" equals \
	"$?: $(ct exec "$id" cat $pids) $out" \
	"0: 44 ct: warning: update: --resources gives the limits: --pids-limit, --cpuset-cpus ignored"
quiet ct delete -f "$id"
check "update: leaves nothing" leaves_nothing "$id" "$B"


# memory.checkBeforeUpdate (cgroup v2, as runc and crun): an update -r to a
# limit not above the usage is refused by name and changes nothing; the
# flag comes from the update's resources or, unsaid, from the create's
# config. v1 and hybrid: taken, and the kernel decides.
bundle_with "$B" sh -c 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=24 2>/dev/null; exec sleep 300'
edit_config "$B" '.linux.resources.memory = {"limit": 134217728, "checkBeforeUpdate": true}'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
check "checkBeforeUpdate: created" equals "$(status_of "$id")" running
if [ $layout = v2 ]; then
	for _ in $(seq 50); do
		[ "$(ct exec "$id" stat -c %s /dev/shm/fill 2>/dev/null)" = 25165824 ] && break
		sleep 0.1
	done
	echo '{"memory": {"limit": 16777216}}' >"$TESTS_TMP/res.json"
	out=$(ct update -r "$TESTS_TMP/res.json" "$id" 2>&1)
	check "checkBeforeUpdate (from create): a limit below the usage is refused" equals "$?" 1
	check "checkBeforeUpdate: ...saying why" contains "$out" \
		"memory limit 16777216 is not above the current memory usage"
	check "checkBeforeUpdate: ...and the limit is the old one" \
		equals "$(ct exec "$id" cat /sys/fs/cgroup/memory.max)" 134217728
	echo '{"memory": {"limit": 100663296}}' >"$TESTS_TMP/res.json"
	quiet ct update -r "$TESTS_TMP/res.json" "$id"
	check "checkBeforeUpdate: a limit above the usage is set" \
		equals "$(ct exec "$id" cat /sys/fs/cgroup/memory.max)" 100663296
	echo '{"memory": {"limit": 16777216, "swap": 16777216, "checkBeforeUpdate": true}}' \
		>"$TESTS_TMP/res.json"
	out=$(ct update -r "$TESTS_TMP/res.json" "$id" 2>&1)
	check "checkBeforeUpdate (from the update): refused too" contains "$out" \
		"is not above the current memory usage"
else
	ok "# SKIP checkBeforeUpdate applies on cgroup v2"
fi
quiet ct delete -f "$id"
check "checkBeforeUpdate: leaves nothing" leaves_nothing "$id" "$B"


# cgroup ownership (config-linux.md, as runc; cgroup v2 only): with a cgroup
# namespace, a read-write cgroup mount and a user namespace, the container's
# cgroup directory and its delegatable files are its root's, who may make
# sub-cgroups and move processes there; the limits stay root's on the host
if [ $layout = v2 ]; then
	bundle_with "$B" sh -c 'stat -c "%u %n" /sys/fs/cgroup /sys/fs/cgroup/cgroup.procs \
		/sys/fs/cgroup/memory.max; mkdir /sys/fs/cgroup/sub && echo $$ >/sys/fs/cgroup/sub/cgroup.procs &&
		cat /proc/self/cgroup; echo 1 >/sys/fs/cgroup/pids.max 2>&1 || echo limit-refused'
	with_userns "$B"
	edit_config "$B" '.linux.namespaces += [{"type": "cgroup"}] | .mounts += [{"destination":
		"/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["nosuid", "noexec", "nodev"]}]'
	run_in "$B"
	check "cgroup ownership: runs" equals "$RC" 0 || diag "$ERR"
	check "cgroup ownership: the directory and cgroup.procs are the container root's" \
		equals "$(echo "$OUT" | sed -n 1,2p | cut -d' ' -f1 | xargs)" "0 0"
	check "cgroup ownership: memory.max is not (the host's root, unmapped)" \
		equals "$(echo "$OUT" | sed -n 3p | cut -d' ' -f1)" 65534
	check "cgroup ownership: a sub-cgroup made and joined from inside" equals "$(echo "$OUT" | sed -n 4p)" "0::/sub"
	check "cgroup ownership: a limit of its own cgroup refused" contains "$OUT" limit-refused
	check "cgroup ownership: leaves nothing (the sub-cgroup too)" leaves_nothing "$LAST_ID" "$B"
	# read-only cgroup mount: no ownership given
	edit_config "$B" '.mounts |= map(if .destination == "/sys/fs/cgroup" then .options += ["ro"] else . end)'
	run_in "$B"
	check "cgroup ownership: not with a read-only cgroup mount" \
		equals "$(echo "$OUT" | sed -n 1p | cut -d' ' -f1)" 65534
else
	ok "# SKIP cgroup ownership applies on cgroup v2"
fi

finish
