#!/bin/bash
# Rootless podman driving ct: an unprivileged user's podman (its own user
# namespace, its storage in the user's home, no cgroups on a v1 or hybrid
# host) runs (--userns=keep-id too), execs into, stops and removes
# containers with ct as its runtime, from an image of the project's busybox
# root imported by the user, and a pod's containers.
. "$(dirname "$0")/../lib/common.sh"
need_root
command -v podman >/dev/null && command -v newuidmap >/dev/null ||
	{ echo "1..0 # SKIP no podman or newuidmap"; exit 0; }
command -v useradd >/dev/null && command -v setpriv >/dev/null ||
	{ echo "1..0 # SKIP no useradd or setpriv"; exit 0; }
rootless_user ct-podman || { echo "Bail out! no test user"; exit 1; }
# the user's own configuration: cgroupfs (no systemd user session here),
# events in a file, the project's ct as the runtime
mkdir -p "$RL_HOME/.config/containers"
cat >"$RL_HOME/.config/containers/containers.conf" <<CONF
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "ct"
[engine.runtimes]
ct = ["$CT"]
CONF
chown -R "$RL_UID:$RL_GID" "$RL_HOME/.config"
# podman's warnings (the host's / is not a shared mount, a stop signal that
# did not stop sleep) in a file of their own
pm() { as_user timeout -s KILL 120 podman "$@" 2>>"$TESTS_TMP/podman.err"; }

make_bundle "$TESTS_TMP/img"
tar -C "$TESTS_TMP/img/rootfs" -cf "$TESTS_TMP/rootfs.tar" .
chmod 644 "$TESTS_TMP/rootfs.tar"
pm import -q "$TESTS_TMP/rootfs.tar" localhost/ct-bb >/dev/null
check "the user imports the busybox root" pm image exists localhost/ct-bb

out=$(pm run --rm --network none localhost/ct-bb sh -c 'id -u; cat /proc/self/uid_map | wc -l; echo ran')
check "podman run (rootless) through ct" equals "$?" 0
check "the process is root of the container" equals "$(echo "$out" | sed -n 1p)" 0
check "in podman's user namespace: its own id and the subordinate ones" equals "$(echo "$out" | sed -n 2p | xargs)" 2
check "it ran" equals "$(echo "$out" | sed -n 3p)" ran
pm run --rm --network none localhost/ct-bb sh -c 'exit 7'
check "the exit status comes back" equals "$?" 7
# --userns=keep-id: the user's own uid and gid inside, mapped to
# themselves, the subordinate ids around them
out=$(pm run --rm --userns=keep-id --network none localhost/ct-bb sh -c 'id -u; id -g; cat /proc/self/uid_map' | xargs)
check "podman run --userns=keep-id: the user's ids inside ($out)" \
	equals "$(cut -d' ' -f1-2,6-8 <<<"$out")" "$RL_UID $RL_GID $RL_UID 0 1"

pm run -d --name web --network none localhost/ct-bb sleep 300 >/dev/null
check "podman run -d" equals "$(pm inspect -f '{{.State.Status}}' web)" running
out=$(pm exec web sh -c 'echo in; readlink /proc/1/exe')
check "podman exec" equals "$out" "in
/bin/busybox"
check "the state lives in the user's runtime directory" test -d "$RL_XDG/ct"
id=$(pm inspect -f '{{.Id}}' web)
check "ct (as the user) lists it there" equals "$(as_user "$CT" list -q)" "$id"
check "it has no cgroup of its own (none may be made here)" \
	test -z "$(find /sys/fs/cgroup -maxdepth 8 -type d -name "$id" 2>/dev/null)"
pm stop -t 1 web >/dev/null
check "podman stop" equals "$(pm inspect -f '{{.State.Status}}' web)" exited
pm rm web >/dev/null
check "podman rm: ct's state is gone" equals "$(as_user "$CT" list -q | wc -l)" 0

# a pod: its containers join the infra container's namespaces by path from
# inside podman's user namespace
pm pod create --name rpod --network none >/dev/null
pm run -d --pod rpod --name rp1 localhost/ct-bb sleep 3175 >/dev/null
infra=$(pm pod inspect -f '{{.InfraContainerID}}' rpod)
ns_of() { readlink "/proc/$(pm inspect -f '{{.State.Pid}}' "$1")/ns/$2"; }
out=$(pm exec rp1 sh -c 'readlink /proc/self/ns/ipc; readlink /proc/self/ns/uts; echo $$')
check "a rootless pod: a container joins the infra's IPC and UTS namespaces" \
	equals "$(echo "$out" | sed -n 1,2p | tr '\n' ' ')" "$(ns_of "$infra" ipc) $(ns_of "$infra" uts) "
check "...in a pid namespace of its own" test "$(ns_of rp1 pid)" != "$(ns_of "$infra" pid)"
pm pod rm -f -t 0 rpod >/dev/null
check "...the pod's removal leaves no state" equals "$(as_user "$CT" list -q | wc -l)" 0

# podman keeps its user namespace alive with a pause process of its own
pause=$(cat "$RL_XDG/libpod/tmp/pause.pid" 2>/dev/null)
[ -n "$pause" ] && kill "$pause" 2>/dev/null
for _ in $(seq 50); do rootless_user_left 2>/dev/null && break; sleep 0.1; done
check "no process of the user is left" rootless_user_left
finish
