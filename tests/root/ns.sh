#!/bin/bash
# Namespaces: new ones (uts, pid, net, ipc, mount, cgroup, user with id maps,
# time with clock offsets), and joining existing ones by path.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b

# (the pids counted after ps has ended: in "ps | wc" ps may read /proc
# before the shell has forked wc)
bundle_with "$B" sh -c 'hostname; cat /proc/sys/kernel/domainname; set -- $(ps -o pid=); echo $#; ls /sys/class/net; ipcs -m | grep -c 0x'
edit_config "$B" '.hostname = "box1" | .domainname = "example.org"'
run_in "$B"
check "hostname" equals "$(echo "$OUT" | sed -n 1p)" box1
check "domainname" equals "$(echo "$OUT" | sed -n 2p)" example.org
check "only its own processes (sh, ps)" equals "$(echo "$OUT" | sed -n 3p)" 2
check "network namespace has only lo" equals "$(echo "$OUT" | sed -n 4p)" lo
check "host hostname unchanged" bash -c '[ "$(hostname)" != box1 ]'

# namespaces are new: compare inode numbers with the host's
bundle_with "$B" sh -c 'for n in pid net ipc uts mnt cgroup; do readlink /proc/self/ns/$n; done'
edit_config "$B" '.linux.namespaces += [{"type": "cgroup"}]'
run_in "$B"
for n in pid net ipc uts mnt cgroup; do
	host=$(readlink /proc/self/ns/$n)
	check "new $n namespace" bash -c "! echo \"\$1\" | grep -qx '$host'" _ "$OUT"
done
bundle_with "$B" cat /proc/self/cgroup
edit_config "$B" '.linux.namespaces += [{"type": "cgroup"}]'
run_in "$B"
if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
	check "cgroup namespace root is the container's cgroup" equals "$OUT" "0::/"
else
	check "cgroup namespace root is the container's cgroup" contains "$OUT" "memory:/
"
fi

# sysctls in the container's namespaces
bundle_with "$B" sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmni'
edit_config "$B" '.linux.sysctl = {"net.ipv4.ip_forward": "1", "kernel.shmmni": "1234"}'
run_in "$B"
check "net sysctl" equals "$(echo "$OUT" | sed -n 1p)" 1
check "ipc sysctl" equals "$(echo "$OUT" | sed -n 2p)" 1234
check "host ip_forward untouched" bash -c "[ \"\$(cat /proc/sys/kernel/shmmni)\" != 1234 ]"

# join a network namespace the test made
ip netns add "ctt$$" 2>/dev/null
ip -n "ctt$$" link add ctt0 type veth peer name ctt1
# read the devices from /proc/net/dev: a sysfs mount shows the netns of its mounter
bundle_with "$B" sh -c 'cat /proc/net/dev | awk "NR>2 {print \$1}" | sort | tr "\n" " "'
edit_config "$B" '(.linux.namespaces[] | select(.type == "network")) .path = $p' --arg p "/var/run/netns/ctt$$"
run_in "$B"
check "joined network namespace by path" contains "$OUT" "ctt0:"
ip netns del "ctt$$"

# a user namespace with id maps
bundle_with "$B" sh -c 'id -u; cat /proc/self/uid_map | tr -s " "; stat -c %u /proc/1'
with_userns "$B"
run_in "$B"
check "user namespace runs" equals "$RC" 0
check "root inside" equals "$(echo "$OUT" | sed -n 1p)" 0
check "uid map" contains "$OUT" " 0 100000 65536"
[ "$RC" = 0 ] || diag "$ERR"

