#!/bin/bash
# OCI hooks: each kind runs at its point of the lifecycle with the state on
# stdin; a failing createRuntime hook fails create and leaves nothing; a
# failing poststart hook is a warning; a hook over its timeout is killed.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
H=$TESTS_TMP/hooks
mkdir -p "$H"
# the hook: append its name and the state's status and pid presence to a log
cat >"$H/record" <<HOOK
#!/bin/sh
state=\$(cat)
echo "\$1 \$(echo "\$state" | jq -r '.status + " " + .id + " " + (.pid != null | tostring)')" >>"$H/log"
HOOK
chmod +x "$H/record"
bundle_with "$B" sh -c 'echo process-ran >>/hooklog'
edit_config "$B" '.hooks = {
	"prestart": [{"path": $r, "args": ["record", "prestart"]}],
	"createRuntime": [{"path": $r, "args": ["record", "createRuntime"]}],
	"poststart": [{"path": $r, "args": ["record", "poststart"]}],
	"poststop": [{"path": $r, "args": ["record", "poststop"]}]}' --arg r "$H/record"
id=$(new_id)
ct create -b "$B" "$id" >/dev/null 2>&1 </dev/null
check "create with hooks succeeds" equals "$?" 0
check "prestart ran first, created, with a pid" equals "$(sed -n 1p "$H/log")" "prestart created $id true"
check "createRuntime ran next" equals "$(sed -n 2p "$H/log")" "createRuntime created $id true"
check "no poststart before start" equals "$(wc -l <"$H/log")" 2
ct start "$id"
check "poststart after start, running" equals "$(sed -n 3p "$H/log")" "poststart running $id true"
wait_status "$id" stopped 5
ct delete "$id"
check "poststop after delete, stopped, no pid" equals "$(sed -n 4p "$H/log")" "poststop stopped $id false"

# a hook gets the state on stdin and none of the caller's other descriptors
# (fd 9 here, open without close-on-exec; as crun)
rm -f "$H/fd9"
bundle_with "$B" true
fd9='[ -e /proc/$$/fd/9 ] && echo "$0 open" >>'"$H"'/fd9 || echo "$0 closed" >>'"$H"'/fd9'
edit_config "$B" '.hooks = {
	"prestart": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "prestart"]}],
	"createRuntime": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "createRuntime"]}],
	"poststart": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "poststart"]}],
	"poststop": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "poststop"]}]}' --arg c "$fd9"
ct run -b "$B" "$(new_id)" >/dev/null 2>&1 </dev/null 9</dev/null
check "hooks get none of the caller's other descriptors" equals "$(xargs <"$H/fd9" 2>&1)" \
	"prestart closed createRuntime closed poststart closed poststop closed"

# startContainer and createContainer run in the container: they see its files
rm -f "$H/log"
bundle_with "$B" true
edit_config "$B" '.hooks = {
	"createContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "cat > '"$H"'/cc-state"]}],
	"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "hostname > /tmp/sc-marker"]}]}'
run_in "$B"
check "createContainer and startContainer hooks: run succeeds" equals "$RC" 0
check "createContainer ran, status created" equals "$(jq -r .status "$H/cc-state" 2>&1)" created
check "startContainer ran in the container (its hostname)" equals "$(cat "$B/rootfs/tmp/sc-marker" 2>/dev/null)" ct-demo

# a failing createRuntime hook
bundle_with "$B" true
edit_config "$B" '.hooks = {"createRuntime": [{"path": "/bin/false"}]}'
run_in "$B"
check "failing createRuntime hook fails the run" bash -c "[ $RC != 0 ]"
check "error names the hook" contains "$ERR" "createRuntime hook 0 '/bin/false': exit status 1"
check "failing hook leaves nothing" leaves_nothing "$LAST_ID" "$B"

