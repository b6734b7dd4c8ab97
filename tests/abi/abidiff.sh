#!/bin/bash
# The built library keeps the ABI recorded in abi/libct.abi (TAP; no root
# needed): scripts/abi-check compares them with abidiff, and fails on a
# removed symbol or a changed function or public type; an added function is
# listed, not a failure. Then the comparison itself is checked on copies of
# the record with one function removed, added and changed, so that a
# libabigail that words its report otherwise cannot pass everything.
# Env: LIBCT_SO: the built library (default build/libct.so).
. "$(dirname "$0")/../lib/common.sh"
LIBCT_SO=${LIBCT_SO:-$TOP/build/libct.so}
RECORD=$TOP/abi/libct.abi
CHECK=$TOP/scripts/abi-check

if ! command -v abidiff >/dev/null || ! command -v abidw >/dev/null; then
	echo "1..0 # SKIP abigail-tools is not installed (scripts/install-deps --test)"
	exit 0
fi

# ------------------------------------------------ the build against the record
out=$("$CHECK" "$LIBCT_SO" "$RECORD" 2>&1)
status=$?
case $status in
0)
	ok "${LIBCT_SO#"$TOP"/} keeps the ABI recorded in abi/libct.abi"
	added=$(grep -E "^ *\[A\] " <<<"$out")
	[ -n "$added" ] && diag "added since the record (scripts/abi-update records them):" "$added"
	;;
1)
	not_ok "${LIBCT_SO#"$TOP"/} breaks the ABI recorded in abi/libct.abi"
	while IFS= read -r line; do diag "$line"; done <<<"$out"
	;;
*)
	not_ok "scripts/abi-check could not compare ${LIBCT_SO#"$TOP"/} with abi/libct.abi"
	while IFS= read -r line; do diag "$line"; done <<<"$out"
	;;
esac

# ------------------------------------------------ the comparison itself
# edited copies of the record: libct_version removed (its ELF symbol and its
# declaration), and libct_version returning int instead of a string
perl -0777 -pe "s{ *<elf-symbol name='libct_version' [^\n]*\n}{}; s{ *<function-decl name='libct_version' .*?</function-decl>\n}{}s" \
	"$RECORD" >"$TESTS_TMP/removed.abi"
int=$(grep -oE "<type-decl name='int' size-in-bits='32' id='[^']*'" "$RECORD" | head -n1 | sed -E "s/.*id='([^']*)'/\1/")
perl -0777 -pe "s{(<function-decl name='libct_version' [^\n]*\n\s*<return type-id=')[^']*}{\${1}$int}" \
	"$RECORD" >"$TESTS_TMP/changed.abi"
if cmp -s "$RECORD" "$TESTS_TMP/removed.abi" || cmp -s "$RECORD" "$TESTS_TMP/changed.abi" || [ -z "$int" ]; then
	not_ok "abi/libct.abi has no libct_version returning a string to edit (the self-checks below need one)"
	finish
	exit
fi

# expect_check NAME STATUS PATTERN NEW OLD: abi-check NEW OLD exits with
# STATUS and says PATTERN
expect_check() {
	local name=$1 want=$2 pattern=$3 got out
	out=$("$CHECK" "$4" "$5" 2>&1)
	got=$?
	if [ "$got" = "$want" ] && tr '\n' ' ' <<<"$out" | grep -qE -- "$pattern"; then
		ok "$name"
	else
		not_ok "$name (exit $got, wanted $want and /$pattern/)"
		while IFS= read -r line; do diag "$line"; done <<<"$out"
	fi
}
expect_check "a removed function breaks the ABI, and is named" 1 \
	"\[D\] 'function const char\* libct_version\(\)'.*breaks the ABI" \
	"$TESTS_TMP/removed.abi" "$RECORD"
expect_check "an added function keeps the ABI, and is listed" 0 \
	"\[A\] 'function const char\* libct_version\(\)'.*keeps the ABI of .* adds 1" \
	"$RECORD" "$TESTS_TMP/removed.abi"
expect_check "a changed return type breaks the ABI, and is named" 1 \
	"libct_version.*return type changed.*breaks the ABI" \
	"$TESTS_TMP/changed.abi" "$RECORD"
expect_check "the record has its own ABI" 0 "has the ABI of" "$RECORD" "$RECORD"
finish
