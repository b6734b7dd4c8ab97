#!/bin/bash
# Idmapped bind mounts (mounts[].uidMappings/gidMappings, options idmap and
# ridmap): owners seen through the mount, files made through it, a submount
# under ridmap, the container's own mapping, and mappings refused.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b

# the test's files live in $TESTS_TMP: its filesystem must take idmapped
# mounts (ext4, xfs, btrfs from 5.12; tmpfs from 6.3)
fstype=$(stat -f -c %T "$TESTS_TMP")
kver=$(uname -r | awk -F. '{print $1 * 1000 + $2}')
case "$fstype" in
ext2/ext3 | xfs | btrfs) [ "$kver" -ge 5012 ] || skip="kernel $(uname -r) before 5.12" ;;
tmpfs) [ "$kver" -ge 6003 ] || skip="tmpfs takes idmapped mounts from Linux 6.3" ;;
*) skip="$TESTS_TMP is on $fstype, which may not take idmapped mounts" ;;
esac
if [ -n "${skip:-}" ]; then
	echo "1..0 # SKIP $skip"
	exit 0
fi

# a mapping {containerID: 1000, hostID: 0}: files of uid 1000 on disk show as 0
SRC=$TESTS_TMP/src
mkdir -p "$SRC"
echo data >"$SRC/own1000"
# the directory too: the kernel lets nobody write to an inode whose owner
# the mount does not map
chown 1000:1001 "$SRC/own1000" "$SRC"
bundle_with "$B" sh -c 'stat -c %u:%g /mnt/own1000; cat /mnt/own1000; touch /mnt/made-inside 2>&1 &&
	stat -c %u:%g /mnt/made-inside; grep " /mnt " /proc/self/mountinfo'
edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s,
	"options": ["bind", "idmap"],
	"uidMappings": [{"containerID": 1000, "hostID": 0, "size": 1}],
	"gidMappings": [{"containerID": 1001, "hostID": 0, "size": 1}]}]' --arg s "$SRC"
run_in "$B"
check "idmapped mount: runs" equals "$RC" 0
[ "$RC" = 0 ] || diag "$OUT" "$ERR"
check "uid 1000 on disk shows as 0 in the container" equals "$(echo "$OUT" | sed -n 1p)" "0:0"
check "the file reads through the mount" equals "$(echo "$OUT" | sed -n 2p)" "data"
check "a file made inside is root's there" equals "$(echo "$OUT" | sed -n 3p)" "0:0"
check "and lands on disk as 1000:1001" equals "$(stat -c %u:%g "$SRC/made-inside" 2>&1)" "1000:1001"
check "the mount is idmapped (mountinfo)" contains "$(echo "$OUT" | sed -n 4p)" "idmapped"
check "the host's view is unchanged" equals "$(stat -c %u:%g "$SRC/own1000")" "1000:1001"
check "leaves nothing" leaves_nothing "$LAST_ID" "$B"