# a hook over its timeout
bundle_with "$B" true
edit_config "$B" '.hooks = {"prestart": [{"path": "/bin/sleep", "args": ["sleep", "10"], "timeout": 1}]}'
run_in "$B"
check "hook timeout fails the run" contains "$ERR" "prestart hook 0 '/bin/sleep': timed out after 1 seconds"
check "timed out hook leaves nothing" leaves_nothing "$LAST_ID" "$B"

# a hook on the host without env gets the runtime's environment; one with
# env only that
bundle_with "$B" true
edit_config "$B" '.hooks = {"prestart": [
	{"path": "/bin/sh", "args": ["sh", "-c", "env > '"$H"'/env-inherited"]},
	{"path": "/bin/sh", "args": ["sh", "-c", "env > '"$H"'/env-given"], "env": ["A=1"]}]}'
id=$(new_id)
CT_HOOK_PROBE=seen "$CT" --root "$CT_ROOT" run -b "$B" "$id" >/dev/null 2>&1
check "hook without env: the runtime's environment" grep -qx CT_HOOK_PROBE=seen "$H/env-inherited"
check "hook with env: its own" grep -qx A=1 "$H/env-given"
check "hook with env: nothing of the runtime's" bash -c "! grep -q CT_HOOK_PROBE '$H/env-given'"

# in the container a hook without env gets the process's environment, never
# the runtime's caller's: startContainer the very one the process gets
# (HOME from the container's /etc/passwd), createContainer the config's (no
# HOME yet), as runc (crun gives createContainer its own)
bundle_with "$B" true
printf '#!/bin/sh\nenv | sort >/sc-env\n' >"$B/rootfs/sc-env"
chmod +x "$B/rootfs/sc-env"
edit_config "$B" '.process.env = ["ONE=two", "FOO=bar", "PATH=/bin"] | .hooks = {
	"createContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "env | sort > '"$H"'/cc-env"]}],
	"startContainer": [{"path": "/sc-env"}]}'
id=$(new_id)
CT_HOOK_PROBE=leak "$CT" --root "$CT_ROOT" run -b "$B" "$id" >/dev/null 2>&1 </dev/null
# (the shells' own PWD and SHLVL left out)
check "startContainer hook without env: the process's, HOME included" \
	equals "$(grep -v -e ^PWD= -e ^SHLVL= "$B/rootfs/sc-env" 2>&1 | xargs)" \
	"FOO=bar HOME=/root ONE=two PATH=/bin"
check "createContainer hook without env: the process's as configured" \
	equals "$(grep -v -e ^PWD= -e ^SHLVL= "$H/cc-env" 2>&1 | xargs)" "FOO=bar ONE=two PATH=/bin"

# a startContainer hook runs under the container's seccomp filter, with
# no_new_privs and without (as runc and crun, which load it before): a
# system call the filter kills kills the hook, one it denies is denied
for nnp in true false; do
	bundle_with "$B" true
	edit_config "$B" '.process.noNewPrivileges = ($nnp == "true") | .linux.seccomp = {
		"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_KILL"},
		{"names": ["rmdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18}]} |
		.hooks = {"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c",
		"grep Seccomp: /proc/self/status >/sc-seccomp; rmdir /tmp 2>/sc-rmdir; mkdir /sc-dir"]}]}' \
		--arg nnp "$nnp"
	run_in "$B"
	check "startContainer hook under the filter (noNewPrivileges $nnp): the run fails" \
		bash -c "[ $RC != 0 ]"
	check "...the error names the hook and SIGSYS" contains "$ERR" \
		"startContainer hook 0 '/bin/sh': killed by signal 31 (SIGSYS: a system call the seccomp filter forbids)"
	check "...the hook saw the filter (Seccomp: 2)" equals "$(cut -f2 "$B/rootfs/sc-seccomp" 2>&1)" 2
	check "...a denied call failed with the profile's errno" contains "$(cat "$B/rootfs/sc-rmdir")" \
		"Invalid cross-device link"
	check "...the killed call did nothing" test ! -e "$B/rootfs/sc-dir"
	check "...leaves nothing" leaves_nothing "$LAST_ID" "$B"
done

