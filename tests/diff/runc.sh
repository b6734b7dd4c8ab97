#!/bin/bash
# Differential: for a set of configs, what the container sees from inside
# under ct equals what it sees under runc. The probe prints identity,
# credentials, capabilities, limits, namespaces' view, mounts (point, type,
# ro/rw), /dev and environment, normalised where the two may honestly differ
# (inode numbers, pids of the probe's own helpers).
. "$(dirname "$0")/../lib/common.sh"
need_root
RUNC=$(command -v runc) || { echo "1..0 # SKIP runc is not installed"; exit 0; }
RUNC_ROOT=$TESTS_TMP/runc-state
B=$TESTS_TMP/b

probe='
echo "id: $(id)"
echo "hostname: $(hostname) domain: $(cat /proc/sys/kernel/domainname)"
echo "pid: $$ ppid: $PPID"
grep -E "^(Cap|NoNewPrivs|Seccomp:)" /proc/self/status
echo "umask: $(umask) cwd: $(pwd)"
ulimit -a
env | grep -v -e "^PWD=" -e "^SHLVL=" -e "^_=" | sort
# two known differences, both on purpose: ct also mounts the unified
# hierarchy of a hybrid host, and makes the /sys/fs/cgroup tmpfs read-only
awk "{ split(\$4, o, \",\"); print \"mount:\", \$2, \$3, o[1] }" /proc/self/mounts |
	grep -v -e "^mount: /sys/fs/cgroup/unified " -e "^mount: /sys/fs/cgroup tmpfs " | sort
ls -ln /dev | awk "NR>1 { print \"dev:\", \$1, \$3, \$4, \$5, \$6, \$NF }" | sort
ls /proc/self/ns | tr "\n" " "; echo
for f in /proc/kcore /proc/keys /proc/timer_list /sys/firmware; do echo "masked $f: $(ls $f 2>&1 | wc -c) $(cat $f 2>/dev/null | wc -c)"; done
for f in /proc/sys /proc/sysrq-trigger /proc/bus; do touch $f/x 2>&1 | sed "s/.*: //"; done
cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax 2>&1
ls /sys/class/net
cat /proc/self/uid_map /proc/self/gid_map | tr -s " "
'

# compare NAME JQ-FILTER [jq args...]: run the probe under both runtimes
# with the filter applied
compare() {
	local name=$1 filter=$2 id ct_out runc_out
	shift 2
	bundle_with "$B" sh -c "$probe"
	edit_config "$B" "$filter" "$@"
	id=$(new_id)
	ct_out=$(ct run -b "$B" "$id" 2>&1)
	id=$(new_id)
	runc_out=$(cd "$B" && "$RUNC" --root "$RUNC_ROOT" run "$id" 2>&1)
	if [ "$ct_out" = "$runc_out" ]; then
		ok "$name: same view as runc"
	else
		not_ok "$name: same view as runc"
		diff <(echo "$runc_out") <(echo "$ct_out") | sed 's/^/# /' | head -40
	fi
}

