#!/bin/bash
# A mount destination with a symlink in the rootfs pointing out of it
# (absolute or with ..) resolves inside the rootfs: the host is never touched;
# a proc or sysfs mount goes through no symlink at all.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
victim=$TESTS_TMP/victim
mkdir -p "$victim" "$TESTS_TMP/src"
echo planted >"$TESTS_TMP/src/marker"

for target in "$victim" "../../../../../../../..$victim"; do
	bundle_with "$B" sh -c 'cat /evil/marker'
	ln -s "$target" "$B/rootfs/evil"
	edit_config "$B" '.mounts += [{"destination": "/evil", "type": "bind", "source": $s, "options": ["bind"]}]' \
		--arg s "$TESTS_TMP/src"
	run_in "$B"
	check "symlink '$target': the container sees the mount" equals "$OUT" planted
	check "symlink '$target': nothing mounted on the host path" bash -c "! grep -q ' $victim ' /proc/self/mountinfo"
	check "symlink '$target': host dir untouched" test ! -e "$victim/marker"
	check "symlink '$target': mount point made inside the root" test -d "$B/rootfs$victim"
done

# a file created for a file bind mount through a symlink stays inside too
bundle_with "$B" true
ln -s "$victim/created" "$B/rootfs/evilfile"
edit_config "$B" '.mounts += [{"destination": "/evilfile", "type": "bind", "source": "/etc/hostname", "options": ["bind"]}]'
run_in "$B"
check "file mount point through a symlink is not made on the host" test ! -e "$victim/created"

# proc and sysfs go on a directory reached through no symlink, neither the
# last component nor another (runc's CVE-2019-19921 and its mask.bats;
# crun): refused by name, and nothing is made where the link points
for fs in proc:proc sys:sysfs; do
	dir=${fs%%:*} type=${fs#*:}
	bundle_with "$B" true
	rmdir "$B/rootfs/$dir"
	ln -s /symlink "$B/rootfs/$dir"
	run_in "$B"
	check "a symlinked /$dir: refused" equals "$RC" 1
	check "a symlinked /$dir: the error names the mount and the link" contains "$ERR" \
		"mount $type on '/$dir' (a directory, never through a symlink): '/$dir' is a symlink"
	check "a symlinked /$dir: nothing made at its target" test ! -e "$B/rootfs/symlink"
	check "a symlinked /$dir: leaves nothing" leaves_nothing "$LAST_ID" "$B"
done
bundle_with "$B" true
mkdir -p "$B/rootfs/real"
ln -s /real "$B/rootfs/via"
edit_config "$B" '.mounts += [{"destination": "/via/proc", "type": "proc", "source": "proc"}]'
run_in "$B"
check "a symlink on the way to a proc mount: refused, naming it" contains "$ERR" \
	"mount proc on '/via/proc' (a directory, never through a symlink): '/via' is a symlink"
check "a symlink on the way to a proc mount: nothing made" test ! -e "$B/rootfs/real/proc"
check "a symlink on the way to a proc mount: leaves nothing" leaves_nothing "$LAST_ID" "$B"
bundle_with "$B" sh -c 'grep -c " /proc proc " /proc/self/mounts'
rmdir "$B/rootfs/proc"
touch "$B/rootfs/proc"
run_in "$B"
check "a /proc that is a file: refused" contains "$ERR" \
	"mount proc on '/proc' (a directory, never through a symlink): '/proc' is not a directory"
rm "$B/rootfs/proc"
run_in "$B"
check "a missing /proc: made, a directory" equals "$RC: $OUT" "0: 1"
check "a missing /proc: made in the image" test -d "$B/rootfs/proc" -a ! -L "$B/rootfs/proc"
finish
