#!/bin/bash
# linux.memoryPolicy: the NUMA memory policy the container's process runs
# with (read by get_mempolicy(2) from inside), what ct features lists, and
# bad policies refused naming the field, with nothing left behind.
. "$(dirname "$0")/../lib/common.sh"
need_root
BIN=${MEMPOLICY_BIN:-$TOP/build/tests/mempolicy}
B=$TESTS_TMP/b

# mempolicy_run JSON: run the helper under linux.memoryPolicy = JSON
mempolicy_run() {
	bundle_with "$B" /mempolicy
	cp "$BIN" "$B/rootfs/mempolicy"
	edit_config "$B" '.linux.memoryPolicy = $p' --argjson p "$1"
	run_in "$B"
}

# node 0 exists on every machine; MPOL_* values from <linux/mempolicy.h>
mempolicy_run '{"mode": "MPOL_INTERLEAVE", "nodes": "0"}'
check "MPOL_INTERLEAVE on node 0: the process runs with it" equals "$OUT" "mode=3 flags=0x0 nodes=0x1"
[ "$RC" = 0 ] || diag "$ERR"
mempolicy_run '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_STATIC_NODES"]}'
check "MPOL_BIND with MPOL_F_STATIC_NODES" equals "$OUT" "mode=2 flags=0x8000 nodes=0x1"
mempolicy_run '{"mode": "MPOL_LOCAL"}'
check "MPOL_LOCAL, no nodes" equals "$OUT" "mode=4 flags=0x0 nodes=0x0"
bundle_with "$B" /mempolicy
cp "$BIN" "$B/rootfs/mempolicy"
run_in "$B"
check "no memoryPolicy: the default" equals "$OUT" "mode=0 flags=0x0 nodes=0x0"

check "features lists the memory policy modes" equals \
	"$(ct features | jq -c '.linux.memoryPolicy.modes | index("MPOL_PREFERRED_MANY") != null')" true

# refused before anything is made, the field named
bad() {
	local name=$1 policy=$2 want=$3
	mempolicy_run "$policy"
	check "$name: refused" test "$RC" != 0
	check "$name: the error says why" contains "$ERR" "$want"
	check "$name: leaves nothing" leaves_nothing "$LAST_ID" "$B"
}
bad "unknown mode" '{"mode": "MPOL_FAST"}' "linux.memoryPolicy.mode: unknown mode 'MPOL_FAST'"
bad "unknown flag" '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_FAST"]}' \
	"linux.memoryPolicy.flags[0]: unknown flag 'MPOL_F_FAST'"
bad "MPOL_BIND without nodes" '{"mode": "MPOL_BIND"}' \
	"linux.memoryPolicy: memory policy MPOL_BIND needs nodes"
bad "MPOL_DEFAULT with nodes" '{"mode": "MPOL_DEFAULT", "nodes": "0"}' \
	"linux.memoryPolicy: memory policy MPOL_DEFAULT takes no nodes ('0')"
bad "a bad node list" '{"mode": "MPOL_BIND", "nodes": "0-x"}' \
	"linux.memoryPolicy: '0-x' is not a node list such as \"0-3,7\""
bad "mode not a string" '{"mode": 3}' "linux.memoryPolicy.mode"
# a node the kernel does not have: its refusal, named, at create
bad "a node the machine lacks" '{"mode": "MPOL_BIND", "nodes": "1000"}' \
	"set_mempolicy (linux.memoryPolicy) mode 0x2: Invalid argument"

finish