# every wait for init is bounded (LIBCT_SETUP_TIMEOUT, here 1 s): an init
# stopped by a createRuntime hook never reports READY; the create ends,
# says what init is doing, and leaves nothing
cat >"$H/stop-init" <<'HOOK'
#!/bin/sh
kill -STOP "$(jq -r .pid)"
HOOK
chmod +x "$H/stop-init"
bundle_with "$B" true
edit_config "$B" '.hooks = {"createRuntime": [{"path": $h}]}' --arg h "$H/stop-init"
id=$(new_id)
err=$(LIBCT_SETUP_TIMEOUT=1 timeout -s KILL 60 "$CT" --root "$CT_ROOT" run -b "$B" "$id" 2>&1)
check "init stopped during create: the run fails" equals "$?" 1
check "init stopped during create: no READY within the timeout" contains "$err" \
	"sync: no READY from the container's process within 1 s (the setup timeout)"
check "init stopped during create: says init is stopped" contains "$err" "is stopped"
check "init stopped during create: leaves nothing" leaves_nothing "$id" "$B"

# ...the same at start: a process of the container cannot stop its init,
# so the test does, from the host, once a startContainer hook (5 s, in the
# container) says it runs; `ct start` waits 1 + 5 s for the exec, then fails
# and the container can be deleted
bundle_with "$B" true
printf '#!/bin/sh\ntouch /hook-runs\nsleep 1\n' >"$B/rootfs/mark"
chmod +x "$B/rootfs/mark"
edit_config "$B" '.hooks = {"startContainer": [{"path": "/mark", "timeout": 5}]}'
id=$(new_id)
quiet ct create -b "$B" "$id"
pid=$(ct state "$id" | jq -r .pid)
(for _ in $(seq 200); do [ -e "$B/rootfs/hook-runs" ] && exec kill -STOP "$pid"; sleep 0.05; done) &
err=$(LIBCT_SETUP_TIMEOUT=1 timeout -s KILL 60 "$CT" --root "$CT_ROOT" start "$id" 2>&1)
check "init stopped at start: start fails" equals "$?" 1
check "init stopped at start: no exec within 1 + 5 s" contains "$err" \
	"sync: no exec from the container's process within 6 s (the setup timeout)"
check "init stopped at start: says init is stopped" contains "$err" "process $pid is stopped"
wait
quiet ct delete -f "$id"
check "init stopped at start: delete -f removes it" leaves_nothing "$id" "$B"

# what hooks write goes nowhere (runc and crun): neither to ct's stdout and
# stderr (host-side hooks) nor to the container's (startContainer)
bundle_with "$B" echo main
say='echo $0-out; echo $0-err >&2'
edit_config "$B" '.hooks = {
	"prestart": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "prestart"]}],
	"createRuntime": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "createRuntime"]}],
	"createContainer": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "createContainer"]}],
	"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "startContainer"]}],
	"poststart": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "poststart"]}],
	"poststop": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "poststop"]}]}' --arg c "$say"
run_in "$B"
check "hooks' output: the run succeeds" equals "$RC" 0
check "hooks' output: only the process's on stdout" equals "$OUT" main
check "hooks' output: nothing on stderr" equals "$ERR" ""
id=$(new_id)
quiet ct create -b "$B" "$id"
out=$(ct start "$id" 2>&1)
check "hooks' output: nothing from start" equals "$out" ""
wait_status "$id" stopped 5
out=$(ct delete "$id" 2>&1)
check "hooks' output: nothing from delete" equals "$out" ""

# ...but a failing hook's error ends with what it wrote last (stdout and
# stderr as they came; one line of printable text, the start cut), as
# runc puts it in its error
bundle_with "$B" true
fail='head -c 3000 /dev/zero | tr "\0" x; echo; echo "first line"; printf "why\tit\001failed\n" >&2; exit 3'
edit_config "$B" '.hooks = {"createRuntime": [{"path": "/bin/sh", "args": ["sh", "-c", $c]}]}' \
	--arg c "$fail"
