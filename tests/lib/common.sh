# Shared by the shell test suites (root, cli, diff): TAP output, a private
# state root, bundles, and the checks that a failure left nothing behind.
# Source it; then call `plan`-free TAP helpers and `finish` at the end.
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CT=${CT:-$TOP/build/ct}
TESTS_TMP=$(mktemp -d /tmp/ct-test.XXXXXX)
chmod 755 "$TESTS_TMP" # user-namespace tests reach their rootfs through it
CT_ROOT=$TESTS_TMP/state
mkdir -p "$CT_ROOT"
N=0
FAILED=0
ID_PREFIX="ctt$$"

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "1..0 # SKIP needs root"
		exit 0
	fi
}

cleanup_all() {
	# remove anything a failing test left, so later tests start clean
	for d in "$CT_ROOT"/*/; do
		[ -d "$d" ] || continue
		"$CT" --root "$CT_ROOT" delete -f "$(basename "$d")" >/dev/null 2>&1
	done
	rm -rf "$TESTS_TMP"
}
trap cleanup_all EXIT

ok() { N=$((N + 1)); echo "ok $N - $*"; }
not_ok() { N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N - $*"; }
# check NAME COMMAND...: one TAP line for the command's success
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# relay PREFIX COMMAND...: the command's TAP lines become this script's
# checks (renumbered, PREFIX before each name), its plan is dropped, other
# lines pass through
relay() {
	local prefix=$1 l
	shift
	while IFS= read -r l; do
		case "$l" in
		"ok "*) ok "$prefix${l#ok * - }" ;;
		"not ok "*) not_ok "$prefix${l#not ok * - }" ;;
		1..*) ;;
		*) echo "$l" ;;
		esac
	done < <("$@")
}
finish() {
	echo "1..$N"
	[ "$FAILED" = 0 ]
}
diag() { printf '# %s\n' "$@" | sed 's/^# $/#/'; }

# ct with the private state root
ct() { "$CT" --root "$CT_ROOT" "$@"; }
# status_of ID: the container's status as `ct state` says it (empty if none)
status_of() { ct state "$1" 2>/dev/null | jq -r .status; }
# wait_status ID STATUS SECONDS: until `ct state` says STATUS, looked at every
# 0.1 s for SECONDS at most; 1 if it never did
wait_status() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		[ "$(status_of "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# a fresh container id (a counter in a file: callers use $(new_id), a subshell)
new_id() {
	local n
	n=$(($(cat "$TESTS_TMP/id-seq" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$TESTS_TMP/id-seq"
	echo "${ID_PREFIX}-$n"
}

# make_bundle DIR [ARGS...]: the project's busybox bundle
make_bundle() {
	CT="$CT" "$TOP/scripts/mkbundle" "$@" >/dev/null
}

# edit_config DIR JQ-FILTER [jq args...]: change DIR/config.json in place
edit_config() {
	local dir=$1 filter=$2
	shift 2
	jq "$@" "$filter" "$dir/config.json" >"$dir/config.json.new" && mv "$dir/config.json.new" "$dir/config.json"
}

# grant_cap DIR CAP: the process of DIR/config.json gets CAP (CAP_SYS_ADMIN)
# in its bounding, effective and permitted sets
grant_cap() {
	edit_config "$1" '.process.capabilities |= (.bounding += [$c] | .effective += [$c]
		| .permitted += [$c])' --arg c "$2"
}

# with_userns DIR: DIR's container gets a user namespace, root mapped to
# host uid and gid 100000 (65536 ids), its rootfs owned by that root, and no
# /sys/fs/cgroup mount (a user namespace's root may not bind it)
with_userns() {
	edit_config "$1" '.linux.namespaces += [{"type": "user"}] |
		.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
		.linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
		.mounts |= map(select(.destination != "/sys/fs/cgroup"))'
	chown -R 100000:100000 "$1/rootfs"
}

# The shared bundle most tests copy: built once per test file.
BASE_BUNDLE=$TESTS_TMP/base
base_bundle() {
	[ -d "$BASE_BUNDLE/rootfs" ] && return
	make_bundle "$BASE_BUNDLE" true
	# a writable root unless a test asks otherwise
	edit_config "$BASE_BUNDLE" '.root.readonly = false'

}
# bundle_with DIR ARGS...: a copy of the base bundle (its rootfs copied, a
# test may write to it) with these process args
bundle_with() {
	local dir=$1 i=0 list='' a
	local vars=()
	shift
	base_bundle
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -a "$BASE_BUNDLE/rootfs" "$dir/rootfs"
	# one jq for all the args (--arg takes its value verbatim, a leading
	# "-" included; jq 1.6's --args would take "-c" for its own option)
	for a in "$@"; do
		vars+=(--arg "a$i" "$a")
		list+="${list:+, }\$a$i"
		i=$((i + 1))
	done
	jq "${vars[@]}" ".process.args = [$list]" "$BASE_BUNDLE/config.json" >"$dir/config.json"
}

# run_in BUNDLE: ct run with a fresh id (killed after 300 s); stdout in $OUT,
# stderr in $ERR, status in $RC
run_in() {
	local id
	id=$(new_id)
	LAST_ID=$id
	# bounded: a run that hangs fails its checks instead of the suite
	OUT=$(timeout -s KILL 300 "$CT" --root "$CT_ROOT" run -b "$1" "$id" 2>"$TESTS_TMP/stderr")
	RC=$?
	ERR=$(cat "$TESTS_TMP/stderr")
}

# Nothing left of container id: no state dir, no cgroup dir, no process
# whose cgroup names it (or a sub-cgroup of it), no mount under the bundle.
leaves_nothing() {
	local id=$1 bundle=${2:-}
	if [ -e "$CT_ROOT/$id" ]; then diag "state dir $CT_ROOT/$id left"; return 1; fi
	if find /sys/fs/cgroup -maxdepth 6 -type d -name "$id" 2>/dev/null | grep -q .; then
		diag "cgroup left: $(find /sys/fs/cgroup -maxdepth 6 -type d -name "$id" | head -3)"
		return 1
	fi
	if grep -lE "/$id(/|\$)" /proc/[0-9]*/cgroup 2>/dev/null | grep -q .; then
		diag "process left in a cgroup named $id"
		return 1
	fi
	if [ -n "$bundle" ] && grep -q " $bundle/" /proc/self/mountinfo; then
		diag "mount left under $bundle"
		return 1
	fi
	return 0
}

