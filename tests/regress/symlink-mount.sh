#!/bin/bash
# A mount destination with a symlink in the rootfs pointing out of it
# (absolute or with ..) resolves inside the rootfs: the host is never touched.
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
finish
