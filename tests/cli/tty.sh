#!/bin/bash
# Terminals: `ct run` of a process.terminal container in the foreground gets
# a pty from the container's own devpts and copies it to ct's own terminal;
# detached without --console-socket it is refused; process.consoleSize sizes
# the terminal a --console-socket receiver gets; /dev/console is bound on it
# with a read-only root or /dev too. (The --console-socket path is exercised
# further by the podman and containerd suites.)
. "$(dirname "$0")/../lib/common.sh"
need_root
command -v script >/dev/null || { echo "1..0 # SKIP no script(1)"; exit 0; }
B=$TESTS_TMP/b
bundle_with "$B" sh -c 'tty; [ -t 0 ] && echo stdin-is-a-tty; readlink /proc/self/fd/1; stat -c %t:%T /dev/console; read line; echo "got $line"; exit 5'
edit_config "$B" '.process.terminal = true'
id=$(new_id)
out=$(echo hello | script -qec "'$CT' --root '$CT_ROOT' run -b '$B' '$id'" /dev/null | tr -d '\r')
check "the process's stdin is a terminal" contains "$out" stdin-is-a-tty
check "the terminal is from the container's devpts" contains "$out" /dev/pts/0
check "/dev/console is the pty (major 136)" contains "$out" "88:0"
check "input reaches it" contains "$out" "got hello"
check "leaves nothing" leaves_nothing "$id" "$B"
# exec -t into a container with a user namespace: the pty is made by the
# container's root (as mapped), and the user's when one is given; a second
# terminal works after the first is gone (/dev/console stays init's)
bundle_with "$B" sleep 300
with_userns "$B"
id=$(new_id)
quiet ct run -d -b "$B" "$id"
probe='tty; stat -c %u:%g $(tty); id -u'
# (script's end of input reaches the pty as a NUL, echoed as ^@ when it
# comes before the container's process has the terminal: not ct's output)
out=$(script -qec "'$CT' --root '$CT_ROOT' exec -t '$id' sh -c '$probe'" /dev/null </dev/null 2>&1 | tr -d '\r' | sed 's/\^@//g')
check "user namespace, exec -t: a terminal" contains "$out" /dev/pts/
check "user namespace, exec -t: the pty is the container's root's" contains "$out" "
0:5
0"
out=$(script -qec "'$CT' --root '$CT_ROOT' exec -t -u 1000:1000 '$id' sh -c '$probe'" /dev/null </dev/null 2>&1 | tr -d '\r' | sed 's/\^@//g')
check "user namespace, exec -t -u 1000: the pty is the user's" contains "$out" "
1000:5
1000"
quiet ct delete -f "$id"
check "user namespace, exec -t: leaves nothing" leaves_nothing "$id" "$B"
# process.consoleSize: the terminal has that size before the process runs
# (a receiver at --console-socket gets the master); for exec -p too
S=$TESTS_TMP/console.sock
bundle_with "$B" sh -c 'stty size >/size; exec sleep 300'
edit_config "$B" '.process.terminal = true | .process.consoleSize = {"height": 37, "width": 111}'
rm -f "$B/rootfs/size"
start_console "$S"
id=$(new_id)
quiet ct run -d -b "$B" --console-socket "$S" "$id"
check "consoleSize: run -d with a console socket" equals "$?" 0
for _ in $(seq 50); do [ -s "$B/rootfs/size" ] && break; sleep 0.1; done
check "consoleSize: the terminal has its size when the process starts" \
	equals "$(cat "$B/rootfs/size" 2>&1)" "37 111"
jq -n '{terminal: true, consoleSize: {height: 12, width: 40}, cwd: "/",
	args: ["sh", "-c", "stty size >/size-exec"], env: ["PATH=/bin:/usr/bin"]}' >"$TESTS_TMP/proc.json"