compare "default bundle" '.'
compare "user, groups, umask, cwd" '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [5, 100], "umask": 18} | .process.cwd = "/tmp"'
compare "capabilities" '.process.capabilities.bounding += ["CAP_SYS_ADMIN", "CAP_NET_ADMIN"] | .process.capabilities.effective += ["CAP_NET_ADMIN"] | .process.capabilities.permitted += ["CAP_NET_ADMIN"]'
compare "no_new_privs off, no ambient" '.process.noNewPrivileges = false | .process.capabilities.ambient = []'
compare "rlimits" '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 100, "hard": 200}, {"type": "RLIMIT_NPROC", "soft": 50, "hard": 60}, {"type": "RLIMIT_CORE", "soft": 0, "hard": 1024}]'
compare "read-only root with a tmpfs" '.root.readonly = true | .mounts += [{"destination": "/run", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "mode=755"]}]'
# (no domainname: runc 1.1 ignores it; the root suite checks ct sets it)
compare "hostname, sysctls" '.hostname = "probe" | .linux.sysctl = {"net.ipv4.ip_forward": "1", "kernel.shmmax": "65536"}'
touch "$TESTS_TMP/uts"
unshare --uts="$TESTS_TMP/uts" true
compare "hostname in a UTS namespace joined by path" '(.linux.namespaces[] | select(.type == "uts")).path = $p | .hostname = "joined"' --arg p "$TESTS_TMP/uts"
check "hostname in a UTS namespace joined by path: the namespace keeps it" equals "$(nsenter --uts="$TESTS_TMP/uts" hostname)" joined
umount "$TESTS_TMP/uts"
compare "extra devices" '.linux.devices = [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0}]'
compare "environment" '.process.env += ["A=1", "B=with space", "HOME=/tmp"]'
compare "environment with a name given twice" '.process.env += ["A=1", "B=2", "A=3"]'
compare "read-only /dev" '(.mounts[] | select(.destination == "/dev")).options += ["ro"]'
compare "seccomp" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdirat"], "action": "SCMP_ACT_ERRNO"}]}'
# a foreground terminal: the process's "\n" stays "\n" on ct's stdout (ONLCR
# cleared on the container's pty), as with runc; the outer pty of script(1)
# adds nothing (-onlcr), and the echo of a NUL runc sends first ("^@") is
# dropped here
tty_out() { script -qec "stty -onlcr; $*" /dev/null </dev/null | sed 's/\^@//g' | od -An -c | tr -s ' '; }
bundle_with "$B" printf 'a\nb\n'
edit_config "$B" '.process.terminal = true'
ct_out=$(tty_out "'$CT' --root '$CT_ROOT' run -b '$B' $(new_id)")
runc_out=$(cd "$B" && tty_out "'$RUNC' --root '$RUNC_ROOT' run $(new_id)")
check "terminal: the output is as written" equals "$ct_out" ' a \n b \n'
check "terminal: the same bytes as runc" equals "$ct_out" "$runc_out"

# a tmpfs without mode= over a directory that is there takes its mode
bundle_with "$B" stat -c %a /data
mkdir -p "$B/rootfs/data"
chmod 0710 "$B/rootfs/data"
edit_config "$B" '.mounts += [{"destination": "/data", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]}]'
ct_out=$(ct run -b "$B" "$(new_id)" 2>&1)
runc_out=$(cd "$B" && "$RUNC" --root "$RUNC_ROOT" run "$(new_id)" 2>&1)
check "tmpfs without mode=: the directory's mode" equals "$ct_out" 710
check "tmpfs without mode=: the same as runc" equals "$ct_out" "$runc_out"
# (a mode= given wins; runc 1.1 chmods it back to the directory's)
bundle_with "$B" stat -c %a /run
edit_config "$B" '.mounts += [{"destination": "/run", "type": "tmpfs", "source": "tmpfs", "options": ["mode=700"]}]'
check "tmpfs with mode=: that mode" equals "$(ct run -b "$B" "$(new_id)" 2>&1)" 700

# a relative --pid-file is the caller's, not the bundle's
bundle_with "$B" true
mkdir -p "$TESTS_TMP/cwd"
(cd "$TESTS_TMP/cwd" && quiet "$CT" --root "$CT_ROOT" run -b "$B" --pid-file ct.pid "$(new_id)")
(cd "$TESTS_TMP/cwd" && quiet "$RUNC" --root "$RUNC_ROOT" run -b "$B" --pid-file runc.pid "$(new_id)")
check "relative --pid-file: runc writes it in the caller's cwd" test -s "$TESTS_TMP/cwd/runc.pid"
check "relative --pid-file: ct writes it in the caller's cwd" test -s "$TESTS_TMP/cwd/ct.pid"
check "relative --pid-file: nothing in the bundle" test ! -e "$B/ct.pid"

