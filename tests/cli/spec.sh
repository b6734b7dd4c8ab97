#!/bin/bash
# ct spec: a default config.json that ct itself can run.
. "$(dirname "$0")/../lib/common.sh"
need_root
D=$TESTS_TMP/spec
mkdir -p "$D"
check "spec writes config.json" ct spec -b "$D"
check "it is JSON" quiet jq -e . "$D/config.json"
check "ociVersion" equals "$(jq -r .ociVersion "$D/config.json")" 1.2.0
check "default args" equals "$(jq -c .process.args "$D/config.json")" '["sh"]'
check "terminal by default" equals "$(jq -r .process.terminal "$D/config.json")" true
ERR=$(ct spec -b "$D" 2>&1)
check "spec refuses to overwrite" contains "$ERR" "exists"
R=$TESTS_TMP/rootless
mkdir -p "$R"
ct spec --rootless -b "$R"
check "rootless spec has a user namespace" equals "$(jq -r '[.linux.namespaces[].type] | index("user") != null' "$R/config.json")" true
check "rootless spec maps uids" equals "$(jq -r '.linux.uidMappings | length' "$R/config.json")" 1

# the default spec, with the busybox rootfs and no terminal, runs
base_bundle
cp -a "$BASE_BUNDLE/rootfs" "$D/rootfs"
edit_config "$D" '.process.terminal = false | .process.args = ["sh", "-c", "echo from-spec"]'
run_in "$D"
check "the default spec runs" equals "$OUT" from-spec
finish
