#!/bin/bash
# What engines send that runc and crun take, ct takes too: a capability it
# does not know or a name without "CAP_" (a warning, as runtime-spec says of
# capabilities that cannot be granted), a seccomp rule with no names,
# linux.timeOffsets without a time namespace (a warning), device access "rwa",
# and JSON output with plain slashes.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b

bundle_with "$B" sh -c 'grep CapBnd /proc/self/status'
edit_config "$B" '.process.capabilities.bounding = ["CAP_KILL", "CAP_NO_SUCH_THING"]'
run_in "$B"
check "unknown capability: the run succeeds" equals "$RC" 0
check "unknown capability: a warning names it" contains "$ERR" \
	"warning: process.capabilities.bounding[1]: unknown capability 'CAP_NO_SUCH_THING', skipped"
check "unknown capability: the known one is granted" equals "$OUT" "CapBnd:	0000000000000020"

# a name without "CAP_" is unknown to runc and crun: skipped, with a warning
bundle_with "$B" sh -c 'grep CapBnd /proc/self/status'
edit_config "$B" '.process.capabilities.bounding = ["CAP_KILL", "SYS_ADMIN"]'
run_in "$B"
check "capability without CAP_: the run succeeds" equals "$RC" 0
check "capability without CAP_: a warning names it" contains "$ERR" \
	"warning: process.capabilities.bounding[1]: unknown capability 'SYS_ADMIN', skipped"
check "capability without CAP_: not granted" equals "$OUT" "CapBnd:	0000000000000020"

# a seccomp rule for no syscall (names []), as runc and crun take it
bundle_with "$B" sh -c 'grep Seccomp: /proc/self/status'
edit_config "$B" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [{"names": [], "action": "SCMP_ACT_ERRNO"}]}'
run_in "$B"
check "seccomp rule with names []: the run succeeds, with the filter" equals "$RC: $OUT" \
	"0: Seccomp:	2"
[ "$RC" = 0 ] || diag "$ERR"

# linux.timeOffsets without a time namespace: ignored, with a warning (runc
# and crun ignore it); tests/root/ns.sh reads the clocks
bundle_with "$B" true
edit_config "$B" '.linux.timeOffsets = {"monotonic": {"secs": 100}}'
run_in "$B"
check "timeOffsets without a time namespace: the run succeeds" equals "$RC" 0
check "timeOffsets without a time namespace: a warning says why they are ignored" contains "$ERR" \
	"warning: linux.timeOffsets: ignored: clock offsets need a new time namespace"

bundle_with "$B" sh -c 'echo x >/dev/null && echo wrote'
edit_config "$B" '.linux.resources.devices = [{"allow": false, "access": "rwm"},
	{"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwa"}]'
run_in "$B"
check "device access rwa: the run succeeds" equals "$RC" 0
check "device access rwa: read and write allowed" equals "$OUT" wrote
[ "$RC" = 0 ] || diag "$ERR"

bundle_with "$B" sleep 60
id=$(new_id)
quiet ct run -d -b "$B" "$id"
out=$(ct list --format json)
check "list --format json: the bundle with plain slashes" contains "$out" "\"bundle\":\"$B\""
check "list --format json: no escaped slash" bash -c "! grep -qF '\\/' <<<'$out'"
quiet ct delete -f "$id"
check "leaves nothing" leaves_nothing "$id" "$B"
finish
