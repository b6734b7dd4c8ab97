#!/bin/bash
# Pure cgroup v1 (systemd's legacy mode: no cgroup2 mounted anywhere): this
# host's v1 hierarchies, with every cgroup2 mount taken away in a mount
# namespace of the test's own, where ct finds v1 alone. There: a container's
# cgroup view and place, then the cgroup and failure tests (cgroup.sh and
# failure.sh, relayed; tests/faults/kill.sh run by hand in such a mount
# namespace kills commands at random points there: the same code as on the
# hybrid host, less the unified hierarchy).
# Skips on a host without a v1 hierarchy (pure v2).
if [ -z "${CT_PURE_V1:-}" ] && [ "$(id -u)" = 0 ] && grep -q ' - cgroup ' /proc/self/mountinfo; then
	# again, in a mount namespace to take cgroup2 from (the host's stays)
	exec unshare -m --propagation private env CT_PURE_V1=1 bash "$0"
fi
. "$(dirname "$0")/../lib/common.sh"
need_root
if [ -z "${CT_PURE_V1:-}" ]; then
	echo "1..0 # SKIP no cgroup v1 hierarchy here"
	exit 0
fi
for m in $(awk '$9 == "cgroup2" { print $5 }' /proc/self/mountinfo | sort -r); do
	umount "$m" || { echo "Bail out! cannot unmount cgroup2 at $m"; exit 1; }
done
check "no cgroup2 mounted in the test's namespace" \
	equals "$(awk '$9 == "cgroup2"' /proc/self/mountinfo)" ""

# the container's /sys/fs/cgroup: the v1 hierarchies, as mounted here (named
# ones included), and nothing of cgroup2; init is in a cgroup of its own in
# each of them
hiers=$(awk '$9 == "cgroup" { n = split($5, p, "/"); print p[n] }' /proc/self/mountinfo | sort | xargs)
bundle_with "$TESTS_TMP/b" sh -c 'ls /sys/fs/cgroup | sort | xargs; grep -v "^0::" /proc/self/cgroup'
edit_config "$TESTS_TMP/b" '.linux.namespaces |= map(select(.type != "cgroup"))'
run_in "$TESTS_TMP/b"
check "pure v1: the run succeeds" equals "$RC" 0
check "pure v1: /sys/fs/cgroup in the container has the v1 hierarchies alone" \
	equals "$(sed -n 1p <<<"$OUT")" "$hiers"
mine=$(sed 1d <<<"$OUT" | grep -v ':name=')
check "pure v1: init's cgroup is the container's in every hierarchy with a controller" \
	bash -c '[ -n "$1" ] && ! grep -v ":.*/$2\$" <<<"$1"' - "$mine" "$LAST_ID"
check "pure v1: nothing left" leaves_nothing "$LAST_ID" "$TESTS_TMP/b"

relay "pure v1: " bash "$TOP/tests/root/cgroup.sh"
relay "pure v1: " bash "$TOP/tests/root/failure.sh"
finish
