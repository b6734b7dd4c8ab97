#!/bin/bash
# Rootless with systemd: a user's ct --systemd-cgroup talks to that user's
# own systemd (user@UID.service, on its user bus), which makes the scope in
# its delegated cgroup tree, as rootless podman's runtime does with
# --cgroup-manager systemd on a unified host. Limits, pause, ps and delete
# through it; nothing left.
. "$(dirname "$0")/../lib/common.sh"
need_root
if [ "$(cat /proc/1/comm)" != systemd ] || [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ]; then
	echo "1..0 # SKIP needs systemd as PID 1 on a cgroup v2 host"
	exit 0
fi
rootless_user ct-sduser || { echo "Bail out! no test user"; exit 1; }
systemctl start "user@$RL_UID.service"
# the user's runtime directory is its systemd's (the user bus is there)
RL_XDG=/run/user/$RL_UID
check "the user's systemd runs" equals "$(systemctl is-active "user@$RL_UID.service")" active
S=$RL_XDG/ct
uprop() { as_user systemctl --user show -P "$2" "$1"; }
ct_user() { as_user "$CT" --systemd-cgroup "$@"; }

B=$TESTS_TMP/rb
rootless_bundle "$B"
edit_config "$B" '.process.terminal = false | .process.args = ["sleep", "600"] |
	.linux.resources = {"memory": {"limit": 67108864}, "pids": {"limit": 20},
		"devices": [{"allow": false, "access": "rwm"}]}'

id=$(new_id)
unit=ct-$id.scope
manager=/user.slice/user-$RL_UID.slice/user@$RL_UID.service
# stdio to files: a detached init keeps what it was given
(cd "$B" && ct_user run -d "$id" >"$TESTS_TMP/out" 2>"$TESTS_TMP/err" </dev/null)
check "run -d with the user's systemd" equals "$?:$(cat "$TESTS_TMP/err")" "0:"
check "the scope is active in the user's systemd" equals "$(uprop "$unit" ActiveState)" active
check "in user.slice (the default for a user)" equals "$(uprop "$unit" Slice)" user.slice
check "its cgroup is in the user's delegated tree" equals "$(uprop "$unit" ControlGroup)" \
	"$manager/user.slice/$unit"
dir=/sys/fs/cgroup$manager/user.slice/$unit
pid=$(as_user "$CT" state "$id" | jq -r .pid)
check "init is in the scope" equals "$(cut -d: -f3 "/proc/$pid/cgroup")" "$manager/user.slice/$unit"
check "the memory limit holds" equals "$(cat "$dir/memory.max")" 67108864
check "the pids limit holds" equals "$(cat "$dir/pids.max")" 20
check "the state records the user's systemd" equals \
	"$(jq -r .cgroup.driver "$S/$id/state.json")" systemd-user
as_user "$CT" exec "$id" true
check "exec" equals "$?" 0
check "ps reads the scope" equals "$(as_user "$CT" ps -f json "$id" | jq length)" 1
as_user "$CT" pause "$id"
check "pause freezes the scope" equals "$(cat "$dir/cgroup.freeze"):$(as_user "$CT" state "$id" | jq -r .status)" "1:paused"
as_user "$CT" resume "$id"
as_user "$CT" delete -f "$id"
for _ in $(seq 100); do [ "$(uprop "$unit" LoadState)" = not-found ] && break; sleep 0.1; done
check "delete -f: the scope is gone" equals "$(uprop "$unit" LoadState)" not-found
check "delete -f: nothing left" test ! -e "$S/$id" -a ! -d "$dir"

# a slice of its own given in cgroupsPath, and an empty slice (user.slice)
id=$(new_id)
edit_config "$B" '.linux.cgroupsPath = $p' --arg p ":ctu:$id"
(cd "$B" && ct_user run -d "$id" >/dev/null 2>&1 </dev/null)
check "cgroupsPath ':prefix:name': user.slice" equals "$(uprop "ctu-$id.scope" Slice)" user.slice
as_user "$CT" delete -f "$id"
edit_config "$B" 'del(.linux.cgroupsPath)'

