#!/bin/bash
# Every system call of ct's own processes failed in turn (strace -e inject,
# EIO): run, run -d, create, start, exec, pause, resume, update, kill, state,
# ps, delete and delete -f of a plain bundle, run with a user namespace, with
# hooks and with a terminal, exec -t, and create and exec -d -t with a
# --console-socket; by name only (PHASES="run -d, notify" or "start, notify",
# each run alone: NOTIFY_SOCKET is then set for every call), run -d and start
# of a container that sends READY=1 to its notify socket, passed on to a
# stand-in for systemd's. Each injected failure must end in success or in an error
# in words with a non-zero status, and delete -f must then leave nothing; the
# id must work again. SYSCALLS (a list) narrows the calls failed, STEP > 1
# fails only every STEP-th call of each; ONLY_OWN=1 (the sanitize suite)
# fails only the calls ct makes and the dynamic loader and a sanitizer's
# runtime do not (mmap, open and read of a library at start-up are not
# ct's to survive).
. "$(dirname "$0")/../lib/common.sh"
need_root
if ! command -v strace >/dev/null; then
	echo "1..0 # SKIP strace is not installed"
	exit 0
fi
STEP=${STEP:-1}
OWN_CALLS="mkdir rmdir mount openat2 flock renameat unlinkat sendmsg recvmsg clone3 setns
	unshare keyctl pivot_root mknodat symlinkat mkdirat move_mount open_tree fsopen fsmount
	fsconfig mount_setattr umount2 sethostname setresuid setresgid setgroups capset execveat
	memfd_create socketpair wait4 waitid pidfd_open pidfd_send_signal statfs fstatfs fchdir chdir"
[ -n "${ONLY_OWN:-}" ] && SYSCALLS=${SYSCALLS:-$(echo $OWN_CALLS)}

# the container prints what its setup gave it: mounts and their options,
# credentials and capability sets, no_new_privs, seccomp, limits, cgroups,
# hostname; a run that succeeds with a failed call must print the same as
# one without (a step skipped in silence shows here)
SHOW='cut -d" " -f5,6,9 /proc/self/mountinfo; grep -E "^(Uid|Gid|Groups|Cap|NoNewPrivs|Seccomp)" /proc/self/status; ulimit -n; cat /proc/self/cgroup; hostname; umask; ls /proc/self/fd'
B=$TESTS_TMP/b
bundle_with "$B" sh -c "$SHOW"
S=$TESTS_TMP/s
bundle_with "$S" sleep 100
# a user namespace (id maps written by the parent, cgroups opened before
# the clone) and hooks at create, start and delete (processes of ct's own)
U=$TESTS_TMP/u
bundle_with "$U" sh -c "$SHOW"
with_userns "$U"
H=$TESTS_TMP/h
bundle_with "$H" sh -c "$SHOW"
edit_config "$H" '.hooks.createRuntime = [{"path": "/bin/true"}] |
	.hooks.poststart = [{"path": "/bin/true"}] | .hooks.poststop = [{"path": "/bin/true"}]'
# a terminal: the pty made in the container, its master passed to ct
# through a socket, and copied to and from ct's stdio
T=$TESTS_TMP/t
bundle_with "$T" sh -c "$SHOW"
edit_config "$T" '.process.terminal = true'
# the same for an exec (one word: the command is split on blanks)
printf '%s\n' "$SHOW" >"$S/rootfs/show"
SHOW_EXEC=/show
# a terminal sent to --console-socket (what podman and containerd ask
# for), taken by a receiver that takes any number of them
C=$TESTS_TMP/c
bundle_with "$C" sleep 100
edit_config "$C" '.process.terminal = true'
SOCK=$TESTS_TMP/console.sock

# traced OUT CMD...: CMD under strace following ct's processes up to the
# container's own execve (hooks and the container process are not ct's),
# with the strace options in INJECT; CMD's stderr in OUT, the trace in
# $TRACE (a new file each time). With DETACHED set, strace runs beside CMD
# rather than above it (-D): CMD's end ends the wait, while strace goes on
# with a created container's init, which waits for start and ends only
# with the delete -f after it.
TRACES=0
traced() {
	local out=$1
	shift
	[ -n "${TRACE:-}" ] && rm -f "$TRACE"
	TRACES=$((TRACES + 1))
	TRACE=$TESTS_TMP/strace.$TRACES.out
	timeout -s KILL 60 strace ${DETACHED:+-D} -f --detach-on=execve -qq -o "$TRACE" \
		"${INJECT[@]}" -- "$@" >"$TESTS_TMP/stdout" 2>"$out" </dev/null
}

