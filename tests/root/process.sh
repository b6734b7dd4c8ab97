#!/bin/bash
# The process: exit status, signals, environment, cwd, user, umask, rlimits,
# OOM score, capabilities and no_new_privs, each read from inside.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b

bundle_with "$B" sh -c 'exit 7'
run_in "$B"
check "exit status passes through" equals "$RC" 7
check "leaves nothing after exit" leaves_nothing "$LAST_ID" "$B"

# init killed from outside: ct run reports 128+9
bundle_with "$B" sleep 60
id=$(new_id)
ct run -b "$B" "$id" >/dev/null 2>&1 &
runpid=$!
wait_status "$id" running 5
ct kill "$id" KILL
wait $runpid
check "killed by SIGKILL: 137" equals "$?" 137

bundle_with "$B" sh -c 'echo out; echo err >&2'
run_in "$B"
check "stdout passes through" equals "$OUT" out
check "stderr passes through" equals "$ERR" err

bundle_with "$B" sh -c 'echo $$; echo "$FOO"; echo "$HOME"; pwd'
edit_config "$B" '.process.env += ["FOO=bar baz"] | .process.cwd = "/tmp/new/dir"'
run_in "$B"
check "init is pid 1" equals "$(echo "$OUT" | sed -n 1p)" 1
check "env reaches the process" equals "$(echo "$OUT" | sed -n 2p)" "bar baz"
check "HOME from /etc/passwd" equals "$(echo "$OUT" | sed -n 3p)" /root
check "missing cwd is made and entered" equals "$(echo "$OUT" | sed -n 4p)" /tmp/new/dir

# ...also under a read-only root: made before the root becomes read-only
bundle_with "$B" pwd
edit_config "$B" '.root.readonly = true | .process.cwd = "/work/dir"'
run_in "$B"
check "missing cwd under a read-only root: the run succeeds" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "missing cwd under a read-only root: entered" equals "$OUT" /work/dir

bundle_with "$B" sh -c 'id -u; id -g; id -G; umask; echo "$HOME"'
edit_config "$B" '.process.user = {"uid": 1000, "gid": 1001, "additionalGids": [5, 65534], "umask": 63}'
run_in "$B"
check "uid" equals "$(echo "$OUT" | sed -n 1p)" 1000
check "gid" equals "$(echo "$OUT" | sed -n 2p)" 1001
check "additional gids" equals "$(echo "$OUT" | sed -n 3p)" "1001 5 65534"
check "umask" equals "$(echo "$OUT" | sed -n 4p)" 0077
check "HOME / for a user without a passwd entry" equals "$(echo "$OUT" | sed -n 5p)" /

# crun's run.oci.keep_original_groups (podman's --group-add keep-groups): the
# groups of the process that starts ct, not additionalGids, for init and
# for what exec starts from the saved config
edit_config "$B" '.process.args = ["sh", "-c", "id -G; sleep 100"]
	| .annotations["run.oci.keep_original_groups"] = "1"'
id=$(new_id)
setpriv --groups 1234,5678 "$CT" --root "$CT_ROOT" run -d -b "$B" "$id" >"$TESTS_TMP/kg.out" 2>&1 \
	</dev/null
for _ in $(seq 200); do [ -s "$TESTS_TMP/kg.out" ] && break; sleep 0.02; done
check "keep_original_groups: init keeps the starter's groups" equals "$(cat "$TESTS_TMP/kg.out")" \
	"1001 1234 5678"
check "...and so does an exec" equals \
	"$(setpriv --groups 42 "$CT" --root "$CT_ROOT" exec "$id" id -G 2>&1 </dev/null)" "1001 42"
quiet ct delete -f "$id"

# /etc/passwd is the image's: a FIFO would block init's read of it for HOME
# forever (and with it `ct run`, which ignores SIGTERM while it waits), a
# link to /dev/zero would keep it reading; only a regular file is read
bundle_with "$B" sh -c 'echo "$HOME"'
edit_config "$B" '.process.env = ["PATH=/bin"]'
rm "$B/rootfs/etc/passwd"
mkfifo "$B/rootfs/etc/passwd"
id=$(new_id)
out=$(timeout -s KILL 20 "$CT" --root "$CT_ROOT" run -b "$B" "$id" 2>&1)
check "a FIFO for /etc/passwd: the run ends, HOME /" equals "$out" /
quiet ct delete -f "$id"
rm "$B/rootfs/etc/passwd"
ln -s /dev/zero "$B/rootfs/etc/passwd"
id=$(new_id)
out=$(timeout -s KILL 20 "$CT" --root "$CT_ROOT" run -b "$B" "$id" 2>&1)
check "/etc/passwd a link to /dev/zero: the run ends, HOME /" equals "$out" /
quiet ct delete -f "$id"

