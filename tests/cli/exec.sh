#!/bin/bash
# exec, pause/resume and ps on a running container.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
bundle_with "$B" sleep 300
edit_config "$B" '.process.env += ["FROMCONFIG=yes"]'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
check "container running" equals "$(ct state "$id" | jq -r .status)" running

out=$(ct exec "$id" sh -c 'echo $$ $FROMCONFIG; hostname; cat /proc/1/cmdline | tr "\0" " "')
check "exec runs in the container's pid namespace" equals "$(echo "$out" | sed -n 1p | cut -d' ' -f2)" yes
check "create saves config.json beside the state" equals "$(jq -r '.process.env[-1]' "$CT_ROOT/$id/config.json")" FROMCONFIG=yes
# the saved config, not the bundle's: an edit after create changes nothing
edit_config "$B" '.process.env += ["FROMCONFIG=edited"]'
check "exec starts from the saved config, not the bundle's" equals "$(ct exec "$id" sh -c 'echo $FROMCONFIG')" yes
check "exec sees the container's hostname" equals "$(echo "$out" | sed -n 2p)" ct-demo
check "exec sees init as pid 1" equals "$(echo "$out" | sed -n 3p)" "sleep 300 "
ct exec "$id" sh -c 'exit 42'
check "exec passes the exit status" equals "$?" 42
out=$(ct exec -u 1000:1001 -g 7 -e FOO=bar --cwd /tmp "$id" sh -c 'id -u; id -g; id -G; echo $FOO; pwd')
check "exec --user uid" equals "$(echo "$out" | sed -n 1p)" 1000
check "exec --user gid" equals "$(echo "$out" | sed -n 2p)" 1001
check "exec --additional-gids" equals "$(echo "$out" | sed -n 3p)" "1001 7"
check "exec --env" equals "$(echo "$out" | sed -n 4p)" bar
check "exec --cwd" equals "$(echo "$out" | sed -n 5p)" /tmp
err=$(ct exec --cwd /no/such/dir "$id" true 2>&1)
check "exec --cwd of a missing directory fails" contains "$err" "chdir to cwd '/no/such/dir': No such file or directory"
check "exec --cwd does not make the directory" test ! -e "$B/rootfs/no/such"
out=$(ct exec --cap CAP_SYS_ADMIN "$id" grep CapBnd /proc/self/status)
check "exec --cap adds to the bounding set" contains "$out" "0000000020200420"
# a name that cannot be granted: a warning, and the process runs (runc, crun)
out=$(ct exec --cap CAP_BOGUS "$id" echo ran 2>&1)
check "exec --cap CAP_BOGUS: warns and runs (status 0)" equals "$?: $out" \
	"0: ct: warning: exec: --cap: unknown capability 'CAP_BOGUS', skipped
ran"
cg=$(ct exec "$id" cat /proc/self/cgroup | grep memory)
check "exec joins the container's cgroup" contains "$cg" "/$id"
err=$(ct exec "$id" /no/such 2>&1)
check "exec of a missing binary: status 255, as runc" equals "$?" 255
check "exec of a missing binary fails" contains "$err" 'exec: "/no/such": stat /no/such: no such file or directory'
err=$(ct exec "$id" /etc/passwd 2>&1)
check "exec of a file that is not executable: status 255" equals "$?" 255
check "exec of a file that is not executable: says so" contains "$err" 'exec: "/etc/passwd": permission denied'
# a process of the container puts a FIFO where /etc/passwd was: an exec
# that reads it for HOME must not wait for a writer that never comes
ct exec "$id" sh -c 'mv /etc/passwd /etc/passwd.saved && mkfifo /etc/passwd'
out=$(timeout -s KILL 20 "$CT" --root "$CT_ROOT" exec "$id" sh -c 'echo "$HOME"' 2>&1)
check "exec with a FIFO for the container's /etc/passwd: ends, HOME /" equals "$out" /
ct exec "$id" sh -c 'rm /etc/passwd && mv /etc/passwd.saved /etc/passwd'
cat >"$TESTS_TMP/process.json" <<'P'
{"args": ["/bin/sh", "-c", "echo from-process-json $A"], "env": ["A=1"], "cwd": "/", "user": {"uid": 0, "gid": 0}}
P
check "exec --process" equals "$(ct exec --process "$TESTS_TMP/process.json" "$id")" "from-process-json 1"
# its environment is its own: without PATH a bare name is not found (as
# runc and crun), none given is an empty one
# a command after the id with --process is not run: the file's is (runc, crun)
out=$(ct exec --process "$TESTS_TMP/process.json" "$id" /bin/echo extra 2>"$TESTS_TMP/extra.err")
check "exec --process with a command after the id: the file's runs" equals "$?: $out" \
	"0: from-process-json 1"
