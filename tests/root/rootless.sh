#!/bin/bash
# Rootless: ct run by a user other than root, the container in a user
# namespace of its own (its ids mapped by ct directly, or by newuidmap and
# newgidmap), and by root of a user namespace other than the host's, as
# rootless podman runs its runtime. State under $XDG_RUNTIME_DIR/ct, no
# cgroup where none may be made (unless a limit asks for one), device nodes
# bound from the host, exec, ps, kill --all and delete without a cgroup, and
# nothing left behind.
. "$(dirname "$0")/../lib/common.sh"
need_root
command -v useradd >/dev/null && command -v setpriv >/dev/null ||
	{ echo "1..0 # SKIP no useradd or setpriv"; exit 0; }
rootless_user ct-rootless || { echo "Bail out! no test user"; exit 1; }
S=$RL_XDG/ct

B=$TESTS_TMP/rb
rootless_bundle "$B"
cp "$B/config.json" "$TESTS_TMP/rootless.json"
# rb_with JQ-FILTER: the user's bundle, its config the spec's changed by the filter
rb_with() {
	local f=$1
	shift
	jq "$@" "$f" "$TESTS_TMP/rootless.json" >"$B/config.json"
}
ct_user() { as_user "$CT" "$@"; }
own_cgroups() { find /sys/fs/cgroup -maxdepth 8 -type d -name "$1" 2>/dev/null | head -3; }

rb_with '.process.terminal = false | .process.args = ["sh", "-c",
	"cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id -u; ls -ln /dev/null; ls /sys/fs/cgroup | head -1"]'
out=$(cd "$B" && ct_user run r1 2>&1)
check "as a user: run succeeds" equals "$?" 0
check "its uid maps to the container's root" equals "$(echo "$out" | sed -n 1p | xargs)" "0 $RL_UID 1"
check "its gid too" equals "$(echo "$out" | sed -n 2p | xargs)" "0 $RL_GID 1"
check "setgroups is denied (the kernel's condition for the gid map)" equals "$(echo "$out" | sed -n 3p)" deny
check "the process is root in the container" equals "$(echo "$out" | sed -n 4p)" 0
check "/dev/null is the host's node, bound (owner unmapped)" contains "$(echo "$out" | sed -n 5p)" "1,   3"
check "/sys/fs/cgroup shows the hierarchies" test -n "$(echo "$out" | sed -n 6p)"
check "state lived under \$XDG_RUNTIME_DIR/ct and is gone" test -d "$S" -a ! -e "$S/r1"
check "no cgroup was made" test -z "$(own_cgroups r1)"

# detached: ps, exec, kill --all and delete with no cgroup, through the pid
# namespace and the one nested in it (unshare's: its sh and sleep 302)
rb_with '.process.terminal = false | .process.capabilities.bounding += ["CAP_SYS_ADMIN"] |
	.process.capabilities.effective += ["CAP_SYS_ADMIN"] |
	.process.capabilities.permitted += ["CAP_SYS_ADMIN"] | .process.args = ["sh", "-c",
	"sleep 300 & sleep 301 & unshare -p -f sh -c \"sleep 302 & wait\" & wait"]'
(cd "$B" && ct_user run -d r2 >/dev/null 2>&1 </dev/null)
check "run -d" equals "$(ct_user state r2 | jq -r .status)" running
for _ in $(seq 50); do [ "$(ct_user ps -f json r2 | jq length)" = 6 ] && break; sleep 0.1; done
check "ps finds the six processes of its pid namespace and the one nested in it" \
	equals "$(ct_user ps -f json r2 | jq length)" 6
# nested: sleep 302, in a pid namespace below the container's
nested=$(for p in $(ct_user ps -f json r2 | jq -r '.[]'); do
	[ "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" = "sleep 302 " ] && echo "$p"; done)
check "one of them is in a pid namespace nested in the container's" \
	test -n "$nested" -a "$(readlink "/proc/${nested:-0}/ns/pid")" != \
	"$(readlink "/proc/$(ct_user state r2 | jq -r .pid)/ns/pid")"
ct_user kill --all r2 STOP
check "kill --all STOP reaches the nested pid namespace too" \
	equals "$(awk '{print $3}' "/proc/${nested:-0}/stat" 2>/dev/null)" T
ct_user kill --all r2 CONT
check "list names the user as owner" equals "$(ct_user list -f json | jq -r '.[0].owner')" "$RL_USER"
out=$(ct_user exec r2 sh -c 'id -u; readlink /proc/1/ns/pid' 2>&1)
check "exec enters the container as its root" equals "$(echo "$out" | sed -n 1p)" 0
check "exec joins the container's pid namespace" equals "$(echo "$out" | sed -n 2p)" \
	"$(readlink "/proc/$(ct_user state r2 | jq -r .pid)/ns/pid")"