# calls CMD...: "SYSCALL COUNT" for each call CMD's processes make, COUNT the
# most made by one process (strace counts an injection's invocations per
# process). close is left out: strace fails it without running it, which
# leaves the fd open where the kernel never would; so are the C library's
# calls before main (thread pointer, TLS block), which no program survives,
# brk, which the kernel fails by returning the old break, not an error, and
# the calls that cannot fail (umask, getpid, geteuid).
# BEFORE_MAIN: the Kth calls that are the C library's too (counted per
# process, so skipped in every one).
BEFORE_MAIN=" mprotect#1 "
calls() {
	INJECT=()
	traced "$TESTS_TMP/calls.err" "$@"
	# (a detached strace writes init's last calls after CMD's end)
	[ -n "${DETACHED:-}" ] && sleep 0.3
	sed -nE 's/^([0-9]+) +([a-z0-9_]+)\(.*/\1 \2/p' "$TRACE" |
		sort | uniq -c | awk '{ if ($1 > max[$3]) max[$3] = $1 } END { for (s in max) print s, max[s] }' |
		grep -vE '^(close|exit|exit_group|execve|rt_sigreturn|brk|umask|getpid|geteuid|gettid|arch_prctl|set_tid_address|set_robust_list|rseq) ' | sort
}

# phase NAME SETUP COMMAND [COMPARE]: SETUP ID (may be empty), then COMMAND
# (words; @ stands for the id) with its Kth call of each syscall failed,
# for every K. After each: success with what is printed (the container's
# view of itself) the same as without a failure (COMPARE "no": output that
# names a pid or a time), or an error in words with a non-zero status;
# then delete -f must leave nothing. Reports the first failure of the
# phase, and how many injections made COMMAND fail.
phase_run() {
	local name=$1 setup=$2 compare=${4:-yes} id sc n k rc err left bad= tries=0 failed=0
	local -a cmd
	id=$(new_id)
	read -ra cmd <<<"${3//@/$id}"
	[ -n "$setup" ] && quiet $setup "$id"
	calls "$CT" --root "$CT_ROOT" "${cmd[@]}" >"$TESTS_TMP/calls"
	cp "$TESTS_TMP/stdout" "$TESTS_TMP/stdout.ref"
	quiet ct delete -f "$id"
	while read -r sc n; do
		[ -n "${SYSCALLS:-}" ] && [[ " $SYSCALLS " != *" $sc "* ]] && continue
		for ((k = 1; k <= n; k += STEP)); do
			[[ "$BEFORE_MAIN" == *" $sc#$k "* ]] && continue
			[ -n "$setup" ] && quiet $setup "$id"
			INJECT=(-e trace="$sc" -e inject="$sc":error=EIO:when="$k")
			traced "$TESTS_TMP/err" "$CT" --root "$CT_ROOT" "${cmd[@]}"
			rc=$?
			# ct's words, without strace's own (it shares the stream: "strace:
			# Failed to tamper with process N" when an injection misses)
			err=$(grep -v '^strace: ' "$TESTS_TMP/err")
			[ -n "${VERBOSE:-}" ] && diag "$sc #$k: $rc $err"
			tries=$((tries + 1))
			if [ "$rc" = 0 ] && [ "$compare" = yes ] &&
				! cmp -s "$TESTS_TMP/stdout" "$TESTS_TMP/stdout.ref"; then
				bad="$sc #$k: succeeded, but the container differs: $(diff "$TESTS_TMP/stdout.ref" "$TESTS_TMP/stdout" | grep '^[<>]' | head -5)"
			elif [ "$rc" -gt 128 ] && [ "$rc" -le 192 ]; then
				bad="$sc #$k: ended by signal $((rc - 128)): $err"
			elif [ "$rc" != 0 ]; then
				failed=$((failed + 1))
				# (unless the failed call was the write of the words)
				[[ "$err" == "ct: "?* ]] ||
					grep -q "write(2, .*(INJECTED)" "$TRACE" ||
					bad="$sc #$k: status $rc without words: '$err'"
			fi
			! err=$(ct delete -f "$id" 2>&1 </dev/null) && [ -z "$bad" ] &&
				bad="$sc #$k: delete -f after it: $err"
			left=$(leftovers "$id")
			[ -z "$bad" ] && [ -n "$left" ] && bad="$sc #$k: left after delete -f: $left"
			if [ -n "$bad" ] && [ -n "${KEEP_GOING:-}" ]; then
				diag "$bad"
				bad=
			fi
			[ -n "$bad" ] && break 2
		done
	done <"$TESTS_TMP/calls"
	diag "$name: $tries injections, $failed made it fail"
	[ -z "$bad" ] || diag "$bad"
	check "$name with each of its calls failed: an error in words, delete -f leaves nothing" \
		equals "$bad" ""
	ct create -b "$B" "$id" >"$TESTS_TMP/create.out" 2>&1 </dev/null
	check "after $name with failed calls the same id creates again" equals "$(cat "$TESTS_TMP/create.out")" ""
	quiet ct delete -f "$id"
}