# leftovers ID: what is left of a container, one line each: its state
# directory, create temporaries, cgroup directories (in every hierarchy),
# processes in them (init is in its cgroup from the clone on), mounts under
# the test's directory
leftovers() {
	local id=$1
	[ -e "$CT_ROOT/$id" ] && echo "state dir $CT_ROOT/$id: $(ls -A "$CT_ROOT/$id" | tr '\n' ' ')"
	ls -A "$CT_ROOT" | grep '^\.new-' | sed 's/^/temporary /'
	find /sys/fs/cgroup -maxdepth 7 -type d -name "$id" 2>/dev/null | sed 's/^/cgroup /'
	grep -l "/$id\$" /proc/[0-9]*/cgroup 2>/dev/null | sed 's/^/process in /'
	grep " $TESTS_TMP/" /proc/self/mountinfo | sed 's/^/mount /'
}

# contains HAYSTACK NEEDLE: a check that shows what it got on failure
contains() {
	case "$1" in
	*"$2"*) return 0 ;;
	esac
	diag "expected to find: $2" "in: $1"
	return 1
}
equals() {
	[ "$1" = "$2" ] && return 0
	diag "expected: $2" "got:      $1"
	return 1
}
# quiet CMD...: run with stdio away from the TAP stream (a detached init
# keeps the stdio it was given)
quiet() { "$@" >/dev/null 2>&1 </dev/null; }