ct_user kill --all r2 TERM
for _ in $(seq 100); do [ "$(ct_user state r2 | jq -r .status)" = stopped ] && break; sleep 0.1; done
check "kill --all TERM ends every process (init then exits)" equals "$(ct_user state r2 | jq -r .status)" stopped
ct_user delete r2
check "delete leaves nothing" test ! -e "$S/r2" -a -z "$(own_cgroups r2)"
# an OOM score in the config: init's set by the user's ct before GO, an
# exec'd process's by itself while its /proc files are still the user's
rb_with '.process.terminal = false | .process.oomScoreAdj = 300 | .process.args = ["sleep", "300"]'
(cd "$B" && ct_user run -d ro >/dev/null 2>&1 </dev/null)
check "oomScoreAdj as a user: init has it" \
	equals "$(cat "/proc/$(ct_user state ro | jq -r .pid)/oom_score_adj" 2>&1)" 300
check "oomScoreAdj as a user: an exec'd process too" \
	equals "$(ct_user exec ro cat /proc/self/oom_score_adj 2>&1)" 300
ct_user delete -f ro
# a user namespace of the user's own joined by path (a pod's, held by a
# sleeping process): init is born in it with a pid namespace that belongs
# to it (so /proc mounts) and with its OOM score, which the user's ct could
# not give a process of that namespace from outside
as_user unshare -U --map-root-user sleep 300 </dev/null >/dev/null 2>&1 &
for _ in $(seq 1 50); do
	holder=$(pgrep -u "$RL_UID" -x sleep | head -1)
	[ -n "$holder" ] && [ -n "$(cat "/proc/$holder/uid_map" 2>/dev/null)" ] && break
	sleep 0.1
done
rb_with '.process.terminal = false | .process.oomScoreAdj = 300 | .process.args = ["sleep", "300"] |
	.linux.namespaces |= map(if .type == "user" then .path = $p else . end) |
	del(.linux.uidMappings, .linux.gidMappings)' --arg p "/proc/$holder/ns/user"
(cd "$B" && ct_user run -d rj >/dev/null 2>"$TESTS_TMP/err" </dev/null)
check "user namespace joined by path as a user: run -d succeeds" equals "$?" 0
[ -s "$TESTS_TMP/err" ] && diag "$(cat "$TESTS_TMP/err")"
ipid=$(ct_user state rj | jq -r .pid)
check "...init is in that namespace" equals "$(readlink "/proc/$ipid/ns/user")" "$(readlink "/proc/$holder/ns/user")"
check "...with a pid namespace of its own" test "$(readlink "/proc/$ipid/ns/pid")" != "$(readlink /proc/self/ns/pid)"
check "...and its OOM score" equals "$(cat "/proc/$ipid/oom_score_adj" 2>&1)" 300
check "...an exec'd process too, as pid 2 or more of the container" \
	equals "$(ct_user exec rj sh -c 'cat /proc/self/oom_score_adj; [ $$ -gt 1 ] && echo inside' 2>&1 | tr '\n' ' ')" "300 inside "
ct_user delete -f rj
check "...delete leaves nothing, the namespace's holder lives on" \
	eval 'test ! -e "$S/rj" -a -z "$(own_cgroups rj)" && kill -0 "$holder"'
kill "$holder"

(cd "$B" && ct_user run -d r3 >/dev/null 2>&1 </dev/null)
ct_user delete -f r3
check "delete -f of a running one leaves nothing" test ! -e "$S/r3" -a -z "$(own_cgroups r3)"