# without a user bus: said so, nothing left
id=$(new_id)
(cd "$B" && setpriv --reuid="$RL_UID" --regid="$RL_GID" --init-groups --reset-env \
	env XDG_RUNTIME_DIR="$TESTS_TMP" "$CT" --root "$S" --systemd-cgroup run -d "$id" \
	>/dev/null 2>"$TESTS_TMP/err" </dev/null)
err=$(cat "$TESTS_TMP/err")
check "no user bus: refused" contains "$err" "systemd cgroup driver: no systemd on the user bus"
check "no user bus: nothing left" test ! -e "$S/$id"

# root of a user namespace with no user bus of a user (root of a container
# that runs systemd): the system's systemd, as runc decides
id=$(new_id)
P=$TESTS_TMP/pb
make_bundle "$P" sleep 600
# (root alone is mapped: no gid=5 for devpts)
edit_config "$P" '.linux.resources = {"memory": {"limit": 67108864}} |
	.mounts |= map(if .type == "devpts" then .options -= ["gid=5"] else . end)'
env -u XDG_RUNTIME_DIR -u DBUS_SESSION_BUS_ADDRESS unshare --user --map-root-user \
	"$CT" --root "$TESTS_TMP/state-u" --systemd-cgroup run -d -b "$P" "$id" \
	>/dev/null 2>"$TESTS_TMP/err" </dev/null
check "root of a user namespace, no user bus: runs" equals "$?:$(cat "$TESTS_TMP/err")" "0:"
check "root of a user namespace, no user bus: the system's systemd, system.slice" \
	equals "$(systemctl show -P ControlGroup "ct-$id.scope")" "/system.slice/ct-$id.scope"
env -u XDG_RUNTIME_DIR unshare --user --map-root-user "$CT" --root "$TESTS_TMP/state-u" delete -f "$id"
check "root of a user namespace: delete stops the scope" \
	equals "$(systemctl show -P LoadState "ct-$id.scope")" not-found

# rootless podman with its systemd cgroup manager (the usual way on a
# unified host): ct in podman's user namespace talks to the user's systemd
if command -v podman >/dev/null; then
	make_bundle "$TESTS_TMP/img"
	tar -C "$TESTS_TMP/img/rootfs" -cf "$TESTS_TMP/rootfs.tar" .
	chmod 644 "$TESTS_TMP/rootfs.tar"
	pm() { as_user timeout -s KILL 120 podman --cgroup-manager systemd --runtime "$CT" "$@" 2>>"$TESTS_TMP/podman.err"; }
	pm import -q "$TESTS_TMP/rootfs.tar" localhost/ct-bb >/dev/null
	out=$(pm run --rm --network none --memory 64m --pids-limit 30 localhost/ct-bb \
		sh -c 'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max')
	check "rootless podman, systemd manager: run with limits" equals "$out" "67108864
30"
	pm run -d --name web --network none localhost/ct-bb sleep 600 >/dev/null
	cid=$(pm inspect -f '{{.Id}}' web)
	check "rootless podman: the scope is the user's systemd's" \
		equals "$(uprop "libpod-$cid.scope" ActiveState)" active
	check "rootless podman: exec" equals "$(pm exec web echo in)" in
	pm rm -f -t 0 web >/dev/null
	check "rootless podman: rm stops the scope" \
		equals "$(uprop "libpod-$cid.scope" LoadState)" not-found
	pause=$(cat "$RL_XDG/libpod/tmp/pause.pid" 2>/dev/null)
	[ -n "$pause" ] && kill "$pause" 2>/dev/null
else
	ok "# SKIP no podman"
fi

systemctl stop "user@$RL_UID.service"
check "no process of the user is left" rootless_user_left
finish