run_in "$B"
check "failing hook's output: the run fails" equals "$RC" 1
check "failing hook's output: the error ends with its last words" contains "$ERR" \
	"createRuntime hook 0 '/bin/sh': exit status 3, output: ...xxx"
check "failing hook's output: one line, tab and control character replaced" \
	bash -c '[[ $1 == *"xxx first line why it?failed" ]] && [ "$(wc -l <<<"$1")" = 1 ]' - "$ERR"
check "failing hook's output: bounded (the last 512 bytes)" \
	bash -c '[ "$(grep -o x <<<"$1" | wc -l)" -lt 512 ]' - "$ERR"
check "failing hook's output: leaves nothing" leaves_nothing "$LAST_ID" "$B"

# a hook's output is read while it runs and only its end is kept: a hook may
# write more than a pipe holds, and a great deal, and the error still quotes
# its last words; what it leaves running in the background and writing gets
# EPIPE once the hook is done, instead of filling memory for as long as it
# runs (a file would keep growing after the runtime exited)
bundle_with "$B" true
edit_config "$B" '.hooks = {"prestart": [{"path": "/bin/sh", "args": ["sh", "-c",
	"head -c 1048576 /dev/zero; echo fine"], "timeout": 20}]}'
run_in "$B"
check "hook writing 1 MiB: the run succeeds" equals "$RC" 0
check "hook writing 1 MiB: none of it reaches ct's output" equals "$OUT$ERR" ""
bundle_with "$B" true
edit_config "$B" '.hooks = {"createRuntime": [{"path": "/bin/sh", "args": ["sh", "-c",
	"head -c 200000000 /dev/zero | tr \"\\0\" y; echo; echo last words; exit 5"], "timeout": 60}]}'
run_in "$B"
check "hook writing 200 MB, failing: its last words in the error" contains "$ERR" \
	"createRuntime hook 0 '/bin/sh': exit status 5, output: ...yyy"
check "hook writing 200 MB, failing: ...at the end of the error" \
	bash -c '[[ $1 == *"yyy last words" ]] && [ "$(grep -o y <<<"$1" | wc -l)" -lt 512 ]' - "$ERR"
check "hook writing 200 MB, failing: leaves nothing" leaves_nothing "$LAST_ID" "$B"
mark=ct-hook-background-$$-$RANDOM
bundle_with "$B" true
edit_config "$B" '.hooks = {"prestart": [{"path": "/bin/sh", "args": ["sh", "-c",
	("yes " + $m + " & echo started")]}]}' --arg m "$mark"
run_in "$B"
check "hook leaving a writer in the background: the run succeeds" equals "$RC" 0
for _ in $(seq 50); do pgrep -f "^yes $mark" >/dev/null || break; sleep 0.1; done
left=$(pgrep -f "^yes $mark")
check "hook leaving a writer in the background: the writer ends with the hook's run" \
	equals "$left" ""
[ -z "$left" ] || kill -9 $left
bundle_with "$B" true
edit_config "$B" '.hooks = {"prestart": [{"path": "/no/such/hook"}]}'
run_in "$B"
check "a hook that cannot be executed: the error says why" contains "$ERR" \
	"prestart hook 0 '/no/such/hook': could not be executed (exit status 127), output: exec /no/such/hook: No such file or directory"
bundle_with "$B" true
edit_config "$B" '.hooks = {"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "echo in-container-reason; exit 4"]}]}'
run_in "$B"
check "failing startContainer hook: its output in the error" contains "$ERR" \
	"startContainer hook 0 '/bin/sh': exit status 4, output: in-container-reason"

# crun's annotations run.oci.hooks.stdout and run.oci.hooks.stderr: files the
# host-side hooks' output is appended to (in-container hooks' is not)
bundle_with "$B" true
edit_config "$B" '.annotations = {"run.oci.hooks.stdout": $o, "run.oci.hooks.stderr": $e} |
	.hooks = {
	"prestart": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "prestart"]}],
	"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "startContainer"]}],
	"poststart": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "poststart"]}],
	"poststop": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "poststop"]}]}' \
	--arg c "$say" --arg o "$H/hooks.out" --arg e "$H/hooks.err"
