#!/bin/bash
# No fd of the runtime (or of its caller) is open in the container after exec.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
bundle_with "$B" sh -c 'ls /proc/self/fd | tr "\n" " "'
id=$(new_id)
out=$(exec 7</etc/hostname 9>"$TESTS_TMP/nine"; ct run -b "$B" "$id" 2>&1)
check "only stdio (and ls's own directory fd) are open" equals "$out" "0 1 2 3 "
id=$(new_id)
bundle_with "$B" sh -c 'ls -l /proc/1/fd | grep -c -- "->"'
ct create -b "$B" "$id" 9>"$TESTS_TMP/nine"
pid=$(ct state "$id" | jq -r .pid)
# (and the sealed exec stub it will exec through, close-on-exec)
leaked=$(ls -l /proc/$pid/fd | grep -v -e " [012] ->" -e "socket:" -e "/memfd:ct-exec-stub (deleted)" | grep -c -- "->")
check "a created init holds no fd but stdio, its start socket and the exec stub" equals "$leaked" 0
ct delete -f "$id"
finish