# devices in a user namespace are the host's nodes bound, nosuid and noexec
# (as crun); one the host does not have is an error that names it
# (a character device outside the default set that this host has)
for xdev in /dev/fuse /dev/kmsg /dev/mem; do [ -c "$xdev" ] && break; done
xname=${xdev#/dev/}
xmaj=$((0x$(stat -c %t "$xdev"))) xmin=$((0x$(stat -c %T "$xdev")))
bundle_with "$B" sh -c 'awk "\$5 ~ /^\/dev\/(null|zero|tty|'"$xname"')\$/ { print \$5, (\$6 ~ /nosuid/ && \$6 ~ /noexec/) }" /proc/self/mountinfo | sort; echo x >/dev/null && echo null-works'
edit_config "$B" '.linux.namespaces += [{"type": "user"}] |
	.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
	.linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
	.mounts |= map(select(.destination != "/sys/fs/cgroup")) |
	.linux.devices = [{"path": "'"$xdev"'", "type": "c", "major": '"$xmaj"', "minor": '"$xmin"'}]'
chown -R 100000:100000 "$B/rootfs"
run_in "$B"
check "user namespace devices: bound nosuid,noexec" equals "$OUT" "$(printf '%s 1\n' "$xdev" /dev/null /dev/tty /dev/zero | sort)
null-works"
[ "$RC" = 0 ] || diag "$ERR"
edit_config "$B" '.linux.devices += [{"path": "/dev/ct-no-such-node", "type": "c", "major": 250, "minor": 250}]'
run_in "$B"
check "user namespace, a device the host lacks: fails" test "$RC" != 0
check "user namespace, a device the host lacks: the error names it" contains "$ERR" \
	"device '/dev/ct-no-such-node': the host has no such node to bind (a user namespace cannot make one): No such file or directory"
check "user namespace, a device the host lacks: nothing left behind" leaves_nothing "$LAST_ID" "$B"

# a UTS namespace joined by path gets the hostname and domainname
touch "$TESTS_TMP/uts"
unshare --uts="$TESTS_TMP/uts" true
bundle_with "$B" sh -c 'hostname; cat /proc/sys/kernel/domainname'
edit_config "$B" '(.linux.namespaces[] | select(.type == "uts")) .path = $p |
	.hostname = "joined" | .domainname = "joined.example"' --arg p "$TESTS_TMP/uts"
run_in "$B"
check "joined UTS namespace: run succeeds" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "joined UTS namespace: the container sees its names" equals "$OUT" "joined
joined.example"
check "joined UTS namespace: the namespace keeps them" equals "$(nsenter --uts="$TESTS_TMP/uts" hostname)" joined
check "host hostname unchanged" bash -c '[ "$(hostname)" != joined ]'
umount "$TESTS_TMP/uts"

# no mount namespace: the mounts go into the inherited one (here a private
# namespace of the test's, so that nothing stays on the host)
bundle_with "$B" sh -c 'grep -E "^[a-z]+ /(proc|data) " /proc/self/mounts | cut -d" " -f1-3; readlink /proc/1/ns/mnt'
edit_config "$B" '.linux.namespaces |= map(select(.type != "mount")) |
	del(.linux.maskedPaths) | del(.linux.readonlyPaths) |
	.mounts = [{"destination": "/proc", "type": "proc", "source": "proc"},
		{"destination": "/data", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]}]'
id=$(new_id)
OUT=$(unshare -m --propagation private sh -c '"$@"; readlink /proc/self/ns/mnt' _ "$CT" --root "$CT_ROOT" run -b "$B" "$id" 2>&1)
RC=$?
check "mounts without a mount namespace: run succeeds" equals "$RC" 0
check "mounts without a mount namespace: made in order" equals "$(echo "$OUT" | sed -n 1,2p)" "proc /proc proc
tmpfs /data tmpfs"
check "mounts without a mount namespace: init in the inherited namespace" \
	equals "$(echo "$OUT" | sed -n 3p)" "$(echo "$OUT" | sed -n 4p)"
check "mounts without a mount namespace: nothing on the host" leaves_nothing "$id" "$B"

# a time namespace: init in a new one, and exec joins it (it did not)
bundle_with "$B" sleep 100
edit_config "$B" '.linux.namespaces += [{"type": "time"}]'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
ipid=$(ct state "$id" | jq -r .pid)
check "new time namespace" test "$(readlink "/proc/$ipid/ns/time")" != "$(readlink /proc/self/ns/time)"
check "exec joins the container's time namespace" equals \
	"$(ct exec "$id" readlink /proc/self/ns/time)" "$(readlink "/proc/$ipid/ns/time")"
