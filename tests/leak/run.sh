#!/bin/bash
# The leak suite: LEAK_N (default 500) create/start/kill/delete cycles and as
# many runs through the library in one process (tests/leak/leak.c: its fds,
# threads, memory, state directories, children), then the same through the
# ct binary, and nothing of any of them left on the host: no cgroup, mount,
# state directory or process named after them.
. "$(dirname "$0")/../lib/common.sh"
need_root
CYCLES=${LEAK_N:-500}
LEAK=${LEAK:-$TOP/build/tests/leak}
bundle_with "$TESTS_TMP/sleep" sleep 100
bundle_with "$TESTS_TMP/true" true
mkdir -p "$TESTS_TMP/lib-state"
mounts0=$(wc -l </proc/self/mountinfo)
relay "library: " "$LEAK" "$TESTS_TMP/lib-state" "$TESTS_TMP/sleep" "$TESTS_TMP/true" "$CYCLES"
bad=0
for ((i = 0; i < CYCLES / 5; i++)); do
	id=$(new_id)
	quiet ct create -b "$TESTS_TMP/sleep" "$id" && quiet ct start "$id" && quiet ct kill "$id" KILL
	quiet ct delete -f "$id" || bad=$((bad + 1))
	id=$(new_id)
	quiet ct run -b "$TESTS_TMP/true" "$id" || bad=$((bad + 1))
done
check "ct: $((CYCLES / 5)) create/start/kill/delete and $((CYCLES / 5)) run cycles" equals "$bad" 0
check "no state directory left" equals "$(ls "$CT_ROOT" | wc -l)" 0
check "no cgroup named after a container left" \
	bash -c "! find /sys/fs/cgroup -maxdepth 6 -type d \( -name 'leak-*' -o -name '${ID_PREFIX}-*' \) 2>/dev/null | grep -q ."
check "no process of theirs left" bash -c "! grep -lE '/(leak-[0-9]+-[0-9]+|${ID_PREFIX}-[0-9]+)\$' /proc/[0-9]*/cgroup 2>/dev/null | grep -q ."
check "no mount left" equals "$(wc -l </proc/self/mountinfo)" "$mounts0"
finish
