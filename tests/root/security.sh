#!/bin/bash
# seccomp and LSM labels.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b

bundle_with "$B" sh -c 'mkdir /tmp/x 2>&1; echo rc=$?; touch /tmp/y && echo touch-ok'
edit_config "$B" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
	"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18}]}'
run_in "$B"
check "seccomp denies mkdir with the configured errno (EXDEV)" contains "$OUT" "Invalid cross-device link"
check "other syscalls allowed" contains "$OUT" "touch-ok"

bundle_with "$B" sh -c 'grep Seccomp: /proc/self/status'
edit_config "$B" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO",
		"args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}'
run_in "$B"
check "filter installed (Seccomp: 2)" contains "$OUT" "Seccomp:	2"

bundle_with "$B" true
edit_config "$B" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [{"names": ["no_such_syscall_x"], "action": "SCMP_ACT_ERRNO"}]}'
run_in "$B"
check "an unknown syscall name is skipped" equals "$RC" 0

if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
	bundle_with "$B" true
	edit_config "$B" '.process.apparmorProfile = "nope"'
	run_in "$B"
	check "apparmor asked on a host without it fails" bash -c "[ $RC != 0 ]"
	check "apparmor error names the profile" contains "$ERR" "apparmor profile 'nope'"
	check "leaves nothing" leaves_nothing "$LAST_ID" "$B"
fi
if [ ! -e /sys/fs/selinux/enforce ]; then
	bundle_with "$B" true
	edit_config "$B" '.process.selinuxLabel = "system_u:system_r:container_t:s0"'
	run_in "$B"
	check "selinux label on a host without it fails" bash -c "[ $RC != 0 ]"
	check "selinux error is clear" contains "$ERR" "selinux is not enabled"
	check "leaves nothing" leaves_nothing "$LAST_ID" "$B"
fi


# the files of procfs an exec'd process writes for itself on its way in
# (its OOM score here; its exec label likewise) go through the caller's
# /proc, not the container's, which the container's root may cover with a
# tmpfs of its own (a user namespace's CAP_SYS_ADMIN): there the write would
# land in a file of the container's choosing and the score would not be set
bundle_with "$B" sh -c 'mount -t tmpfs none /proc && mkdir /proc/fake &&
	echo 0 >/proc/fake/oom_score_adj && ln -s fake /proc/self && exec sleep 300'
with_userns "$B"
grant_cap "$B" CAP_SYS_ADMIN
edit_config "$B" '.process.oomScoreAdj = 500'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
for _ in $(seq 50); do [ -e "$B/rootfs/proc/fake" ] || [ -n "$(ct exec "$id" cat /proc/fake/oom_score_adj 2>/dev/null)" ] && break; sleep 0.1; done
quiet ct exec -d -P "$TESTS_TMP/epid" "$id" sleep 301
check "a /proc covered by the container: the exec'd process has its OOM score" \
	equals "$(cat "/proc/$(cat "$TESTS_TMP/epid")/oom_score_adj" 2>&1)" 500
check "...and the container's stand-in file is untouched" \
	equals "$(ct exec "$id" cat /proc/fake/oom_score_adj 2>&1)" 0
quiet ct delete -f "$id"
check "a /proc covered by the container: leaves nothing" leaves_nothing "$id" "$B"

# --no-pivot: the caller's /proc and /sys stay in the container's mount
# namespace, out of sight under the root; as long as one whole procfs there
# is not covered, the kernel lets a process in a user namespace of its own
# mount a fresh, unmasked one (runc's no_pivot.bats). ct unmounts them (or,
# with a user namespace, where they are locked, covers them) before the
# move: the mount is refused, with pivot_root as without it, and the
# caller's own /proc and /sys are untouched.
nested_proc='unshare -mrpf sh -c "mount -t proc none /proc && echo mounted-proc"'
# The kernel's rule looks at every procfs of the mount namespace, also one
# under its root that no path reaches, which a container's namespace copies
# from the host's: an initramfs's /proc left there at boot (the v2 VM's
# guest init leaves one; systemd moves it to the new root) is whole, and
# lets any nested mount through, with masks or not. The host is probed
# first, without ct: a locked tmpfs over /proc/sys must refuse it.
probe=$(unshare -m --propagation private sh -c 'mount -t tmpfs none /proc/sys &&
	unshare -mrpf sh -c "mount -t proc none /tmp 2>/dev/null && echo mounted"' 2>&1)
if [ "$probe" = mounted ]; then
	ok "# SKIP this host's mount namespace has a whole procfs under its root: a nested proc mount is allowed with masks or not"
	nested_variants=""
else
	nested_variants="plain userns"
fi
for variant in $nested_variants; do
	for pivot in "" --no-pivot; do
		bundle_with "$B" sh -c "$nested_proc; ls /proc/self/fd >/dev/null && echo own-proc"
		grant_cap "$B" CAP_SETFCAP
		[ $variant = userns ] && with_userns "$B"
		id=$(new_id)
		out=$(timeout -s KILL 300 "$CT" --root "$CT_ROOT" run $pivot -b "$B" "$id" 2>&1)
		what="$variant${pivot:+, $pivot}"
		check "$what: a nested user namespace cannot mount a fresh proc" \
			bash -c "! grep -q mounted-proc <<<\"\$1\"" _ "$out"
		check "$what: the mount is refused" contains "$out" "mount: permission denied"
		check "$what: the container's own /proc works" contains "$out" own-proc
		check "$what: leaves nothing" leaves_nothing "$id" "$B"
	done
done
check "the caller's /proc and /sys are still mounted" \
	bash -c 'mountpoint -q /proc && mountpoint -q /sys && [ -e /proc/self/mountinfo ]'

finish