quiet ct delete -f "$id"

# clock offsets (linux.timeOffsets): what the container reads of boottime and
# monotonic, in init and in an exec'd process, also one exec'd before start
# (init enters the namespace only at its exec of the process)
offsets='.linux.timeOffsets = {"boottime": {"secs": 1000000}, "monotonic": {"secs": -5, "nanosecs": 7}}'
bundle_with "$B" sh -c 'cut -d" " -f1 /proc/uptime; tr -s " " </proc/self/timens_offsets'
edit_config "$B" ".linux.namespaces += [{\"type\": \"time\"}] | $offsets"
host_up=$(cut -d. -f1 /proc/uptime)
run_in "$B"
up=$(echo "$OUT" | sed -n 1p)
check "boottime offset: the container's uptime is the host's plus 1000000 s" \
	test "${up%.*}" -ge $((host_up + 1000000)) -a "${up%.*}" -lt $((host_up + 1000000 + 60))
check "offsets as the kernel has them" equals "$(echo "$OUT" | sed -n 2,3p)" "monotonic -5 7
boottime 1000000 0"
edit_config "$B" '.process.args = ["sleep", "100"]'
id=$(new_id)
quiet ct create -b "$B" "$id"
ipid=$(ct state "$id" | jq -r .pid)
check "init is born in the offset namespace" contains "$(cat "/proc/$ipid/timens_offsets")" "1000000"
check "...which is not the host's" test "$(readlink "/proc/$ipid/ns/time")" != "$(readlink /proc/self/ns/time)"
check "exec into a created container: in the offset namespace" contains \
	"$(ct exec "$id" cat /proc/self/timens_offsets)" "1000000"
quiet ct start "$id"
check "exec into the started container: the same namespace as init" equals \
	"$(ct exec "$id" readlink /proc/self/ns/time)" "$(readlink "/proc/$(ct state "$id" | jq -r .pid)/ns/time")"
quiet ct delete -f "$id"

