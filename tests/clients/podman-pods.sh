#!/bin/bash
# Root podman's pods driving ct: containers join the infra container's
# namespaces by path (network, IPC, UTS; the pid namespace when shared; the
# user namespace of a pod with id maps, whose containers still get a pid
# namespace of their own that belongs to it) and one another's (--pid and
# --network container:NAME); and a container without a cgroup
# (--cgroups=disabled). Uses the shared client setup's private podman
# configuration and image.
. "$(dirname "$0")/../lib/common.sh"
need_root
CLIENTS=${CT_CLIENTS_DIR:-$TOP/../shared/clients}
[ -x "$CLIENTS/setup" ] || { echo "1..0 # SKIP no client suites at $CLIENTS"; exit 0; }
command -v podman >/dev/null || { echo "1..0 # SKIP no podman"; exit 0; }
export SHELL=/bin/bash
"$CLIENTS/setup" >"$TESTS_TMP/setup.log" 2>&1 || { echo "Bail out! client setup failed"; exit 1; }
# shellcheck source=/dev/null
. "$CLIENTS/lib.sh"
IMG=$CTEST_IMAGE
P=ctpod$$
pm() { timeout -s KILL 120 podman --runtime "$CT" "$@" 2>>"$TESTS_TMP/podman.err"; }
# nsof NAME NS: the namespace NS of container NAME's init, as the host sees it
nsof() { readlink "/proc/$(pm inspect -f '{{.State.Pid}}' "$1")/ns/$2"; }
pods_end() {
	for p in "$P-a" "$P-b" "$P-c"; do pm pod rm -f -t 0 "$p" >/dev/null; done
	pm rm -f -t 0 "$P-x" >/dev/null
	pm rm -f -t 0 "$P-n" >/dev/null
}
trap 'pods_end; cleanup_all' EXIT

# the default pod: network, IPC and UTS shared through the infra container
pm pod create --name "$P-a" >/dev/null
pm run -d --pod "$P-a" --name "$P-a1" "$IMG" sleep 3170 >/dev/null
check "a container in a pod runs" equals "$(pm inspect -f '{{.State.Status}}' "$P-a1")" running
infra=$(pm pod inspect -f '{{.InfraContainerID}}' "$P-a")
out=$(pm run --rm --pod "$P-a" "$IMG" sh -c \
	'for n in net ipc uts pid; do readlink /proc/self/ns/$n; done; hostname')
check "another one joins the infra's network, IPC and UTS namespaces" \
	equals "$(echo "$out" | sed -n 1,3p | tr '\n' ' ')" \
	"$(for n in net ipc uts; do nsof "$infra" $n; done | tr '\n' ' ')"
check "...but has a pid namespace of its own" \
	test "$(echo "$out" | sed -n 4p)" != "$(nsof "$P-a1" pid)" -a "$(echo "$out" | sed -n 4p)" != "$(readlink /proc/self/ns/pid)"
check "...and the pod's hostname" equals "$(echo "$out" | sed -n 5p)" "$P-a"

# the pid namespace shared too: the infra's, every container sees the others
pm pod create --name "$P-b" --share pid,net,ipc,uts >/dev/null
pm run -d --pod "$P-b" --name "$P-b1" "$IMG" sleep 3171 >/dev/null
out=$(pm run --rm --pod "$P-b" "$IMG" ps -o args)
check "--share pid: a container sees the other's process" contains "$out" "sleep 3171"
check "...in the infra's pid namespace" equals "$(nsof "$P-b1" pid)" "$(nsof "$(pm pod inspect -f '{{.InfraContainerID}}' "$P-b")" pid)"

# a pod with id maps: its user namespace is the infra's, joined by path; a
# container's own pid namespace belongs to it (so /proc mounts), and its
# init is pid 1 there
pm pod create --name "$P-c" --uidmap 0:300000:65536 --gidmap 0:300000:65536 >/dev/null
infra=$(pm pod inspect -f '{{.InfraContainerID}}' "$P-c")
out=$(pm run --rm --pod "$P-c" "$IMG" sh -c 'readlink /proc/self/ns/user; echo $$; cat /proc/self/uid_map; id -u')
check "a pod with id maps: a container runs" equals "$?" 0
check "...in the pod's user namespace" equals "$(echo "$out" | sed -n 1p)" "$(nsof "$infra" user)"
check "...as pid 1 of a pid namespace of its own" equals "$(echo "$out" | sed -n 2p)" 1
check "...with the pod's id maps" equals "$(echo "$out" | sed -n 3p | xargs)" "0 300000 65536"
check "...root inside" equals "$(echo "$out" | sed -n 4p)" 0
pm run -d --pod "$P-c" --name "$P-c1" "$IMG" sleep 3172 >/dev/null
check "...exec into such a container" equals "$(pm exec "$P-c1" sh -c 'readlink /proc/self/ns/user')" "$(nsof "$infra" user)"

# one container's namespaces named by another: --pid and --network container:NAME
pm run -d --name "$P-x" "$IMG" sleep 3173 >/dev/null
out=$(pm run --rm --pid "container:$P-x" --network "container:$P-x" "$IMG" sh -c \
	'ps -o args; readlink /proc/self/ns/net')
check "--pid container:NAME: its processes are seen" contains "$out" "sleep 3173"
check "--network container:NAME: its network namespace" equals "$(echo "$out" | tail -1)" "$(nsof "$P-x" net)"

# --cgroups=disabled: podman passes --cgroup-manager disabled, once the
# runtime is among those its configuration says support it (the key is
# runtime_supports_nocgroup in podman 4, ..._nocgroups later)
sed '/^runtime_supports_nocgroup/d; s/^\[engine\]$/[engine]\nruntime_supports_nocgroup = ["crun", "krun", "ct"]\nruntime_supports_nocgroups = ["crun", "krun", "ct"]/' \
	"$CONTAINERS_CONF" >"$TESTS_TMP/containers.conf"
printf '[engine.runtimes]\nct = ["%s"]\n' "$CT" >>"$TESTS_TMP/containers.conf"
pmn() { CONTAINERS_CONF=$TESTS_TMP/containers.conf timeout -s KILL 120 podman --runtime ct "$@" 2>>"$TESTS_TMP/podman.err"; }
out=$(pmn run --rm --cgroups=disabled "$IMG" sh -c 'grep -E ":(memory|pids):" /proc/self/cgroup')
check "--cgroups=disabled: the container runs" equals "$?" 0
check "...in conmon's cgroups (no cgroup of its own)" \
	test -n "$out" -a -z "$(echo "$out" | grep libpod)"
pmn run -d --name "$P-n" --cgroups=disabled "$IMG" sleep 3174 >/dev/null
check "...exec into it" equals "$(pmn exec "$P-n" echo in)" in
pmn rm -f -t 0 "$P-n" >/dev/null

pods_end
# (processes SIGKILLed with a pod's pid namespace may still be exiting)
for _ in $(seq 50); do
	left=$(pgrep -f "sleep 317[0-4]" | paste -sd, -)
	[ -z "$left" ] && break
	sleep 0.1
done
check "the pods' removal leaves no process of theirs" test -z "$left"
[ -n "$left" ] && diag "left: $(ps -o pid=,ppid=,args= -p "$left" | tr '\n' ';')"
[ -s "$TESTS_TMP/podman.err" ] && diag "podman said:" "$(head -20 "$TESTS_TMP/podman.err")"
finish
