#!/bin/bash
# No fd of the runtime (or of its caller) is open in the container after exec,
# whether the seccomp profile allows close_range or not.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
bundle_with "$B" sh -c 'ls /proc/self/fd | tr "\n" " "'
id=$(new_id)
out=$(exec 7</etc/hostname 9>"$TESTS_TMP/nine"; ct run -b "$B" "$id" 2>&1)
check "only stdio (and ls's own directory fd) are open" equals "$out" "0 1 2 3 "
id=$(new_id)
bundle_with "$B" sh -c 'ls -l /proc/1/fd | grep -c -- "->"'
ct create -b "$B" "$id" 9>"$TESTS_TMP/nine"
pid=$(ct state "$id" | jq -r .pid)
# (and the sealed exec stub it will exec through, close-on-exec)
leaked=$(ls -l /proc/$pid/fd | grep -v -e " [012] ->" -e "socket:" -e "/memfd:ct-exec-stub (deleted)" | grep -c -- "->")
check "a created init holds no fd but stdio, its start socket and the exec stub" equals "$leaked" 0
ct delete -f "$id"

# ...and the same under a seccomp profile that denies close_range (an
# allow-list older than it: Docker's before 5.9, custom Kubernetes ones),
# with no_new_privs (the filter loaded right before the exec) and without
# (loaded while still privileged): the fds are marked before the filter is
# there, in run and in exec (as runc and crun, which run the process)
for nnp in true false; do
	for e in 1 38; do
		bundle_with "$B" sh -c 'ls /proc/self/fd | tr "\n" " "'
		edit_config "$B" '.process.noNewPrivileges = ($nnp == "true") |
			.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names":
			["close_range"], "action": "SCMP_ACT_ERRNO", "errnoRet": ($e | tonumber)}]}' \
			--arg nnp "$nnp" --arg e "$e"
		id=$(new_id)
		out=$(exec 7</etc/hostname 9>"$TESTS_TMP/nine"; ct run -b "$B" "$id" 2>&1)
		check "close_range denied (errno $e, noNewPrivileges $nnp): run, only stdio" \
			equals "$out" "0 1 2 3 "
		edit_config "$B" '.process.args = ["sleep", "300"]'
		id=$(new_id)
		quiet ct run -d -b "$B" "$id"
		out=$(exec 7</etc/hostname 9>"$TESTS_TMP/nine"
			ct exec "$id" sh -c 'ls /proc/self/fd | tr "\n" " "' 2>&1)
		check "close_range denied (errno $e, noNewPrivileges $nnp): exec, only stdio" \
			equals "$out" "0 1 2 3 "
		quiet ct delete -f "$id"
	done
done
finish