# ridmap covers a submount; idmap (not recursive) leaves it as it is. The
# submount is made in a mount namespace of the test's own, gone with it.
SUB=$TESTS_TMP/tree
mkdir -p "$SUB/sub"
echo top >"$SUB/top"
chown 1000:1000 "$SUB/top"
# (the submount is a tmpfs: idmapped from Linux 6.3)
[ "$kver" -ge 6003 ] || ok "rbind ridmap submount # SKIP tmpfs takes idmapped mounts from Linux 6.3"
for opt in ridmap idmap; do
	[ "$kver" -ge 6003 ] || break
	bundle_with "$B" sh -c 'stat -c %u /mnt/top /mnt/sub/inner'
	edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s,
		"options": ["rbind", $o],
		"uidMappings": [{"containerID": 1000, "hostID": 0, "size": 1}],
		"gidMappings": [{"containerID": 1000, "hostID": 0, "size": 1}]}]' \
		--arg s "$SUB" --arg o "$opt"
	id=$(new_id)
	OUT=$(unshare -m --propagation private sh -c '
		mount -t tmpfs -o mode=755 sub "$1/sub" && echo in >"$1/sub/inner" &&
		chown 1000:1000 "$1/sub/inner" && exec "$2" --root "$3" run -b "$4" "$5"' \
		_ "$SUB" "$CT" "$CT_ROOT" "$B" "$id" 2>&1)
	RC=$?
	want_sub=0
	[ "$opt" = idmap ] && want_sub=1000
	check "rbind $opt: runs" equals "$RC" 0
	check "rbind $opt: the top is mapped" equals "$(echo "$OUT" | sed -n 1p)" "0"
	check "rbind $opt: the submount shows $want_sub" equals "$(echo "$OUT" | sed -n 2p)" "$want_sub"
	check "rbind $opt: leaves nothing" leaves_nothing "$id" "$B"
done

# in a container with its own user namespace, "idmap" without mappings of
# its own takes the container's: the host's root-owned files are its root's
U=$TESTS_TMP/u
bundle_with "$U" sh -c 'stat -c %u:%g /own/rootfile /plain/rootfile; touch /own/by-ct-root;
	touch /plain/x 2>/dev/null || echo plain-refused'
edit_config "$U" '.linux.namespaces += [{"type": "user"}] |
	.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
	.linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
	.mounts += [{"destination": "/own", "type": "bind", "source": $s, "options": ["bind", "idmap"]},
		{"destination": "/plain", "type": "bind", "source": $s, "options": ["bind"]}]' \
	--arg s "$TESTS_TMP/rootsrc"
chown -R 100000:100000 "$U/rootfs"
mkdir -p "$TESTS_TMP/rootsrc"
chmod 755 "$TESTS_TMP/rootsrc"
touch "$TESTS_TMP/rootsrc/rootfile"
run_in "$U"
check "user namespace, idmap: runs" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "host root's file is the container root's through idmap" \
	equals "$(echo "$OUT" | sed -n 1p)" "0:0"
check "and the overflow id without it" equals "$(echo "$OUT" | sed -n 2p)" "65534:65534"
check "a file the container's root makes is the host root's" \
	equals "$(stat -c %u:%g "$TESTS_TMP/rootsrc/by-ct-root" 2>&1)" "0:0"
check "the plain bind stays unwritable" equals "$(echo "$OUT" | sed -n 3p)" "plain-refused"
check "leaves nothing" leaves_nothing "$LAST_ID" "$U"

# refused: each error names the mount, and nothing is left behind
refused() {
	local what=$1 want=$2
	run_in "$B"
	check "$what: refused" test "$RC" -ne 0
	check "$what: says why" contains "$ERR" "$want"
	check "$what: leaves nothing" leaves_nothing "$LAST_ID" "$B"
}
bundle_with "$B" true
edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s,
	"options": ["bind", "idmap"]}]' --arg s "$SRC"
refused "idmap without mappings or a user namespace" \
	"mount on '/mnt': option idmap without mappings of its own needs the container to have a user namespace"
bundle_with "$B" true
edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s, "options": ["bind"],
	"uidMappings": [{"containerID": 0, "hostID": 0, "size": 10}, {"containerID": 5, "hostID": 50, "size": 10}],
	"gidMappings": [{"containerID": 0, "hostID": 0, "size": 1}]}]' --arg s "$SRC"
refused "overlapping mappings" "mount on '/mnt': user namespace: write '0 0 10"
bundle_with "$B" true
edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "tmpfs", "source": "tmpfs",
	"uidMappings": [{"containerID": 0, "hostID": 0, "size": 1}],
	"gidMappings": [{"containerID": 0, "hostID": 0, "size": 1}]}]'
refused "mappings on a mount that is no bind" \
	"uidMappings: an idmapped mount must be a bind mount (options bind or rbind)"
bundle_with "$B" true
edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": "/proc/sys",
	"options": ["bind", "idmap"],
	"uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
	"gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}]'
refused "a filesystem without idmapped mounts (proc)" \
	"mount on '/mnt': idmap '/proc/sys': the filesystem does not support idmapped mounts"

finish