check "...and a warning says the other is ignored" equals "$(cat "$TESTS_TMP/extra.err")" \
	"ct: warning: exec: --process gives the command: '/bin/echo' and what follows ignored"
# the options of the process are the file's too (runc and crun ignore them):
# no --env, --cwd, --user, --no-new-privs, --cap (a file without capabilities
# gets the container's, not only the --cap)
cat >"$TESTS_TMP/opts.json" <<'P'
{"args": ["/bin/sh", "-c", "echo -n A=$A $(pwd) $(id -u)\" \"; grep -E '^(NoNewPrivs|CapEff)' /proc/self/status | tr -s '\t\n' '  '"],
 "env": ["PATH=/bin"], "cwd": "/"}
P
want=$(ct exec "$id" sh -c "grep -E '^(NoNewPrivs|CapEff)' /proc/self/status | tr -s '\t\n' '  '")
out=$(ct exec --process "$TESTS_TMP/opts.json" --env A=1 --cwd /tmp --user 1000 --no-new-privs \
	--cap CAP_NET_RAW "$id" 2>"$TESTS_TMP/opts.err")
check "exec --process with process options: the file's process as it is" equals "$?: $out" \
	"0: A= / 0 $want"
check "...and a warning names the options ignored" equals "$(cat "$TESTS_TMP/opts.err")" \
	"ct: warning: exec: --process gives the process: --cwd, --env, --user, --cap, --no-new-privs ignored"
# cwd is required in a process file (runc: "Cwd property must not be empty")
jq 'del(.cwd)' "$TESTS_TMP/process.json" >"$TESTS_TMP/nocwd.json"
out=$(ct exec --process "$TESTS_TMP/nocwd.json" "$id" 2>&1)
check "exec --process without cwd: refused, status 255" equals "$?: $out" \
	"255: ct: --process: process.cwd: missing"
jq '.args[0] = "sh"' "$TESTS_TMP/process.json" >"$TESTS_TMP/p2.json"
check "exec --process, a bare name without PATH: not found" equals \
	"$(ct exec --process "$TESTS_TMP/p2.json" "$id" 2>&1)" 'ct: exec: "sh": executable file not found in $PATH'
jq 'del(.env)' "$TESTS_TMP/p2.json" >"$TESTS_TMP/p3.json"
check "exec --process without env: the same" equals \
	"$(ct exec --process "$TESTS_TMP/p3.json" "$id" 2>&1)" 'ct: exec: "sh": executable file not found in $PATH'
echo kept >"$TESTS_TMP/kept"
check "exec --preserve-fds 1: fd 3 reaches the process" equals \
	"$(ct exec --preserve-fds 1 "$id" sh -c 'read -r l <&3; echo $l' 3<"$TESTS_TMP/kept")" kept
# not whatever ct opened there (its state directory)
check "exec --preserve-fds over a closed fd: refused" equals \
	"$(ct exec --preserve-fds 1 "$id" ls /proc/self/fd/3/ 2>&1 3>&-)" \
	"ct: exec: --preserve-fds: fd 3 is not open"
ct exec -d --pid-file "$TESTS_TMP/epid" "$id" sleep 30 >/dev/null 2>&1
# a session and a process group of its own, in the foreground and detached
# (as runc), and so has init
stat_ids='read -r _ _ _ _ pgrp sid _ </proc/self/stat; echo "$$ $pgrp $sid"'
out=$(ct exec "$id" sh -c "$stat_ids")
check "exec: its own session and process group" equals "$out" "${out%% *} ${out%% *} ${out%% *}"
ct exec -d "$id" sh -c "$stat_ids >/tmp/ids.new && mv /tmp/ids.new /tmp/ids" >/dev/null 2>&1 </dev/null
for _ in $(seq 300); do [ -s "$B/rootfs/tmp/ids" ] && break; sleep 0.1; done
out=$(cat "$B/rootfs/tmp/ids")
check "exec -d: its own session and process group" equals "$out" "${out%% *} ${out%% *} ${out%% *}"
check "init: its own session and process group" equals "$(ct exec "$id" cut -d' ' -f5,6 /proc/1/stat)" "1 1"
check "exec -d writes a pid file" test -s "$TESTS_TMP/epid"

ps=$(ct ps "$id")
check "ps lists init" contains "$ps" "sleep"
check "ps: ps(1)'s table (-ef), its header first" bash -c "head -1 <<<'$ps' | grep -qE '^UID +PID +PPID'"
check "ps: one line per process of the container" equals "$(($(wc -l <<<"$ps") - 1))" \
	"$(ct ps --format json "$id" | jq length)"
