#!/bin/bash
# CVE-2019-5736 class: the runtime binary must not be reachable for writing
# through /proc/PID/exe of a process in the container. init stays the ct
# image until exec, so it is made non-dumpable: a process without
# CAP_SYS_PTRACE cannot open its /proc/PID/exe at all.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
bundle_with "$B" sh -c 'readlink /proc/1/exe'
id=$(new_id)
ct create -b "$B" --pid-file "$TESTS_TMP/pid" "$id"
pid=$(cat "$TESTS_TMP/pid")
check "created init is the ct image" equals "$(readlink /proc/$pid/exe)" "$(readlink -f "$CT")"
out=$(setpriv --bounding-set=-sys_ptrace --inh-caps=-sys_ptrace -- cat /proc/$pid/exe 2>&1 >/dev/null)
check "its /proc/PID/exe is out of reach without CAP_SYS_PTRACE" contains "$out" "Permission denied"
out=$(setpriv --bounding-set=-sys_ptrace --inh-caps=-sys_ptrace -- sh -c "exec 3<>/proc/$pid/exe" 2>&1)
check "and cannot be opened for writing" contains "$out" "Permission denied"
ct delete -f "$id"

run_in "$B"
check "after exec, /proc/1/exe is the container's binary" equals "$OUT" /bin/busybox
finish
