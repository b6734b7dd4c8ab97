#!/bin/bash
# Bind mounts in a container with a user namespace of its own: a source under
# a directory the container's root cannot traverse is cloned on the host side
# and still mounted; options, rbind, the kernel's locks and errors as ever.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b

# userns_bundle DIR ARGS...: a bundle whose root is the host's 100000
userns_bundle() {
	local dir=$1
	shift
	bundle_with "$dir" "$@"
	edit_config "$dir" '.linux.namespaces += [{"type": "user"}] |
		.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
		.linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	chown -R 100000:100000 "$dir/rootfs"
}

# sources under parents of mode 000 and 0700, owned by the host's root
for mode in 000 0700; do
	LOCKED=$TESTS_TMP/locked-$mode
	mkdir -p "$LOCKED/src"
	echo "data $mode" >"$LOCKED/src/file"
	chmod 755 "$LOCKED/src"
	chmod 644 "$LOCKED/src/file"
	chmod "$mode" "$LOCKED"
	userns_bundle "$B" sh -c 'cat /mnt/file; touch /mnt/made 2>/dev/null || echo unwritable'
	edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s,
		"options": ["bind"]}]' --arg s "$LOCKED/src"
	run_in "$B"
	check "parent of mode $mode: runs" equals "$RC" 0
	[ "$RC" = 0 ] || diag "$ERR"
	check "parent of mode $mode: the file reads through the mount" \
		equals "$(echo "$OUT" | sed -n 1p)" "data $mode"
	check "parent of mode $mode: the host root's directory stays unwritable" \
		equals "$(echo "$OUT" | sed -n 2p)" "unwritable"
	check "parent of mode $mode: leaves nothing" leaves_nothing "$LAST_ID" "$B"
done

# a read-only bind stays read-only; a writable one is writable
SRC=$TESTS_TMP/src
mkdir -p "$SRC"
chown 100000:100000 "$SRC"
userns_bundle "$B" sh -c 'touch /ro/x 2>/dev/null && echo ro-written || echo ro-refused;
	touch /rw/y && echo rw-written; grep " /ro " /proc/self/mountinfo'
edit_config "$B" '.mounts += [{"destination": "/ro", "type": "bind", "source": $s,
	"options": ["bind", "ro", "nosuid"]},
	{"destination": "/rw", "type": "bind", "source": $s, "options": ["bind"]}]' --arg s "$SRC"
run_in "$B"
check "ro bind: runs" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "ro bind: refuses a write" equals "$(echo "$OUT" | sed -n 1p)" "ro-refused"
check "rw bind: takes a write" equals "$(echo "$OUT" | sed -n 2p)" "rw-written"
check "ro bind: mounted ro,nosuid" contains "$(echo "$OUT" | sed -n 3p)" " ro,nosuid"
check "ro bind: nothing written on the host" test ! -e "$SRC/x"
check "rw bind: the file is on the host" test -e "$SRC/y"
check "ro bind: leaves nothing" leaves_nothing "$LAST_ID" "$B"

# rbind keeps a submount. A plain bind of a source with a submount is the
# kernel's to refuse in a user namespace (it would show what the submount
# covers), as under runc. The submount is made in a mount namespace of the
# test's own, gone with it.
SUB=$TESTS_TMP/tree
mkdir -p "$SUB/sub"
echo top >"$SUB/top"
for opt in rbind bind; do
	userns_bundle "$B" sh -c 'cat /mnt/top; cat /mnt/sub/inner 2>/dev/null || echo none'
	edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s,
		"options": [$o]}]' --arg s "$SUB" --arg o "$opt"
	id=$(new_id)
	OUT=$(unshare -m --propagation private sh -c '
		mount -t tmpfs -o mode=755 sub "$1/sub" && echo in >"$1/sub/inner" &&
		exec "$2" --root "$3" run -b "$4" "$5"' \
		_ "$SUB" "$CT" "$CT_ROOT" "$B" "$id" 2>&1)
	RC=$?
	if [ "$opt" = rbind ]; then
		check "rbind: runs" equals "$RC" 0
		check "rbind: the top reads" equals "$(echo "$OUT" | sed -n 1p)" "top"
		check "rbind: the submount's file reads" equals "$(echo "$OUT" | sed -n 2p)" "in"
	else
		check "bind over a submount: refused" test "$RC" != 0
		check "bind over a submount: the error names it" contains "$OUT" \
			"bind mount '$SUB' on '/mnt': Invalid argument"
	fi
	check "$opt: leaves nothing" leaves_nothing "$id" "$B"
done

# a read-only host mount bound into the container stays read-only there for
# good: a root with CAP_SYS_ADMIN in the container's user namespace cannot
# remount it writable (the kernel locks what init copies from the host)
RO=$TESTS_TMP/ro
mkdir -p "$RO"
userns_bundle "$B" sh -c 'mount -o remount,bind,rw /mnt 2>/dev/null; { echo x >/mnt/f; } 2>/dev/null && echo written || echo refused'
edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s,
	"options": ["bind"]}]' --arg s "$RO"