# with a user namespace too
bundle_with "$B" sh -c 'cut -d" " -f1 /proc/uptime'
edit_config "$B" ".linux.namespaces += [{\"type\": \"time\"}, {\"type\": \"user\"}] | $offsets |
	.linux.uidMappings = [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}] |
	.linux.gidMappings = [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}] |
	.mounts |= map(select(.destination != \"/sys/fs/cgroup\"))"
chown -R 100000:100000 "$B/rootfs"
run_in "$B"
check "clock offsets in a user namespace" test "${OUT%.*}" -ge $((host_up + 1000000)) 2>/dev/null
[ "$RC" = 0 ] || diag "$ERR"

# with a namespace joined by path (the new ones are then made after the join)
ip netns add "ctto$$"
bundle_with "$B" sh -c 'cut -d" " -f1 /proc/uptime'
edit_config "$B" "(.linux.namespaces[] | select(.type == \"network\")) .path = \$p |
	.linux.namespaces += [{\"type\": \"time\"}] | $offsets" --arg p "/var/run/netns/ctto$$"
run_in "$B"
check "clock offsets with a namespace joined by path" test "${OUT%.*}" -ge $((host_up + 1000000)) 2>/dev/null
[ "$RC" = 0 ] || diag "$ERR"
ip netns del "ctto$$"

# a user namespace joined by path (a pod's, held here by a sleeping
# process): init is in it, and its new pid namespace belongs to it, so that
# the container mounts its own /proc; its time namespace and an exec too
unshare -U sleep 300 </dev/null >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 50); do [ "$(readlink /proc/$holder/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break; sleep 0.1; done
echo "0 200000 65536" >/proc/$holder/uid_map
echo "0 200000 65536" >/proc/$holder/gid_map
bundle_with "$B" sh -c 'readlink /proc/self/ns/user; cat /proc/1/comm; echo $$; id -u; cat /proc/self/oom_score_adj; cut -d" " -f1 /proc/uptime'
edit_config "$B" '.linux.namespaces += [{"type": "user", "path": $p}, {"type": "time"}] | '"$offsets"' |
	.process.oomScoreAdj = 300 |
	.linux.uidMappings = [{"containerID": 0, "hostID": 200000, "size": 65536}] |
	.linux.gidMappings = [{"containerID": 0, "hostID": 200000, "size": 65536}] |
	.mounts |= map(select(.destination != "/sys/fs/cgroup"))' --arg p "/proc/$holder/ns/user"
chown -R 200000:200000 "$B/rootfs"
run_in "$B"
check "user namespace joined by path: run succeeds" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "...init is in that user namespace" equals "$(echo "$OUT" | sed -n 1p)" "$(readlink /proc/$holder/ns/user)"
check "...in a pid namespace of its own, /proc mounted (its sh is pid 1)" \
	equals "$(echo "$OUT" | sed -n 2,3p | tr '\n' ' ')" "sh 1 "
check "...root inside, its OOM score set" equals "$(echo "$OUT" | sed -n 4,5p | tr '\n' ' ')" "0 300 "
check "...its time namespace has the offsets" test "$(echo "$OUT" | sed -n 6p | cut -d. -f1)" -ge $((host_up + 1000000)) 2>/dev/null
check "...and leaves nothing" leaves_nothing "$LAST_ID" "$B"
# created: its namespaces as the host sees them, and an exec into it
edit_config "$B" '.process.args = ["sleep", "300"]'
id=$(new_id)
quiet ct create -b "$B" "$id"
check "user namespace joined by path: create succeeds" equals "$?" 0
ipid=$(ct state "$id" | jq -r .pid)
check "...init's pid namespace is new" test "$(readlink /proc/$ipid/ns/pid)" != "$(readlink /proc/self/ns/pid)"
check "...and belongs to the joined user namespace" equals \
	"$(python3 -c 'import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); u = fcntl.ioctl(fd, 0xb701); print(os.readlink(f"/proc/self/fd/{u}"))' "/proc/$ipid/ns/pid" 2>&1)" \
	"$(readlink /proc/$holder/ns/user)"
quiet ct start "$id"
check "...an exec is in the same user and pid namespaces" equals \
	"$(ct exec "$id" sh -c 'readlink /proc/self/ns/user; readlink /proc/self/ns/pid' 2>&1 | tr '\n' ' ')" \
	"$(readlink /proc/$holder/ns/user /proc/$ipid/ns/pid | tr '\n' ' ')"
quiet ct delete -f "$id"
check "...delete leaves nothing, the joined namespace's holder lives on" \
	eval 'leaves_nothing "$id" "$B" && kill -0 $holder'
# ...and a network namespace that user namespace does not own (the host's
# made it): entered before the user namespace, with the caller's privilege
# (as runc 1.2); sysfs bound from the host, as the container may not mount
# one for a network namespace it does not own
ip netns add "ctwo$$"
bundle_with "$B" sh -c 'readlink /proc/self/ns/user; readlink /proc/self/ns/net; echo $$'
edit_config "$B" '.linux.namespaces += [{"type": "user", "path": $u}] |
	(.linux.namespaces[] | select(.type == "network")).path = $n |
	.mounts |= map((select(.type == "sysfs") | {"source": "/sys", "destination": .destination,
		"type": "bind", "options": ["rbind"]}) // .) |
	.mounts |= map(select(.destination != "/sys/fs/cgroup"))' \
	--arg u "/proc/$holder/ns/user" --arg n "/var/run/netns/ctwo$$"
chown -R 200000:200000 "$B/rootfs"
run_in "$B"
check "a joined user namespace and a network namespace it does not own: run succeeds" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "...in both" equals "$(echo "$OUT" | sed -n 1,2p | tr '\n' ' ')" \
	"$(readlink /proc/$holder/ns/user) net:[$(stat -L -c %i "/var/run/netns/ctwo$$")] "
check "...and a pid namespace of its own" equals "$(echo "$OUT" | sed -n 3p)" 1
ip netns del "ctwo$$"
kill "$holder"
wait "$holder" 2>/dev/null

# a user namespace and a mount namespace it owns, both joined by path, the
# user namespace's path a bind mount of the caller's that the joined mount
# namespace lacks: every path is opened before any join
unshare -U -m --propagation private sleep 300 </dev/null >/dev/null 2>&1 &
mh=$!
for _ in $(seq 50); do [ "$(readlink /proc/$mh/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] && break; sleep 0.1; done
echo "0 200000 65536" >/proc/$mh/uid_map
echo "0 200000 65536" >/proc/$mh/gid_map
touch "$TESTS_TMP/userns"
mount --bind /proc/$mh/ns/user "$TESTS_TMP/userns"
bundle_with "$B" sh -c 'readlink /proc/self/ns/user; readlink /proc/self/ns/mnt'
edit_config "$B" '.linux.namespaces += [{"type": "user", "path": $u}] |
	(.linux.namespaces[] | select(.type == "mount")).path = $m |
	.mounts |= map(select(.destination != "/sys/fs/cgroup"))' \
	--arg u "$TESTS_TMP/userns" --arg m "/proc/$mh/ns/mnt"
chown -R 200000:200000 "$B/rootfs"
run_in "$B"
umount "$TESTS_TMP/userns"
check "a joined mount namespace without the user namespace's path: both joined" \
	equals "$RC:$(echo "$OUT" | tr '\n' ' ')" \
	"0:$(readlink /proc/$mh/ns/user) $(readlink /proc/$mh/ns/mnt) "
[ "$RC" = 0 ] || diag "$ERR"
kill "$mh"
wait "$mh" 2>/dev/null

# the caller's own user namespace named by path: nothing to join (a setns
# into it would be refused), the pid namespace new all the same
sleep 300 </dev/null >/dev/null 2>&1 &
own=$!
bundle_with "$B" sh -c 'readlink /proc/self/ns/user; echo $$'
edit_config "$B" '.linux.namespaces += [{"type": "user", "path": $p}]' --arg p "/proc/$own/ns/user"
run_in "$B"
check "the caller's own user namespace by path: runs in it, as pid 1 of its own" \
	equals "$RC:$(echo "$OUT" | tr '\n' ' ')" "0:$(readlink /proc/self/ns/user) 1 "
[ "$RC" = 0 ] || diag "$ERR"
kill "$own"
wait "$own" 2>/dev/null

# without a time namespace of its own they are ignored, with a warning (runc
# and crun ignore them): the container has the host's clocks
bundle_with "$B" sh -c 'cut -d" " -f1 /proc/uptime'
edit_config "$B" "$offsets"
host_up=$(cut -d. -f1 /proc/uptime)
run_in "$B"
check "clock offsets without a time namespace: the run succeeds, with a warning" equals "$RC: $ERR" \
	"0: ct: warning: linux.timeOffsets: ignored: clock offsets need a new time namespace (a \"time\" entry without a path in linux.namespaces)"
check "...and the host's boottime" test "${OUT%.*}" -lt $((host_up + 1000)) 2>/dev/null

# refused before anything is made, naming what and where
bundle_with "$B" true
for bad in '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"realtime": {"secs": 1}}@@linux.timeOffsets.realtime: unknown clock (monotonic or boottime)' \
	'.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"boottime": {"nanosecs": 1000000000}}@@linux.timeOffsets.boottime.nanosecs: must be an integer between 0 and 999999999' \
	'.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"boottime": {"secs": "1"}}@@linux.timeOffsets.boottime.secs: must be an integer'; do
	edit_config "$B" "${bad%%@@*}"
	run_in "$B"
	check "time offsets refused: ${bad#*@@}" contains "$ERR" "${bad#*@@}"
	check "...and nothing left behind" leaves_nothing "$LAST_ID" "$B"
	bundle_with "$B" true
done

finish
