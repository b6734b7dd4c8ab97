#!/bin/bash
# What crun takes beyond runc's options: create and run --config FILE, kill
# and delete --regex (spec --file is in spec.sh).
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
bundle_with "$B" sh -c 'echo "from-bundle $FOO"'
jq '.process.args = ["sh", "-c", "echo \"from-other $FOO\""] | .process.env += ["FOO=other"]' \
	"$B/config.json" >"$TESTS_TMP/other.json"

# --config: the file named, from the caller's directory; the rootfs is the
# bundle's (root.path "rootfs" is relative to the bundle)
id=$(new_id)
out=$(cd "$TESTS_TMP" && timeout -s KILL 60 "$CT" --root "$CT_ROOT" run -b "$B" --config other.json \
	"$id" 2>&1)
check "run --config: the file's process runs in the bundle's root" equals "$?: $out" \
	"0: from-other other"
check "...and nothing is left" equals "$(leftovers "$id")" ""

# the config an exec starts from is the one given
id=$(new_id)
bundle_with "$TESTS_TMP/s" sleep 100
jq '.process.env += ["FOO=kept"]' "$TESTS_TMP/s/config.json" >"$TESTS_TMP/sleep.json"
check "create -f: created" ct create -b "$TESTS_TMP/s" -f "$TESTS_TMP/sleep.json" "$id"
check "...exec starts from the process of the config given" equals \
	"$(ct exec "$id" sh -c 'echo $FOO' 2>&1)" kept
quiet ct delete -f "$id"

# the bundle's own config.json is not read
echo '{broken' >"$TESTS_TMP/s/config.json"
id=$(new_id)
out=$(timeout -s KILL 60 "$CT" --root "$CT_ROOT" run -b "$B" -f "$TESTS_TMP/other.json" "$id" 2>&1)
check "run -f with a broken config.json beside it: runs" equals "$?: $out" "0: from-other other"

# errors name the file, and leave nothing
echo '{"ociVersion": "1.0.0",' >"$TESTS_TMP/broken.json"
id=$(new_id)
err=$(cd "$TESTS_TMP" && "$CT" --root "$CT_ROOT" create -b "$B" --config broken.json "$id" 2>&1)
check "create --config of broken JSON fails (status $?)" equals "$err" \
	"ct: $TESTS_TMP/broken.json: invalid JSON at line 2, column 1: unexpected end of input"
check "...and leaves nothing" equals "$(leftovers "$id")" ""
err=$(ct create -b "$B" --config "$TESTS_TMP/none.json" "$id" 2>&1)
check "create --config of a missing file fails (status $?)" equals "$err" \
	"ct: open '$TESTS_TMP/none.json': No such file or directory"
check "...and leaves nothing" equals "$(leftovers "$id")" ""

# --regex: every container whose id matches, anywhere in the id
S=$TESTS_TMP/s
bundle_with "$S" sleep 100
for n in web-1 web-2 db-1; do
	quiet ct run -d -b "$S" "$n"
done
check "kill --regex of no container: nothing, status 0" equals "$(ct kill -r '^zzz' KILL 2>&1; echo $?)" 0
check "kill --regex signals the matching ones" equals "$(ct kill --regex '^web-' KILL 2>&1; echo $?)" 0
wait_status web-1 stopped 10
wait_status web-2 stopped 10
check "...they stop, the other runs on" equals "$(status_of web-1) $(status_of web-2) $(status_of db-1)" \
	"stopped stopped running"
check "kill --regex: one that cannot be signalled is an error, the others still are" equals \
	"$(ct kill -r 'b-' KILL 2>&1; echo "status $?")" \
	"ct: container not running: 'web-1'
ct: container not running: 'web-2'
status 1"
wait_status db-1 stopped 10
quiet ct run -d -b "$S" db-2
check "delete --regex without -f: the stopped ones go, a running one is an error" equals \
	"$(ct delete -r 'db|web' 2>&1; echo "status $?")" \
	"ct: cannot delete container 'db-2' that is not stopped: running
status 1"
check "...only it is left" equals "$(ct list -q | tr '\n' ' ')" "db-2 "
check "delete --regex: an invalid expression is named" equals "$(ct delete -r 'db-(' 2>&1; echo "status $?")" \
	"ct: delete: invalid regular expression 'db-(': Unmatched ( or \\(
status 1"
check "delete -f --regex removes a running one" equals "$(ct delete -f -r 'db-[0-9]' 2>&1; echo $?)" 0
for n in web-1 web-2 db-1 db-2; do
	check "...nothing is left of $n" equals "$(leftovers "$n")" ""
done
finish
