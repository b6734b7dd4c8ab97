#!/bin/bash
# Every process that enters a container takes the container's confinement,
# whatever its own description says: `exec --process FILE` (containerd's shim,
# Docker and so every kubectl exec use it) and the library's exec with a bare
# description run under the container's seccomp filter and no_new_privs. The
# record of it (confine.json, seccomp.bpf in the state directory) is read as
# untrusted input.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
probe='grep -E "^(NoNewPrivs|Seccomp:)" /proc/self/status; mkdir /tmp/x 2>/dev/null && echo made || echo refused'
bundle_with "$B" sleep 100
edit_config "$B" '.process.noNewPrivileges = true | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
id=$(new_id)
quiet ct run -d -b "$B" "$id"

jq -n --arg p "$probe" '{args: ["sh", "-c", $p], cwd: "/", user: {uid: 0, gid: 0}, env: ["PATH=/bin"], noNewPrivileges: false}' >"$TESTS_TMP/p.json"
out=$(ct exec --process "$TESTS_TMP/p.json" "$id" 2>&1)
check "exec --process without seccomp: the container's filter is loaded" contains "$out" "Seccomp:	2"
check "exec --process: a blocked syscall fails" contains "$out" "refused"
check "exec --process: no_new_privs of the container kept" contains "$out" "NoNewPrivs:	1"
init_bnd=$(grep CapBnd "/proc/$(ct state "$id" | jq -r .pid)/status")
jq -n '{args: ["grep", "-E", "^Cap(Bnd|Eff)", "/proc/self/status"], cwd: "/", user: {uid: 0, gid: 0}, env: ["PATH=/bin"]}' >"$TESTS_TMP/caps.json"
out=$(ct exec --process "$TESTS_TMP/caps.json" "$id" 2>&1)
check "exec --process without capabilities: the container's bounding set, not all" \
	contains "$out" "$init_bnd"
check "exec --process without capabilities: no capability beyond the container's" \
	bash -c "! printf '%s' \"\$1\" | grep -q 000001ffffffffff" _ "$out"

out=$(ct exec "$id" sh -c "$probe; grep Seccomp_filters /proc/self/status" 2>&1)
check "exec from the saved config: the filter holds" contains "$out" "refused"
check "exec from the saved config: one filter, not the same one twice" contains "$out" "Seccomp_filters:	1"

if [ -n "${LIB_EXEC:-}" ]; then
	out=$("$LIB_EXEC" "$CT_ROOT" "$id" /bin/sh -c "$probe" 2>&1)
	check "libct_container_exec with a bare description: the container's filter" contains "$out" "refused"
fi

# the record is untrusted input
cp "$CT_ROOT/$id/confine.json" "$TESTS_TMP/confine.json"
echo '{"noNewPrivileges": "yes"}' >"$CT_ROOT/$id/confine.json"
out=$(ct exec "$id" true 2>&1)
check "a damaged confine.json: exec refused" contains "$out" "confine.json/noNewPrivileges is damaged"
cp "$TESTS_TMP/confine.json" "$CT_ROOT/$id/confine.json"
cp "$CT_ROOT/$id/seccomp.bpf" "$TESTS_TMP/seccomp.bpf"
printf 'abcde' >"$CT_ROOT/$id/seccomp.bpf"
out=$(ct exec "$id" true 2>&1)
check "a damaged seccomp.bpf: exec refused, naming it" contains "$out" "seccomp.bpf: seccomp: a saved program of 5 bytes is no BPF program"
cp "$TESTS_TMP/seccomp.bpf" "$CT_ROOT/$id/seccomp.bpf"
out=$(ct exec "$id" sh -c 'mkdir /tmp/z 2>/dev/null || echo refused' 2>&1)
check "restored: exec works again, confined" equals "$out" "refused"
quiet ct delete -f "$id"
check "delete leaves nothing" leaves_nothing "$id"
finish