ps=$(ct ps "$id" -o pid,comm)
check "ps with ps(1) arguments" equals "$(head -1 <<<"$ps" | tr -s ' ')" " PID COMMAND"
check "ps with ps(1) arguments: the container's lines" contains "$ps" " sleep"
err=$(ct ps "$id" -o comm 2>&1)
check "ps: ps(1) output without a PID column" contains "$err" "no PID column in the output of ps(1)"
check "ps --format json" bash -c "'$CT' --root '$CT_ROOT' ps --format json '$id' | jq -e 'length >= 2' >/dev/null"
# init, then what exec started (the tops of the process trees), then their
# children, each in the order it started: a child started before a later
# exec comes after it; a process started later in a lower pid (wrapped pids)
# still comes after
ct exec -d --pid-file "$TESTS_TMP/shpid" "$id" sh -c 'sleep 33 & wait' >/dev/null 2>&1
for _ in $(seq 300); do pgrep -P "$(cat "$TESTS_TMP/shpid")" >/dev/null && break; sleep 0.1; done
child=$(pgrep -P "$(cat "$TESTS_TMP/shpid")")
ct exec -d --pid-file "$TESTS_TMP/lastpid" "$id" sleep 34 >/dev/null 2>&1
pids=$(ct ps --format json "$id")
check "ps: init first" equals "$(echo "$pids" | jq -r '.[0]')" "$(ct state "$id" | jq -r .pid)"
check "ps: an exec'd process's child comes after a later exec" equals \
	"$(echo "$pids" | jq -r '.[-2:] | join(" ")')" "$(cat "$TESTS_TMP/lastpid") $child"
check "ps: the tops in start order" equals "$(echo "$pids" | jq -r '.[:-1] | join(" ")')" \
	"$(for p in $(echo "$pids" | jq -r '.[:-1][]'); do echo "$(cut -d' ' -f22 /proc/$p/stat) $p"; done | sort -k1,1n -k2,2n | cut -d' ' -f2 | tr '\n' ' ' | sed 's/ $//')"

check "pause" ct pause "$id"
check "state: paused" equals "$(ct state "$id" | jq -r .status)" paused
check "a paused container is frozen" grep -q FROZEN "$(find /sys/fs/cgroup/freezer -type d -name "$id" | head -1)/freezer.state"
err=$(ct exec "$id" true 2>&1)
rc=$?
check "exec in a paused container fails" contains "$err" "cannot exec in a paused container (use --ignore-paused to override)"
check "exec in a paused container: status 255, as runc" equals "$rc" 255
err=$(ct pause "$id" 2>&1)
check "pause of a paused container fails" contains "$err" "is paused, not running"
# --ignore-paused: the process joins the frozen cgroup and runs once the
# container is resumed; ct exec (-d too) returns then, as runc's does (the
# timeout only bounds a hung exec, which then fails the checks)
freezer=$(find /sys/fs/cgroup/freezer -type d -name "$id" | head -1)
n0=$(wc -l <"$freezer/cgroup.procs")
timeout -s KILL 120 "$CT" --root "$CT_ROOT" exec -d --ignore-paused "$id" \
	sh -c 'echo ran >/tmp/ignore-paused' >/dev/null 2>"$TESTS_TMP/ip.err" </dev/null &
ip_pid=$!
for _ in $(seq 300); do [ "$(wc -l <"$freezer/cgroup.procs")" -gt "$n0" ] && break; sleep 0.1; done
check "exec --ignore-paused: the process is in the frozen cgroup" \
	test "$(wc -l <"$freezer/cgroup.procs")" -gt "$n0"
check "exec --ignore-paused: it has not run while paused" test ! -e "$B/rootfs/tmp/ignore-paused"
check "exec --ignore-paused: the container is still paused" equals "$(ct state "$id" | jq -r .status)" paused
check "resume" ct resume "$id"
wait $ip_pid
check "exec --ignore-paused: succeeds once resumed" equals "$?:$(cat "$TESTS_TMP/ip.err")" "0:"
for _ in $(seq 300); do [ -s "$B/rootfs/tmp/ignore-paused" ] && break; sleep 0.1; done
check "exec --ignore-paused: the process ran" equals "$(ct exec "$id" cat /tmp/ignore-paused)" ran
check "state: running after resume" equals "$(ct state "$id" | jq -r .status)" running
# a pause racing an exec (strace holds the exec's clone3 for 3 s, the pause
# comes in that window): the process is frozen part way, and the exec says
# so at once rather than waiting out the setup timeout (60 s here); the
# container stays paused and runs on once resumed
if command -v strace >/dev/null; then
	(sleep 1.5; ct pause "$id") &
	# to a file: the frozen process keeps its stdio until the resume (and a
	# sanitizer build's leak check, which cannot run under ptrace, off)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		LIBCT_SETUP_TIMEOUT=60 timeout -s KILL 30 strace -o /dev/null \
		-e inject=clone3:delay_enter=3000000:when=1 "$CT" --root "$CT_ROOT" exec "$id" true \
		>"$TESTS_TMP/race.err" 2>&1 </dev/null
	rc=$?
	err=$(cat "$TESTS_TMP/race.err")
	wait
	check "exec raced by a pause: fails (255), well before the setup timeout" equals "$rc" 255
	check "exec raced by a pause: says why" contains "$err" "container '$id' was paused while process"
	check "exec raced by a pause: the container stays paused" equals "$(status_of "$id")" paused
	ct resume "$id"
	check "exec raced by a pause: runs on once resumed" equals "$(ct exec "$id" echo ok)" ok