# more than its own ids: through newuidmap and newgidmap, from its ranges in
# /etc/subuid and /etc/subgid
if command -v newuidmap >/dev/null; then
	rb_with_args() { jq "$@" "$TESTS_TMP/rootless.json" >"$B/config.json"; }
	rb_with_args --argjson u "$RL_SUBUID" --argjson g "$RL_SUBGID" '.process.terminal = false |
		.linux.uidMappings += [{"containerID": 1, "hostID": $u, "size": 65536}] |
		.linux.gidMappings += [{"containerID": 1, "hostID": $g, "size": 65536}] |
		.process.args = ["sh", "-c", "cat /proc/self/uid_map /proc/self/setgroups"]'
	out=$(cd "$B" && ct_user run r4 2>&1)
	check "subordinate ids: run succeeds" equals "$?" 0
	check "subordinate ids: mapped by newuidmap" equals "$(echo "$out" | sed -n 2p | xargs)" "1 $RL_SUBUID 65536"
	check "subordinate ids: setgroups stays allowed" equals "$(echo "$out" | sed -n 3p)" allow
	# newuidmap runs setuid root: it gets none of the caller's descriptors
	# (fd 9 here, open without close-on-exec), only its stdio; a newuidmap
	# first in PATH notes whether it has fd 9, then runs the real one
	W=$TESTS_TMP/wrap
	mkdir -p "$W" && chmod 755 "$W" && rm -f "$W/fd9"
	printf '#!/bin/sh\n[ -e /proc/$$/fd/9 ] && echo open >%s/fd9 || echo closed >%s/fd9\nexec %s "$@"\n' \
		"$W" "$W" "$(command -v newuidmap)" >"$W/newuidmap"
	chmod 755 "$W/newuidmap" && chmod 777 "$W"
	(cd "$B" && as_user env PATH="$W:/usr/sbin:/usr/bin:/sbin:/bin" "$CT" run r4 >/dev/null 2>&1 9</dev/null)
	check "newuidmap gets none of the caller's descriptors" equals "$(cat "$W/fd9" 2>&1)" closed
	rb_with '.process.terminal = false |
		.linux.uidMappings += [{"containerID": 1, "hostID": 900000, "size": 10}]'
	err=$(cd "$B" && ct_user run r5 2>&1)
	check "ids not granted: refused" equals "$?" 1
	check "ids not granted: newuidmap's words" contains "$err" "user namespace: newuidmap"
	check "ids not granted: the range named" contains "$err" "not allowed"
	check "ids not granted: nothing left" test ! -e "$S/r5"
else
	ok "# SKIP no newuidmap"
fi

# partly delegated (a hybrid host where only some hierarchies are the
# user's): the container gets its own cgroup where the user may make it, and
# its cgroup mount shows every hierarchy, the caller's cgroup where it has
# none of its own. The user's shell is moved to a pids cgroup this test
# makes and gives it.
P=/sys/fs/cgroup/pids
if [ "$(stat -f -c %T "$P" 2>/dev/null)" = cgroupfs ]; then
	D=$P/ctt-rl-$$
	mkdir "$D" && chown -R "$RL_UID:$RL_GID" "$D"
	rb_with '.process.terminal = false | .process.args = ["sh", "-c",
		"ls /sys/fs/cgroup | xargs; cat /proc/self/cgroup; ls /sys/fs/cgroup/memory/cgroup.procs"]'
	out=$(cd "$B" && as_user sh -c "echo \$\$ >$D/cgroup.procs && exec $CT run r9" 2>&1)
	check "partly delegated: run succeeds" equals "$?" 0
	check "partly delegated: the cgroup mount shows every hierarchy" \
		equals "$(echo "$out" | sed -n 1p)" "$(ls /sys/fs/cgroup | xargs)"
	check "partly delegated: its own pids cgroup, below the user's" \
		contains "$(echo "$out" | grep ':pids:')" ":pids:/ctt-rl-$$/ct/r9"
	check "partly delegated: the caller's memory cgroup, shown" \
		equals "$(echo "$out" | tail -1)" /sys/fs/cgroup/memory/cgroup.procs
	check "partly delegated: its pids cgroup is removed" test ! -e "$D/ct/r9"
	rmdir "$D/ct" "$D"
else
	ok "# SKIP no cgroup v1 pids hierarchy"
fi

# limits need a cgroup the user may not make: refused by name, nothing left
rb_with '.process.terminal = false | .linux.resources.memory.limit = 100000000'
err=$(cd "$B" && ct_user run r6 2>&1)
check "a memory limit without a cgroup: refused" equals "$?" 1
check "a memory limit without a cgroup: says why" contains "$err" "cannot set memory limit: rootless, and the container's cgroup"
check "a memory limit without a cgroup: nothing left" test ! -e "$S/r6" -a -z "$(own_cgroups r6)"
# a cgroup path given is not left out
rb_with '.process.terminal = false | .linux.cgroupsPath = "/ct-rootless-test/r7"'
err=$(cd "$B" && ct_user run r7 2>&1)
check "a cgroupsPath the user may not make: refused" contains "$err" "Permission denied"
check "a cgroupsPath the user may not make: nothing left" test ! -e "$S/r7"
# --rootless false: every cgroup is made, or the create fails
rb_with '.process.terminal = false'
err=$(cd "$B" && ct_user --rootless false run r8 2>&1)
check "--rootless false: the cgroup is required" contains "$err" "Permission denied"
check "--rootless false: nothing left" test ! -e "$S/r8"
err=$(ct_user --rootless maybe list 2>&1)
check "--rootless takes true, false or auto" contains "$err" "--rootless: 'maybe' is not true, false or auto"
# supplementary groups cannot be set once setgroups is denied
rb_with '.process.terminal = false | .process.user.additionalGids = [5]'
err=$(cd "$B" && ct_user run r9 2>&1)
check "additionalGids with setgroups denied: refused by name" contains "$err" "additional gids requested, but /proc/self/setgroups is 'deny'"

