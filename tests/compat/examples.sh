#!/bin/bash
# The programs of examples/, as built by meson, run against a busybox root
# (scripts/mkbundle) and checked by their output. The networked one runs in
# a network namespace the test makes, so its host end stays there.
# Env: EXAMPLES (default: build/examples).
. "$(dirname "$0")/../lib/common.sh"
need_root
EX=${EXAMPLES:-$TOP/build/examples}
for e in veth-route spawn-callback enter pause-resume; do
	[ -x "$EX/$e" ] || { echo "Bail out! $EX/$e is not built"; exit 1; }
done
make_bundle "$TESTS_TMP/b" true
R=$TESTS_TMP/b/rootfs

# spawn-callback: with the host's root and with the busybox one
for root in "" "$R"; do
	out=$("$EX/spawn-callback" $root 2>&1)
	rc=$?
	check "spawn-callback ${root:+(rootfs) }exits 0" equals "$rc" 0
	check "spawn-callback ${root:+(rootfs) }reports pid 1" contains "$out" "pid in the container: 1"
	check "spawn-callback ${root:+(rootfs) }reports the hostname" contains "$out" \
		"hostname in the container: callback-host"
done

# enter
for root in "" "$R"; do
	out=$("$EX/enter" $root 2>&1)
	rc=$?
	check "enter ${root:+(rootfs) }exits 0" equals "$rc" 0
	check "enter${root:+ (rootfs)}: the entered process prints the hostname" contains "$out" \
		"hostname in the container: enter-demo"
	pid=$(printf '%s\n' "$out" | sed -n 's/^init runs as pid \([0-9]*\) .*/\1/p')
	check "enter${root:+ (rootfs)}: init $pid is gone afterwards" test -n "$pid" -a ! -e "/proc/${pid:-0}"
done

# pause-resume
out=$("$EX/pause-resume" "$R" 2>&1)
rc=$?
check "pause-resume exits 0" equals "$rc" 0
check "pause-resume shows running, paused, running, stopped" equals \
	"$(printf '%s\n' "$out" | sed -n 's/^status: //p' | tr '\n' ' ')" "running paused running stopped "
check "pause-resume: init was killed (137)" contains "$out" "init ended with status 137"

# veth-route, in a netns of the test's (nsenter, not `ip netns exec`, which
# would hide /sys/fs/cgroup behind a new sysfs)
ns=ctex$$
ip netns add "$ns" || { echo "Bail out! ip netns add"; exit 1; }
trap 'ip netns del "$ns" 2>/dev/null; cleanup_all' EXIT
out=$(nsenter --net="/run/netns/$ns" "$EX/veth-route" "$R" vex0 10.199.7 2>&1)
rc=$?
check "veth-route exits 0" equals "$rc" 0
check "veth-route: eth0 inside with 10.199.7.2/24" contains "$out" "inet 10.199.7.2/24"
check "veth-route: eth0 is up" contains "$out" "eth0: <BROADCAST,MULTICAST,UP"
check "veth-route: lo is up inside" contains "$out" "lo: <LOOPBACK,UP"
check "veth-route: the default route via the host end" contains "$out" "default via 10.199.7.1 dev eth0"
check "veth-route: the container exited 0" contains "$out" "the container exited with status 0"
check "veth-route: the host end is gone afterwards" equals \
	"$(ip -n "$ns" -o link show type veth 2>&1)" ""
bad=$(nsenter --net="/run/netns/$ns" "$EX/veth-route" /nonexistent-root vex1 2>&1)
rc=$?
check "veth-route with a missing root fails" test "$rc" != 0
check "... with a message" contains "$bad" "veth-route: "
check "... and leaves no veth" equals "$(ip -n "$ns" -o link show type veth 2>&1)" ""
printf '%s\n' "$out" | head -20 | sed 's/^/# /'
finish