# Every phase by default, in two lanes side by side (one script each, its
# own state root and ids; a lane is about one CPU of strace and ct), their
# TAP relayed in order once both are done.
if [ -z "${PHASES:-}" ]; then
	lane() {
		local t0=$SECONDS
		PHASES=$1 bash "$0" >"$TESTS_TMP/lane.$2" 2>&1
		echo "# lane $2: $((SECONDS - t0)) s" >>"$TESTS_TMP/lane.$2"
	}
	lane "run|create|exec|pause|kill|state|delete|run, user namespace|run, terminal|exec -d -t, console socket" 1 &
	lane "run -d|start|resume|update|kill --all|ps|delete -f|run, hooks|exec -t|create, console socket" 2 &
	wait
	relay "" cat "$TESTS_TMP/lane.1"
	relay "" cat "$TESTS_TMP/lane.2"
	finish
	exit
fi
phase() { [[ "|$PHASES|" == *"|$1|"* ]] && phase_run "$@"; }
if [[ "$PHASES" == *notify* ]]; then
	if [ "$PHASES" != "run -d, notify" ] && [ "$PHASES" != "start, notify" ]; then
		echo "Bail out! a notify phase runs alone (NOTIFY_SOCKET is set for every call)"
		exit 1
	fi
	NB=$TESTS_TMP/n
	bundle_with "$NB" sh -c '/sd-notify READY=1; sleep 100'
	cp "${SD_NOTIFY_BIN:-$TOP/build/tests/sd-notify}" "$NB/rootfs/sd-notify"
	export NOTIFY_SOCKET=$TESTS_TMP/host-notify.sock
	python3 "$TOP/tests/lib/dgram-recv.py" "$NOTIFY_SOCKET" "$TESTS_TMP/host-notify.log" 3600 &
	recv_pid=$!
	trap 'kill $recv_pid 2>/dev/null' EXIT
	phase "run -d, notify" "" "run -d -b $NB @"
	phase "start, notify" "ct create -b $NB" "start @"
	finish
	exit
fi
if [[ "$PHASES" == *"console socket"* ]] && ! start_console "$SOCK" --many; then
	not_ok "a receiver for --console-socket"
	finish
	exit
fi

phase run "" "run -b $B @"
phase "run -d" "" "run -d -b $S @"
# create alone: init waits for start holding what it kept (a lock it did
# not drop would hold delete -f and start off)
DETACHED=1 phase create "" "create -b $S @"
phase start "ct create -b $S" "start @"
phase exec "ct run -d -b $S" "exec @ sh $SHOW_EXEC"
phase pause "ct run -d -b $S" "pause @"
run_paused() { quiet ct run -d -b "$S" "$1" && quiet ct pause "$1"; }
phase resume run_paused "resume @"
phase update "ct run -d -b $S" "update --memory 100000000 --pids-limit 50 --cpu-shares 512 @"
phase kill "ct run -d -b $S" "kill @ KILL"
phase "kill --all" "ct run -d -b $S" "kill --all @ TERM"
phase state "ct run -d -b $S" "state @" no
phase ps "ct run -d -b $S" "ps @" no
# (stopped first: a delete that comes while it still runs is refused,
# which is not what this phase is for)
run_stopped() { quiet ct run -d -b "$B" "$1" && wait_status "$1" stopped 10; }
phase delete run_stopped "delete @"
phase "delete -f" "ct run -d -b $S" "delete -f @"
phase "run, user namespace" "" "run -b $U @"
phase "run, hooks" "" "run -b $H @"
phase "run, terminal" "" "run -b $T @"
phase "exec -t" "ct run -d -b $S" "exec -t @ sh $SHOW_EXEC"
DETACHED=1 phase "create, console socket" "" "create -b $C --console-socket $SOCK @"
phase "exec -d -t, console socket" "ct run -d -b $S" "exec -d -t --console-socket $SOCK @ sleep 100"
stop_console
finish