bundle_with "$B" sh -c 'ulimit -n; ulimit -Hn; ulimit -c; cat /proc/self/oom_score_adj'
edit_config "$B" '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 512, "hard": 2048},
	{"type": "RLIMIT_CORE", "soft": 0, "hard": 0}] | .process.oomScoreAdj = 123'
run_in "$B"
check "RLIMIT_NOFILE soft" equals "$(echo "$OUT" | sed -n 1p)" 512
check "RLIMIT_NOFILE hard" equals "$(echo "$OUT" | sed -n 2p)" 2048
check "RLIMIT_CORE" equals "$(echo "$OUT" | sed -n 3p)" 0
check "oom_score_adj" equals "$(echo "$OUT" | sed -n 4p)" 123
# a limit the kernel refuses (a hard RLIMIT_NOFILE above fs.nr_open, for
# root too): the error names the limit, nothing is left
nr_open=$(cat /proc/sys/fs/nr_open)
edit_config "$B" '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 1024, "hard": ($n | tonumber + 1)}]' \
	--arg n "$nr_open"
run_in "$B"
check "an rlimit the kernel refuses: the error names it" contains "$ERR" \
	"setrlimit RLIMIT_NOFILE (soft 1024, hard $((nr_open + 1))): Operation not permitted"
check "...and nothing is left" leaves_nothing "$LAST_ID" "$B"
# with a user namespace: set from outside (a process there may not write its
# own score, its /proc files being the host's root's); lowered too where the
# caller may lower one (CAP_SYS_RESOURCE, which some sandboxes' root lacks)
adjs=321
(($(printf '%d' "0x$(awk '/^CapEff/ {print $2}' /proc/self/status)") >> 24 & 1)) && adjs="321 -321"
for adj in $adjs; do
	bundle_with "$B" sh -c 'cat /proc/self/oom_score_adj'
	with_userns "$B"
	edit_config "$B" '.process.oomScoreAdj = ($a | tonumber)' --arg a "$adj"
	run_in "$B"
	check "oom_score_adj $adj with a user namespace" equals "$OUT$ERR" "$adj"
done

# stdio that is a file or a pipe of the runtime's goes to a non-root user,
# which can then reopen it (/dev/stdout) as with runc; a file of someone else
# is left as it is
bundle_with "$B" sh -c 'echo reopened >/dev/stdout && echo done'
edit_config "$B" '.process.user = {"uid": 1000, "gid": 1000}'
out_file=$TESTS_TMP/stdout.file
: >"$out_file"
ct run -b "$B" "$(new_id)" >>"$out_file" 2>"$TESTS_TMP/stderr" </dev/null
check "stdout file: the user can reopen it" equals "$(cat "$out_file" "$TESTS_TMP/stderr")" "reopened
done"
check "stdout file: its owner is the user (the group unchanged)" equals "$(stat -c %u:%g "$out_file")" 1000:0
out=$(ct run -b "$B" "$(new_id)" 2>&1 </dev/null | cat)
check "stdout pipe: the user can reopen it" equals "$out" "reopened
done"
: >"$out_file"
chown 2000 "$out_file"
chmod 666 "$out_file"
ct run -b "$B" "$(new_id)" >>"$out_file" 2>/dev/null </dev/null
check "stdout file of another user: left to it" equals "$(stat -c %u "$out_file")" 2000

# The bundle's caps are CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE = bits 29, 5, 10.
bundle_with "$B" sh -c 'grep -E "^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)" /proc/self/status'
run_in "$B"
check "bounding set" contains "$OUT" "CapBnd:	0000000020000420"
check "effective set" contains "$OUT" "CapEff:	0000000020000420"
check "permitted set" contains "$OUT" "CapPrm:	0000000020000420"
# as runc: ambient caps need inheritable ones, which this config has none of
check "ambient set empty without inheritable" contains "$OUT" "CapAmb:	0000000000000000"
check "no_new_privs on" contains "$OUT" "NoNewPrivs:	1"

edit_config "$B" '.process.noNewPrivileges = false | .process.capabilities.bounding += ["CAP_SYS_ADMIN"] |
	.process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
run_in "$B"
check "bounding set with CAP_SYS_ADMIN" contains "$OUT" "CapBnd:	0000000020200420"
check "root's permitted set follows" contains "$OUT" "CapPrm:	0000000020200420"
check "no_new_privs off" contains "$OUT" "NoNewPrivs:	0"