# start_console SOCKET [--many]: a receiver for --console-socket listening at
# SOCKET (tests/lib/console-recv.py) in the background, its pid in
# CONSOLE_PID; it ends when the container's terminal closes (with --many:
# takes terminals until stopped, 900 s at most), stop_console ends it anyway
start_console() {
	local i t=300
	[ -n "${2:-}" ] && t=900
	timeout "$t" python3 "$TOP/tests/lib/console-recv.py" ${2:+"$2"} "$1" >/dev/null 2>&1 &
	CONSOLE_PID=$!
	for i in $(seq 1 100); do [ -S "$1" ] && return 0; sleep 0.1; done
	diag "console socket $1 not listening after 10 s"
	return 1
}
stop_console() {
	[ -n "${CONSOLE_PID:-}" ] || return 0
	kill "$CONSOLE_PID" 2>/dev/null
	wait "$CONSOLE_PID" 2>/dev/null
	CONSOLE_PID=
}

# rootless_user NAME: an unprivileged user for rootless tests, made with
# useradd (its home, and subordinate uids and gids in /etc/subuid and
# /etc/subgid for newuidmap and newgidmap) and removed again with them when
# the test ends, its processes killed by pid first (rootless_user_left checks
# that there are none). Sets RL_USER, RL_UID, RL_GID, RL_HOME, RL_SUBUID and
# RL_SUBGID (the first subordinate ids, 65536 of each), and RL_XDG, a runtime
# directory of its own.
rootless_user() {
	RL_USER=$1
	if ! id "$RL_USER" >/dev/null 2>&1; then
		useradd -m -s /bin/bash "$RL_USER" || return 1
	fi
	trap 'rootless_user_end; cleanup_all' EXIT
	RL_UID=$(id -u "$RL_USER")
	RL_GID=$(id -g "$RL_USER")
	RL_HOME=$(getent passwd "$RL_USER" | cut -d: -f6)
	if ! grep -q "^$RL_USER:" /etc/subuid; then
		usermod --add-subuids 400000-465535 --add-subgids 400000-465535 "$RL_USER" || return 1
	fi
	RL_SUBUID=$(grep "^$RL_USER:" /etc/subuid | head -1 | cut -d: -f2)
	RL_SUBGID=$(grep "^$RL_USER:" /etc/subgid | head -1 | cut -d: -f2)
	RL_XDG=$TESTS_TMP/xdg-$RL_USER
	mkdir -p "$RL_XDG"
	chown "$RL_UID:$RL_GID" "$RL_XDG"
	chmod 700 "$RL_XDG"
}
# as_user COMMAND...: COMMAND as RL_USER, with a fresh environment (HOME,
# USER, PATH) and its runtime directory as XDG_RUNTIME_DIR
as_user() {
	setpriv --reuid="$RL_UID" --regid="$RL_GID" --init-groups --reset-env \
		env XDG_RUNTIME_DIR="$RL_XDG" "$@"
}
# rootless_bundle DIR: RL_USER's bundle, owned by it: the project's busybox
# root and the config of its `ct spec --rootless` (its uid and gid mapped to
# root)
rootless_bundle() {
	base_bundle
	mkdir -p "$1"
	cp -a "$BASE_BUNDLE/rootfs" "$1/rootfs"
	chown -R "$RL_UID:$RL_GID" "$1"
	(cd "$1" && as_user "$CT" spec --rootless)
}
# rootless_user_left: a check that no process of RL_USER is left
rootless_user_left() {
	local left
	left=$(pgrep -u "$RL_UID" | paste -sd, -)
	[ -z "$left" ] && return 0
	diag "left: $(ps -o pid=,args= -p "$left" | tr '\n' ';')"
	return 1
}
rootless_user_end() {
	local p d
	for d in "$RL_XDG"/ct/*/; do
		[ -d "$d" ] && as_user "$CT" delete -f "$(basename "$d")" >/dev/null 2>&1
	done
	for p in $(pgrep -u "$RL_UID"); do kill -9 "$p" 2>/dev/null; done
	userdel -r "$RL_USER" >/dev/null 2>&1
	sed -i "/^$RL_USER:/d" /etc/subuid /etc/subgid
}