# no mount namespace: the mounts are made in the one the runtime runs in (a
# private one of the test's, so that nothing stays on the host), under the
# root; what the process sees of them
mkdir -p "$TESTS_TMP/data"
echo from-host >"$TESTS_TMP/data/f"
nomnt_probe='awk "{ split(\$4, o, \",\"); print \$2, \$3, o[1] }" /proc/self/mounts | sort
ls /dev | tr "\n" " "; echo; cat /data/f; touch /data/g 2>&1 | sed "s/.*: //"; hostname'
bundle_with "$B" sh -c "$nomnt_probe"
# (runc refuses masked and read-only paths there; the cgroup tree differs on
# purpose, see compare)
edit_config "$B" '.linux.namespaces |= map(select(.type != "mount")) |
	del(.linux.maskedPaths) | del(.linux.readonlyPaths) |
	.mounts |= map(select(.destination != "/sys/fs/cgroup")) |
	.mounts += [{"destination": "/data", "type": "bind", "source": $d, "options": ["rbind", "ro"]}]' \
	--arg d "$TESTS_TMP/data"
ct_out=$(unshare -m --propagation private "$CT" --root "$CT_ROOT" run -b "$B" "$(new_id)" 2>&1)
# (runc also binds the root onto itself there; ct leaves the caller's
# namespace that mount less, see doc/differences.md)
runc_out=$(cd "$B" && unshare -m --propagation private "$RUNC" --root "$RUNC_ROOT" run "$(new_id)" 2>&1 |
	grep -v '^/ ')
check "no mount namespace: the mounts as runc makes them" equals "$ct_out" "$runc_out"
check "no mount namespace: the bind mount is there, read-only" contains "$ct_out" "from-host
Read-only file system"

# masked or read-only paths without a mount namespace: refused, as runc does,
# before anything is made
for key in maskedPaths readonlyPaths; do
	bundle_with "$B" true
	edit_config "$B" '.linux.namespaces |= map(select(.type != "mount")) |
		del(.linux.maskedPaths) | del(.linux.readonlyPaths) | .linux[$k] = ["/proc/kcore"]' \
		--arg k "$key"
	id=$(new_id)
	ct_out=$(unshare -m --propagation private "$CT" --root "$CT_ROOT" run -b "$B" "$id" 2>&1 \
		</dev/null; echo "status $?")
	runc_out=$(cd "$B" && unshare -m --propagation private "$RUNC" --root "$RUNC_ROOT" run \
		"$(new_id)" 2>&1 </dev/null; echo "status $?")
	check "$key without a mount namespace: runc's words" contains "$runc_out" \
		"unable to restrict sys entries without a private MNT namespace"
	check "$key without a mount namespace: ct's words, naming the field" contains "$ct_out" \
		"ct: linux.$key: unable to restrict sys entries without a private MNT namespace"
	check "$key without a mount namespace: runc's status" equals "$(echo "$ct_out" | tail -1)" \
		"$(echo "$runc_out" | tail -1)"
	check "$key without a mount namespace: leaves nothing" leaves_nothing "$id" "$B"
done

