#!/bin/bash
# CVE-2019-5736, the script vector: a file in the container whose first line
# is "#!/proc/self/exe" makes the kernel run, as its interpreter, whatever
# image the exec'ing process has. Every process entering a container execs
# through the runtime's sealed exec stub (lib/spawn/exec-stub.c), so that
# interpreter is the stub (which exits 127), never the ct binary; a watcher
# in the container that catches the interpreter process finds it sealed.
. "$(dirname "$0")/../lib/common.sh"
need_root
sum_before=$(sha256sum <"$(readlink -f "$CT")")

# the script, and a watcher that records the image of every process it sees
# and tries to open it for writing
evil_bundle() {
	bundle_with "$1" "${@:2}"
	printf '#!/proc/self/exe\n' >"$1/rootfs/evil"
	chmod 755 "$1/rootfs/evil"
	cat >"$1/rootfs/watch" <<'W'
#!/bin/sh
while :; do
	for p in /proc/[0-9]*; do
		l=$(readlink "$p/exe" 2>/dev/null) || continue
		case "$l" in
		/bin/busybox|"") ;;
		*) echo "$l" >>/seen
		   (echo x >"$p/exe") 2>/dev/null && echo "WROTE $l" >>/seen ;;
		esac
	done
	[ -e /stop ] && exit 0
done
W
	chmod 755 "$1/rootfs/watch"
}

B=$TESTS_TMP/b
evil_bundle "$B" /evil
run_in "$B"
check "run: the script's interpreter is the exec stub (exit 127)" equals "$RC" 127
check "run: no output of the ct binary" equals "$OUT$ERR" ""

B2=$TESTS_TMP/b2
evil_bundle "$B2" /watch
id=$(new_id)
ct run -d -b "$B2" "$id" >/dev/null 2>&1 </dev/null
out=$(ct exec "$id" /evil 2>&1)
rc=$?
check "exec: the script exits 127 from the stub" equals "$rc" 127
check "exec: nothing printed by the ct binary" equals "$out" ""
for i in $(seq 1 40); do ct exec "$id" /evil >/dev/null 2>&1; done
touch "$B2/rootfs/stop"
for i in $(seq 1 100); do ct state "$id" 2>/dev/null | grep -q '"stopped"' && break; sleep 0.1; done
seen=$(sort -u "$B2/rootfs/seen" 2>/dev/null)
diag "images seen by the watcher: ${seen:-none}"
check "the watcher never saw the ct binary as a process image" \
	sh -c "! printf '%s\n' \"\$1\" | grep -v '^/memfd:ct-exec-stub' | grep -q ." _ "$seen"
check "the watcher could write no image it saw" sh -c "! printf '%s' \"\$1\" | grep -q WROTE" _ "$seen"
ct delete -f "$id" >/dev/null 2>&1

# a startContainer hook runs in the container, after the root change: its path
# is the container's
B3=$TESTS_TMP/b3
evil_bundle "$B3" true
edit_config "$B3" '.hooks.startContainer = [{"path": "/evil"}]'
run_in "$B3"
check "startContainer hook: the script runs the stub, not ct" \
	contains "$ERR" "could not be executed (exit status 127)"

# through the library, as an embedding program calls it
if [ -n "${LIB_EXEC:-}" ]; then
	id=$(new_id)
	evil_bundle "$TESTS_TMP/b4" sleep 60
	ct run -d -b "$TESTS_TMP/b4" "$id" >/dev/null 2>&1 </dev/null
	out=$("$LIB_EXEC" "$CT_ROOT" "$id" /evil 2>&1)
	check "libct_container_exec: the script exits 127 from the stub" equals "$out" "exit status 127"
	out=$("$LIB_EXEC" "$CT_ROOT" "$id" /bin/sh -c 'readlink /proc/self/exe' 2>&1)
	check "libct_container_exec: a normal binary runs" contains "$out" "/bin/busybox"
	ct delete -f "$id" >/dev/null 2>&1
fi

check "the host's ct binary is unchanged" equals "$(sha256sum <"$(readlink -f "$CT")")" "$sum_before"
finish