# a non-root user: nothing without ambient caps, its ambient caps with inheritable ones
bundle_with "$B" sh -c 'grep -E "^Cap(Eff|Amb)" /proc/self/status'
edit_config "$B" '.process.user = {"uid": 1000, "gid": 1000}'
run_in "$B"
check "non-root user without inheritable caps has none" contains "$OUT" "CapEff:	0000000000000000"
edit_config "$B" '.process.capabilities.inheritable = ["CAP_KILL"] | .process.capabilities.ambient = ["CAP_KILL"]'
run_in "$B"
check "non-root user keeps its ambient cap" contains "$OUT" "CapEff:	0000000000000020"
check "ambient set" contains "$OUT" "CapAmb:	0000000000000020"

# no process.capabilities: no capability at all (runc and crun), not the
# library's default of every one; an empty object the same
caps='grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb)" /proc/self/status | cut -f2 | sort -u'
bundle_with "$B" sh -c "$caps"
edit_config "$B" 'del(.process.capabilities)'
run_in "$B"
check "no process.capabilities: all five sets empty" equals "$OUT" 0000000000000000
edit_config "$B" '.process.capabilities = {}'
run_in "$B"
check "process.capabilities {}: all five sets empty" equals "$OUT" 0000000000000000
bundle_with "$B" sleep 300
edit_config "$B" 'del(.process.capabilities) | .process.noNewPrivileges = false'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
check "no process.capabilities: exec gets none" equals "$(ct exec "$id" sh -c "$caps")" 0000000000000000
jq -n --arg c "$caps" '{args: ["sh", "-c", $c], cwd: "/", env: ["PATH=/bin"]}' >"$TESTS_TMP/caps.json"
check "no process.capabilities: exec --process without them gets none either" equals \
	"$(ct exec --process "$TESTS_TMP/caps.json" "$id")" 0000000000000000
quiet ct delete -f "$id"

# scheduling attributes: I/O priority, scheduler, CPU affinity, personality
bundle_with "$B" sh -c 'ionice -p $$; s=$(cat /proc/self/stat); s=${s##*) }; set -- $s;
	echo "nice=${17} policy=${39}"; grep Cpus_allowed_list /proc/self/status; uname -m'
edit_config "$B" '.process.ioPriority = {"class": "IOPRIO_CLASS_IDLE", "priority": 0} |
	.process.scheduler = {"policy": "SCHED_BATCH", "nice": 5} |
	.process.execCPUAffinity = {"initial": "0-\($last)", "final": "\($last)"} |
	.linux.personality = {"domain": "LINUX32"}' --argjson last "$(($(nproc) - 1))"
run_in "$B"
check "process.ioPriority: idle class" equals "$(echo "$OUT" | sed -n 1p)" idle
check "process.scheduler: SCHED_BATCH (3) with nice 5" equals "$(echo "$OUT" | sed -n 2p)" "nice=5 policy=3"
check "process.execCPUAffinity: final CPU list" contains "$OUT" "Cpus_allowed_list:	$(($(nproc) - 1))"
check "linux.personality LINUX32: a 32-bit machine name" equals "$(echo "$OUT" | sed -n 4p)" i686
edit_config "$B" '.process.scheduler = {"policy": "SCHED_LAZY"}'
run_in "$B"
check "unknown scheduler policy: the error names it" contains "$ERR" "process.scheduler.policy: unknown policy 'SCHED_LAZY'"
edit_config "$B" 'del(.process.scheduler) | .process.execCPUAffinity = {"final": "3-1"}'
run_in "$B"
check "bad CPU list: the error names it" contains "$ERR" "process.execCPUAffinity: '3-1' is not a CPU list"
check "bad CPU list: nothing left behind" leaves_nothing "$LAST_ID" "$B"

# a session keyring of its own, named after the container, as runc makes it
# (a user other than root sees only the keys it possesses)
bundle_with "$B" sh -c 'grep keyring /proc/keys || true'
edit_config "$B" '.linux.maskedPaths -= ["/proc/keys"] | .process.user = {"uid": 1000, "gid": 1000}'
run_in "$B"
check "init joins a new session keyring named after the container" contains "$OUT" " $LAST_ID: "
id=$(new_id)
out=$(ct run --no-new-keyring -b "$B" "$id" 2>&1 </dev/null)
check "--no-new-keyring: no keyring of the container's name" bash -c "! grep -q ' $id: ' <<<'$out'"

finish