# a process that cannot be executed: the same words as runc 1.1, for run and
# exec (what runc's log line says after "unable to start container process:",
# or what its init printed for a failed execve)
runc_words() { sed -e 's/.*unable to start container process: //' -e 's/"$//' -e 's/\\"/"/g'; }
bundle_with "$B" sleep 100
printf '#!/no/such/interpreter\n' >"$B/rootfs/run.sh"
printf 'not a binary\n' >"$B/rootfs/garbage"
chmod +x "$B/rootfs/run.sh" "$B/rootfs/garbage"
printf 'echo x\n' >"$B/rootfs/noexec.sh"
cid=$(new_id)
rid=$(new_id)
quiet ct run -d -b "$B" "$cid"
(cd "$B" && quiet "$RUNC" --root "$RUNC_ROOT" run -d "$rid")
for a in /run.sh /garbage /noexec.sh /missing nosuchcommand; do
	edit_config "$B" '.process.args = [$a]' --arg a "$a"
	ct_out=$(ct run -b "$B" "$(new_id)" 2>&1 </dev/null | sed 's/^ct: //')
	runc_out=$(cd "$B" && "$RUNC" --root "$RUNC_ROOT" run "$(new_id)" 2>&1 </dev/null | runc_words)
	check "run of '$a' that cannot be executed: runc's words" equals "$ct_out" "$runc_out"
	ct_out=$({ ct exec "$cid" "$a" 2>&1 </dev/null; echo "status $?"; } | sed 's/^ct: //')
	runc_out=$({ "$RUNC" --root "$RUNC_ROOT" exec "$rid" "$a" 2>&1 </dev/null; echo "status $?"; } |
		runc_words)
	check "exec of '$a' that cannot be executed: runc's words" \
		equals "$(echo "$ct_out" | sed 1q)" "$(echo "$runc_out" | sed 1q)"
	check "exec of '$a' that cannot be executed: status 255" equals "$(echo "$ct_out" | tail -1)" \
		"status 255"
	# (runc 1.1 gets to execve itself only once its process has started, and
	# exits 1 when that fails: doc/differences.md)
	case $a in
	/run.sh | /garbage) ;;
	*) check "exec of '$a' that cannot be executed: runc's status" equals "$ct_out" "$runc_out" ;;
	esac
done
# an exec into no container: status 255 as well
ct_out=$(ct exec "no-such-$cid" true 2>&1 </dev/null; echo "status $?")
runc_out=$("$RUNC" --root "$RUNC_ROOT" exec "no-such-$rid" true 2>&1 </dev/null; echo "status $?")
check "exec into no container: runc's status" equals "$(echo "$ct_out" | tail -1)" "$(echo "$runc_out" | tail -1)"
check "exec into no container: ct's words and status" equals "$ct_out" "ct: container 'no-such-$cid' does not exist
status 255"
quiet ct delete -f "$cid"
quiet "$RUNC" --root "$RUNC_ROOT" delete -f "$rid"

# exec --process (what containerd's shim and Docker always use): the process
# file has no seccomp and no capabilities section; both runtimes apply the
# container's filter and its capability sets.
# (no_new_privs differs on purpose: runc takes it from the file alone, ct keeps
# the container's when the file says false; see doc/security.md)
exec_probe='grep -E "^(Cap|NoNewPrivs|Seccomp:)" /proc/self/status; mkdir /tmp/x 2>&1 || echo refused'
bundle_with "$B" sleep 100
edit_config "$B" '.process.noNewPrivileges = true | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
jq -n --arg p "$exec_probe" '{args: ["sh", "-c", $p], cwd: "/", user: {uid: 0, gid: 0}, env: ["PATH=/bin"], noNewPrivileges: true}' >"$TESTS_TMP/process.json"
id=$(new_id)
quiet ct run -d -b "$B" "$id"
ct_out=$(ct exec --process "$TESTS_TMP/process.json" "$id" 2>&1)
quiet ct delete -f "$id"
id=$(new_id)
(cd "$B" && quiet "$RUNC" --root "$RUNC_ROOT" run -d "$id")
runc_out=$("$RUNC" --root "$RUNC_ROOT" exec --process "$TESTS_TMP/process.json" "$id" 2>&1)
quiet "$RUNC" --root "$RUNC_ROOT" delete -f "$id"
check "exec --process: the container's seccomp filter and capabilities, as runc" equals "$ct_out" "$runc_out"
check "exec --process: the filter holds" contains "$ct_out" "Seccomp:	2"

