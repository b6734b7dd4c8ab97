#!/bin/bash
# What engines send that runc and crun take, ct takes too: a capability it
# does not know (a warning, as runtime-spec says of capabilities that cannot
# be granted), device access "rwa", and JSON output with plain slashes.
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
