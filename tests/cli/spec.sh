#!/bin/bash
# ct spec: a default config.json that ct itself can run; ct features: the
# runtime's features document.
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
# --file (crun's): another name, relative to the bundle, replaced when it
# exists; "-" is standard output
check "spec -f writes the file named, in the bundle" ct spec -b "$D" -f other.json
check "...the same spec" cmp -s "$D/config.json" "$D/other.json"
check "...and replaces it when it exists" ct spec -b "$D" --rootless --file other.json
check "...with the spec asked for" equals "$(jq -r '.linux.uidMappings | length' "$D/other.json")" 1
check "...and nothing else is left in the bundle" equals "$(ls "$D" | tr '\n' ' ')" "config.json other.json "
check "spec -f - writes to standard output" equals "$(ct spec -f - | jq -r .ociVersion)" 1.2.0
ERR=$(ct spec -b "$D" -f nodir/x.json 2>&1)
check "spec -f into a missing directory fails (status $?)" equals "$ERR" \
	"ct: spec: write '$D/nodir/x.json': No such file or directory"
ERR=$(ct spec extra 2>&1)
check "spec takes no arguments (status $?)" contains "$ERR" "ct: spec: unexpected argument 'extra'"
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

F=$(ct features)
check "features is JSON" quiet jq -e . <<<"$F"
check "features: OCI versions 1.0.0 to 1.2.x" equals \
	"$(jq -r '.ociVersionMin + " " + (.ociVersionMax | split(".")[:2] | join("."))' <<<"$F")" "1.0.0 1.2"
check "features: the six hooks" equals "$(jq -c '.hooks | sort' <<<"$F")" \
	'["createContainer","createRuntime","poststart","poststop","prestart","startContainer"]'
check "features: the eight namespaces" equals "$(jq -c '.linux.namespaces | sort' <<<"$F")" \
	'["cgroup","ipc","mount","network","pid","time","user","uts"]'
# the runtime's support, "irrelevant to the availability on the host"
# (features-linux.md), as runc reports it
check "features: AppArmor and SELinux supported, whatever the host has" equals \
	"$(jq -c '[.linux.apparmor.enabled, .linux.selinux.enabled]' <<<"$F")" '[true,true]'
check "features: cgroup v1, v2 and the systemd driver, also the user's" equals \
	"$(jq -c '.linux.cgroup | [.v1, .v2, .systemd, .systemdUser]' <<<"$F")" '[true,true,true,true]'
check "features: the systemd property, hook output and group annotations are potentially unsafe" \
	equals "$(jq -c '.potentiallyUnsafeConfigAnnotations' <<<"$F")" \
	'["org.systemd.property.","run.oci.hooks.stdout","run.oci.hooks.stderr","run.oci.keep_original_groups"]'
check "features: the supported seccomp flags are known ones" equals \
	"$(jq '.linux.seccomp | (.supportedFlags - .knownFlags) | length' <<<"$F")" 0
# every word runc recognizes, none passed to the filesystem as data
check "features: runc's mount option words, and those taken and ignored" equals \
	"$(jq -c '.mountOptions as $m | ["defaults", "nosymfollow", "symfollow", "ratime",
		"rnorelatime", "rnostrictatime", "iversion", "noiversion", "rro", "idmap", "ridmap",
		"tmpcopyup"] - $m' <<<"$F")" '[]'
out=$(ct features extra 2>&1)
check "features takes no arguments (status $?)" contains "$out" "features: takes no arguments"
finish
