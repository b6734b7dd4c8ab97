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

finish