else
	ok "# SKIP no strace"
fi
check "delete -f of a running container" ct delete -f "$id"
check "leaves nothing" leaves_nothing "$id" "$B"
err=$(ct exec "$id" true 2>&1)
check "exec in an unknown container fails" contains "$err" "container '$id' does not exist"

# process.terminal in config.json is init's: exec makes a terminal only with
# -t, as runc; a detached exec needs no console socket, a foreground one
# without a tty writes its output as it is
bundle_with "$B" sleep 300
edit_config "$B" '.process.terminal = true'
rm -f "$TESTS_TMP/console.sock"
start_console "$TESTS_TMP/console.sock"
id=$(new_id)
quiet ct run -d --console-socket "$TESTS_TMP/console.sock" -b "$B" "$id"
check "terminal container: running detached" equals "$(ct state "$id" | jq -r .status)" running
err=$(ct exec -d "$id" true 2>&1)
check "terminal container: exec -d without a console socket" equals "$?:$err" "0:"
check "terminal container: exec output without a tty, no \\r" equals \
	"$(ct exec "$id" echo a </dev/null | od -An -c | tr -s ' ')" " a \n"
check "terminal container: exec has no terminal without -t" equals \
	"$(ct exec "$id" sh -c '[ -t 0 ] || [ -t 1 ] || echo no-tty' </dev/null)" no-tty
quiet ct delete -f "$id"
stop_console
check "terminal container: leaves nothing" leaves_nothing "$id" "$B"

# exec --cap with inheritable capabilities: the ambient set too (runc), so
# that a user other than root has it effective
bundle_with "$B" sleep 300
edit_config "$B" '.process.noNewPrivileges = false | .process.capabilities.bounding += ["CAP_SYS_ADMIN"] |
	.process.capabilities.inheritable = ["CAP_KILL", "CAP_SYS_ADMIN"] |
	.process.capabilities.ambient = ["CAP_KILL"]'
id=$(new_id)
quiet ct run -d -b "$B" "$id"
caps='grep -E "^Cap(Eff|Amb)" /proc/self/status | cut -f2 | xargs'
# (root's execve makes the bounding set effective: CAP_SYS_ADMIN is there)
check "inheritable caps: exec has the ambient CAP_KILL only" equals "$(ct exec "$id" sh -c "$caps")" \
	"0000000020200420 0000000000000020"
check "inheritable caps: exec --cap CAP_SYS_ADMIN is ambient too (runc)" equals \
	"$(ct exec --cap CAP_SYS_ADMIN "$id" sh -c "$caps")" "0000000020200420 0000000000200020"
check "inheritable caps: exec -u 1000 --cap CAP_SYS_ADMIN: effective through ambient" equals \
	"$(ct exec -u 1000 --cap CAP_SYS_ADMIN "$id" sh -c "$caps")" "0000000000200020 0000000000200020"
quiet ct delete -f "$id"
# without inheritable capabilities, no ambient one (the kernel would refuse it)
bundle_with "$B" sleep 300
id=$(new_id)
quiet ct run -d -b "$B" "$id"
check "no inheritable caps: exec --cap CAP_SYS_ADMIN is not ambient" equals \
	"$(ct exec --cap CAP_SYS_ADMIN "$id" sh -c "$caps")" "0000000020200420 0000000000000000"
quiet ct delete -f "$id"
check "exec --cap: leaves nothing" leaves_nothing "$id" "$B"

# exec takes the process from the config saved at create, not the bundle:
# a bundle moved away after create does not stop it (as crun)
bundle_with "$B" sleep 300
id=$(new_id)
quiet ct run -d -b "$B" "$id"
mv "$B" "$B.moved"
check "exec after the bundle was moved away" equals "$(ct exec "$id" echo still 2>&1)" still
check "...with the config's environment" contains "$(ct exec "$id" env 2>&1)" "PATH="
quiet ct delete -f "$id"
mv "$B.moved" "$B"
check "...and the container goes" leaves_nothing "$id" "$B"
finish