# a terminal container (process.terminal, --console-socket): exec takes no
# terminal from config.json, only from -t
# term_exec RUNTIME-WITH-ROOT...: run detached, three execs, delete
term_exec() {
	local id=$1 out
	shift
	bundle_with "$B" sleep 300
	edit_config "$B" '.process.terminal = true'
	rm -f "$TESTS_TMP/console.sock"
	start_console "$TESTS_TMP/console.sock"
	(cd "$B" && quiet "$@" run -d --console-socket "$TESTS_TMP/console.sock" "$id")
	out=$("$@" exec -d "$id" true 2>&1; echo "exec -d: $?")
	out="$out; $("$@" exec "$id" echo a </dev/null | od -An -c | tr -s ' ')"
	out="$out; $("$@" exec "$id" sh -c '[ -t 0 ] || [ -t 1 ] || echo no-tty' </dev/null 2>&1)"
	quiet "$@" delete -f "$id"
	stop_console
	echo "$out"
}
ct_out=$(term_exec "$(new_id)" "$CT" --root "$CT_ROOT")
runc_out=$(term_exec "$(new_id)" "$RUNC" --root "$RUNC_ROOT")
check "exec in a terminal container: no terminal without -t" equals "$ct_out" "exec -d: 0;  a \n; no-tty"
check "exec in a terminal container: as runc" equals "$ct_out" "$runc_out"

# rootfsPropagation, with a Bidirectional volume (a host directory that is a
# shared mount of its own, bound in rshared): whether a mount made inside
# reaches the host, and the propagation of the container's / and volume
# (peer group numbers dropped)
bidir_probe='mount -t tmpfs -o size=1m inner /vol/inner && echo made >/vol/inner/f
awk "\$5 == \"/\" || \$5 == \"/vol\" || \$5 == \"/proc\" { s = \$5; for (i = 7; \$i != \"-\"; i++) { sub(/:.*/, \"\", \$i); s = s \" \" \$i }; print s }" /proc/self/mountinfo | sort'
# bidir PROPAGATION RUNTIME-WITH-ROOT...: what the container and the host see
bidir() {
	local prop=$1 h=$TESTS_TMP/bidir out
	shift
	mkdir -p "$h"
	mount --bind "$h" "$h" && mount --make-private "$h" && mount --make-shared "$h"
	mkdir -p "$h/inner"
	bundle_with "$B" sh -c "$bidir_probe"
	edit_config "$B" '.linux.rootfsPropagation = $p
		| .mounts += [{"destination": "/vol", "type": "bind", "source": $h, "options": ["rbind", "rshared"]}]' \
		--arg h "$h" --arg p "$prop"
	grant_cap "$B" CAP_SYS_ADMIN
	out=$(cd "$B" && "$@" run "$(new_id)" 2>&1)
	echo "$out"
	echo "host: $(cat "$h/inner/f" 2>/dev/null)"
	umount "$h/inner" 2>/dev/null
	umount "$h"
	rmdir "$h/inner" "$h"
}
for prop in rshared shared rslave slave rprivate private; do
	ct_out=$(bidir "$prop" "$CT" --root "$CT_ROOT")
	runc_out=$(bidir "$prop" "$RUNC" --root "$RUNC_ROOT")
	# a shared propagation is also given to the container's / after
	# pivot_root by runc 1.4 and ct, not by runc 1.1: / and /proc apart
	if [ "${prop#r}" = shared ]; then
		check "rootfsPropagation $prop: the container's / is shared" equals \
			"$(echo "$ct_out" | grep -E '^/( |$)')" "/ shared"
		ct_out=$(echo "$ct_out" | grep -vE '^/(proc)?( |$)')
		runc_out=$(echo "$runc_out" | grep -vE '^/(proc)?( |$)')
	fi
	if [ "$ct_out" = "$runc_out" ]; then
		ok "rootfsPropagation $prop: same view and host as runc"
	else
		not_ok "rootfsPropagation $prop: same view and host as runc"
		diff <(echo "$runc_out") <(echo "$ct_out") | sed 's/^/# /' | head -20
	fi
	[ "$prop" = rshared ] && check "rootfsPropagation rshared: the mount reaches the host" contains "$ct_out" "host: made"
done
check "rootfsPropagation: no mount left on the host" bash -c "! grep -q ' $TESTS_TMP/' /proc/self/mountinfo"
finish