grant_cap "$B" CAP_SYS_ADMIN
chmod 777 "$RO"
id=$(new_id)
OUT=$(unshare -m --propagation private sh -c '
	mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 1
	exec "$2" --root "$3" run -b "$4" "$5"' \
	_ "$RO" "$CT" "$CT_ROOT" "$B" "$id" 2>&1)
check "read-only host mount: stays read-only in the container" equals "$OUT" "refused"
check "read-only host mount: nothing written" test ! -e "$RO/f"
check "read-only host mount: leaves nothing" leaves_nothing "$id" "$B"

# a mount the container makes under a bind does not reach the host, even
# from a shared source (made so in a mount namespace of the test's own)
mkdir -p "$SUB/sub"
userns_bundle "$B" sh -c 'mount -t tmpfs inner /mnt/sub && echo mounted'
edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s,
	"options": ["rbind"]}]' --arg s "$SUB"
grant_cap "$B" CAP_SYS_ADMIN
id=$(new_id)
OUT=$(unshare -m --propagation private sh -c '
	mount --bind "$1" "$1" && mount --make-shared "$1" || exit 1
	"$2" --root "$3" run -b "$4" "$5"
	echo "host sees: $(grep -c " $1/sub " /proc/self/mountinfo)"' \
	_ "$SUB" "$CT" "$CT_ROOT" "$B" "$id" 2>&1)
check "mount under a shared bind: made inside, not seen outside" equals "$OUT" "mounted
host sees: 0"
check "mount under a shared bind: leaves nothing" leaves_nothing "$id" "$B"

# a missing source is an error naming it
userns_bundle "$B" true
edit_config "$B" '.mounts += [{"destination": "/x", "type": "bind", "source": "/no/such/source",
	"options": ["bind"]}]'
run_in "$B"
check "missing source: fails" test "$RC" -ne 0
check "missing source: named" contains "$ERR" "bind mount source '/no/such/source': No such file or directory"
check "missing source: leaves nothing" leaves_nothing "$LAST_ID" "$B"

# many bind mounts: one fd each until init is cloned, within the fd limit
userns_bundle "$B" sh -c 'grep -c " /m[0-9]* " /proc/self/mountinfo'
edit_config "$B" '.mounts += [range(200) as $i | {"destination": "/m\($i)", "type": "bind",
	"source": $s, "options": ["bind", "ro"]}]' --arg s "$SRC"
run_in "$B"
check "200 binds: runs" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "200 binds: all mounted" equals "$OUT" "200"
check "200 binds: leaves nothing" leaves_nothing "$LAST_ID" "$B"
id=$(new_id)
OUT=$(sh -c 'ulimit -Sn 128 && exec "$1" --root "$2" run -b "$3" "$4"' _ "$CT" "$CT_ROOT" "$B" \
	"$id" 2>&1)
RC=$?
check "200 binds under 128 fds: runs" equals "$RC" 0
check "200 binds under 128 fds: all mounted" equals "$OUT" "200"
check "200 binds under 128 fds: leaves nothing" leaves_nothing "$id" "$B"

finish