echo earlier >"$H/hooks.out"
run_in "$B"
check "run.oci.hooks.stdout: the host-side hooks' stdout appended" \
	equals "$(xargs <"$H/hooks.out")" "earlier prestart-out poststart-out poststop-out"
check "run.oci.hooks.stderr: their stderr, made if missing" \
	equals "$(xargs <"$H/hooks.err" 2>&1)" "prestart-err poststart-err poststop-err"
edit_config "$B" '.annotations["run.oci.hooks.stdout"] = "/no/such/dir/out"'
run_in "$B"
check "run.oci.hooks.stdout that cannot be opened: the run fails" \
	contains "$ERR" "prestart hooks: annotation run.oci.hooks.stdout: open '/no/such/dir/out': No such file or directory"
check "...and leaves nothing" leaves_nothing "$LAST_ID" "$B"

# the hooks on the host run in the bundle directory, whatever directory
# create, start and delete are called from (runc and crun for prestart,
# createRuntime and poststart; crun for poststop, runc there in its caller's);
# a relative run.oci.hooks.stdout is the bundle's too
bundle_with "$B" true
pwdh='echo "$0 $(pwd)" >>'"$H"'/cwd'
edit_config "$B" '.annotations = {"run.oci.hooks.stdout": "hooks.out"} | .hooks = {
	"prestart": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "prestart"]}],
	"createRuntime": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "createRuntime"]}],
	"poststart": [{"path": "/bin/sh", "args": ["sh", "-c", $c, "poststart"]}],
	"poststop": [{"path": "/bin/sh", "args": ["sh", "-c", ($c + "; echo $0-out"), "poststop"]}]}' \
	--arg c "$pwdh"
rm -f "$H/cwd"
id=$(new_id)
(cd / && quiet ct create -b "$B" "$id")
(cd /tmp && quiet ct start "$id")
wait_status "$id" stopped 5
(cd /var && quiet ct delete "$id")
check "host-side hooks run in the bundle, called from elsewhere" \
	equals "$(xargs <"$H/cwd" 2>&1)" \
	"prestart $B createRuntime $B poststart $B poststop $B"
check "a relative run.oci.hooks.stdout is the bundle's" equals "$(cat "$B/hooks.out" 2>&1)" poststop-out

# ...and where the bundle is gone by delete, the poststop hooks still run
# (in the caller's directory), with a warning
rm -f "$H/cwd" "$B/hooks.out"
id=$(new_id)
(cd / && quiet ct create -b "$B" "$id")
quiet ct start "$id"
wait_status "$id" stopped 5
mv "$B" "$B.moved"
out=$(cd /var && ct delete "$id" 2>&1)
check "bundle gone by delete: a warning names it" contains "$out" \
	"warning: poststop hooks: the bundle '$B': No such file or directory"
check "bundle gone by delete: poststop ran all the same" equals "$(grep poststop "$H/cwd" 2>&1)" \
	"poststop /var"
check "bundle gone by delete: the container is deleted" leaves_nothing "$id" "$B.moved"
rm -rf "$B.moved"

# a failing poststart hook is only a warning
bundle_with "$B" true
edit_config "$B" '.hooks = {"poststart": [{"path": "/bin/false"}]}'
run_in "$B"
check "failing poststart hook: the run succeeds" equals "$RC" 0
check "failing poststart hook: a warning" contains "$ERR" "warning: poststart hook 0 '/bin/false': exit status 1"
bundle_with "$B" true
edit_config "$B" '.hooks = {"poststart": [{"path": "/bin/sh", "args": ["sh", "-c", "echo ps-reason >&2; exit 2"]}]}'
run_in "$B"
check "failing poststart hook: the warning has its output" contains "$ERR" \
	"warning: poststart hook 0 '/bin/sh': exit status 2, output: ps-reason"
finish