# without a user namespace the user makes no namespace: said so
rb_with '.process.terminal = false | .linux.namespaces |= map(select(.type != "user")) |
	del(.linux.uidMappings, .linux.gidMappings)'
err=$(cd "$B" && ct_user run r10 2>&1)
check "no user namespace: refused" equals "$?" 1
check "no user namespace: says what is missing" contains "$err" \
	"a user other than root, uid $RL_UID, makes namespaces only with a user namespace for the container"
check "no user namespace: nothing left" test ! -e "$S/r10"
# exec --cgroup needs a cgroup
rb_with '.process.terminal = false | .process.args = ["sleep", "300"]'
(cd "$B" && ct_user run -d r11 >/dev/null 2>&1 </dev/null)
err=$(ct_user exec --cgroup sub r11 true 2>&1)
check "exec --cgroup without a cgroup: refused by name" contains "$err" \
	"sub-cgroup 'sub': container 'r11' has no cgroup"
ct_user delete -f r11

# no runtime directory: the default state directory is /run/ct, said so
err=$(setpriv --reuid="$RL_UID" --regid="$RL_GID" --init-groups --reset-env "$CT" list 2>&1)
check "no XDG_RUNTIME_DIR: the state directory is refused with a hint" contains "$err" \
	"state directory '/run/ct': Permission denied for uid $RL_UID (set XDG_RUNTIME_DIR"

# run -d killed at random points (0 to 30 ms, 30 times): delete -f leaves
# nothing, no process of the user stays, and the id runs again
KILLER=${KILLER:-$TOP/build/tests/faults/ct-killer}
rb_with '.process.terminal = false | .process.args = ["sleep", "300"]'
bad=
for i in $(seq 30); do
	as_user "$KILLER" 0 30 "$CT" run -d -b "$B" rk >"$TESTS_TMP/killer.out" 2>&1 </dev/null
	err=$(ct_user delete -f rk 2>&1) || { bad="try $i: delete -f: $err"; break; }
	[ -e "$S/rk" ] && { bad="try $i: state directory left"; break; }
	for _ in $(seq 50); do rootless_user_left 2>/dev/null && break; sleep 0.1; done
	rootless_user_left || { bad="try $i: processes left ($(tail -1 "$TESTS_TMP/killer.out"))"; break; }
done
[ -n "$bad" ] && diag "$bad"
check "run -d killed at random points: delete -f leaves nothing" test -z "$bad"
(cd "$B" && ct_user run -d rk >/dev/null 2>&1 </dev/null)
check "run -d killed at random points: the id runs again" equals "$(ct_user state rk | jq -r .status)" running
# exec killed at random points (0 to 30 ms, 20 times; it clones through an
# intermediate in the container's user namespace): the container runs on,
# and what is left in it is the container's own (busybox), none of ct's image
for i in $(seq 20); do
	as_user "$KILLER" 0 30 "$CT" exec rk sleep 300 >"$TESTS_TMP/killer.out" 2>&1 </dev/null
done
check "exec killed at random points: the container runs on" equals "$(ct_user state rk | jq -r .status)" running
others=
for _ in $(seq 50); do
	others=$(for p in $(ct_user ps -f json rk | jq -r '.[]'); do readlink "/proc/$p/exe"; done |
		grep -v '^/bin/busybox$' | sort -u | tr '\n' ' ')
	[ -z "$others" ] && break
	sleep 0.1
done
check "exec killed at random points: no process half set up is left" equals "$others" ""
ct_user delete -f rk

# root of a user namespace the user made with its subordinate ids (rootless
# podman's way), a container without one of its own: devices bound, no
# cgroup, and the state in the user's runtime directory
P=$TESTS_TMP/pb
make_bundle "$P" sh -c 'id -u; ls -ln /dev/null; cat /proc/self/cgroup | wc -l'
# as podman's: no limits (its device rules stay, and are no error)
edit_config "$P" '.linux.resources = {"devices": [{"allow": false, "access": "rwm"}]}'
chown -R "$RL_UID:$RL_GID" "$P"
out=$(as_user unshare --user --map-root-user --map-auto "$CT" run -b "$P" p1 2>&1)
check "root of a user namespace: run succeeds" equals "$?" 0
check "root of a user namespace: the process is root" equals "$(echo "$out" | sed -n 1p)" 0
check "root of a user namespace: /dev/null bound from the host" contains "$(echo "$out" | sed -n 2p)" "1,   3"
check "root of a user namespace: state in \$XDG_RUNTIME_DIR/ct, gone" test -d "$S" -a ! -e "$S/p1"
check "root of a user namespace: no cgroup made" test -z "$(own_cgroups p1)"
check "no process of the user is left" rootless_user_left
finish