S2=$TESTS_TMP/console2.sock
start_console "$S2"
quiet ct exec -d --console-socket "$S2" -p "$TESTS_TMP/proc.json" "$id"
for _ in $(seq 50); do [ -s "$B/rootfs/size-exec" ] && break; sleep 0.1; done
check "consoleSize: exec -p, its own size" equals "$(cat "$B/rootfs/size-exec" 2>&1)" "12 40"
quiet ct delete -f "$id"
stop_console
edit_config "$B" '.process.consoleSize = {"height": "tall", "width": 80}'
err=$(ct run -d -b "$B" --console-socket "$S" "$(new_id)" 2>&1)
check "consoleSize: a height that is not a number is named" contains "$err" "process.consoleSize.height"
edit_config "$B" '.process.consoleSize = {"height": 70000, "width": 80}'
err=$(ct run -d -b "$B" --console-socket "$S" "$(new_id)" 2>&1)
check "consoleSize: a height beyond 65535 is named" contains "$err" "process.consoleSize.height"
edit_config "$B" '.process.consoleSize = {"width": 80}'
err=$(ct run -d -b "$B" --console-socket "$S" "$(new_id)" 2>&1)
check "consoleSize: a missing height is named" contains "$err" "process.consoleSize.height"

# /dev/console, the mount point of init's terminal, is made before /dev or
# the root is made read-only (as runc and crun): a read-only root with the
# image's own /dev (no /dev tmpfs), and a read-only /dev tmpfs; one the
# image has already is taken as it is (not opened for writing), a symlink
# there is refused
O=$TESTS_TMP/out
console_run() { # run -d with a console socket: $rc, $err, and the process's tty and /dev/console ($res)
	mkdir -p "$O"
	rm -f "$O/res" "$O/res.tmp" "$S"
	edit_config "$B" '.process.terminal = true | .mounts += [{"destination": "/out",
		"type": "bind", "source": $o, "options": ["bind"]}]' --arg o "$O"
	start_console "$S"
	id=$(new_id)
	err=$(ct run -d -b "$B" --console-socket "$S" "$id" 2>&1)
	rc=$?
	for _ in $(seq 50); do [ -s "$O/res" ] && break; [ $rc = 0 ] || break; sleep 0.1; done
	res=$(cat "$O/res" 2>/dev/null)
	quiet ct delete -f "$id"
	stop_console
}
# (both lines at once: the wait above looks for a file that is not empty)
probe='{ tty; stat -c %t:%T /dev/console; } >/out/res.tmp; mv /out/res.tmp /out/res; sleep 300'
for variant in "no /dev tmpfs" "no /dev tmpfs, /dev/console in the image" "a read-only /dev tmpfs"; do
	bundle_with "$B" sh -c "$probe"
	case $variant in
	"a read-only /dev tmpfs")
		edit_config "$B" '.mounts |= map(if .destination == "/dev" then .options += ["ro"] else . end)' ;;
	*)
		edit_config "$B" '.root.readonly = true | .mounts |= map(select(.destination != "/dev"))' ;;
	esac
	[ "$variant" = "no /dev tmpfs, /dev/console in the image" ] && touch "$B/rootfs/dev/console"
	console_run
	check "read-only, $variant: runs" equals "$rc" 0 || diag "$err"
	check "read-only, $variant: the process's terminal, /dev/console on it" equals "$res" "/dev/pts/0
88:0"
	check "read-only, $variant: leaves nothing" leaves_nothing "$id" "$B"
	[ "$variant" = "no /dev tmpfs" ] &&
		check "read-only root: /dev/console made in the image's /dev" test -f "$B/rootfs/dev/console"
done
bundle_with "$B" sh -c "$probe"
edit_config "$B" '.root.readonly = true | .mounts |= map(select(.destination != "/dev"))'
ln -s /etc/hostname "$B/rootfs/dev/console"
console_run
check "a symlinked /dev/console: refused" contains "$err" "on /dev/console: it is a symlink"
check "a symlinked /dev/console: its target untouched" equals "$(cat "$B/rootfs/etc/hostname")" ct-demo
check "a symlinked /dev/console: leaves nothing" leaves_nothing "$id" "$B"

bundle_with "$B" true
edit_config "$B" '.process.terminal = true'
err=$(ct run -d -b "$B" "$(new_id)" 2>&1)
check "detached terminal without --console-socket is refused" contains "$err" "cannot allocate a terminal for a detached container without --console-socket"
finish
