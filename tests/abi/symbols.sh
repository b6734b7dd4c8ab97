#!/bin/bash
# The symbol map (lib/libct.sym), the public headers and the built library
# agree (TAP; no root needed). Fails, saying which symbol to add or remove
# where, when
#   - the map exports a pattern (libct_*) instead of naming each symbol, or
#     does not end its first node with "local: *;";
#   - a function declared in the installed headers is not in the map;
#   - the map names a symbol no installed header declares, or names one twice;
#   - the library (nm -D --defined-only) exports a symbol the map does not
#     name, lacks one it names, or exports it under another version node.
# Env: LIBCT_SO: the built library (default build/libct.so); SYMBOL_MAP and
# PUBLIC_HEADERS (tests/lib/abi.sh) to check other files.
. "$(dirname "$0")/../lib/common.sh"
. "$TOP/tests/lib/abi.sh"
LIBCT_SO=${LIBCT_SO:-$TOP/build/libct.so}
MAP_NAME=${SYMBOL_MAP#"$TOP"/}

if [ ! -f "$SYMBOL_MAP" ]; then
	echo "Bail out! no symbol map at $SYMBOL_MAP"
	exit 1
fi
MAP=$TESTS_TMP/map
map_entries "$SYMBOL_MAP" >"$MAP"
# shellcheck disable=SC2086 # PUBLIC_HEADERS is a list of globs
header_exports $PUBLIC_HEADERS >"$TESTS_TMP/declared"
NEWEST=$(map_newest_node "$SYMBOL_MAP")
if [ ! -s "$MAP" ] || [ ! -s "$TESTS_TMP/declared" ]; then
	echo "Bail out! no version node in $MAP_NAME, or no function in $PUBLIC_HEADERS"
	exit 1
fi

# -------------------------------------------------------- the map's form
patterns=$(awk '$2 == "global" && $3 ~ /[*?[]/ { print $1 ": " $3 }' "$MAP")
if [ -z "$patterns" ]; then
	ok "$MAP_NAME names each exported symbol (no pattern in a global: list)"
else
	not_ok "$MAP_NAME exports patterns, which let any function of that name into the ABI: $(paste -sd, <<<"$patterns")"
	diag "name each exported function in the global: list instead"
fi
first=$(awk 'NR == 1 { print $1 }' "$MAP")
if awk -v n="$first" '$1 == n && $2 == "local" && $3 == "*" { f = 1 } END { exit !f }' "$MAP"; then
	ok "$MAP_NAME: $first hides every other symbol (local: *;)"
else
	not_ok "$MAP_NAME: the first version node $first has no 'local: *;', so every non-static function is exported"
fi

# ------------------------------------------- the headers against the map
declared=$(cut -d' ' -f1 "$TESTS_TMP/declared" | sort -u)
mapped=$(awk '$2 == "global" { print $3 }' "$MAP" | sort)
missing=0
while read -r sym name header; do
	grep -qxF "$sym" <<<"$mapped" && continue
	missing=$((missing + 1))
	how=""
	[ "$sym" != "$name" ] && how=" (exported as $sym)"
	not_ok "$header declares $name$how, which $MAP_NAME does not export: add '$sym;' to the global: list of $NEWEST in $MAP_NAME"
done <"$TESTS_TMP/declared"
[ "$missing" = 0 ] &&
	ok "$MAP_NAME exports each of the $(wc -l <<<"$declared") functions the installed headers declare"

stray=$(comm -23 <(sort -u <<<"$mapped") <(cat <<<"$declared"))
if [ -z "$stray" ]; then
	ok "$MAP_NAME names only functions the installed headers declare"
else
	for sym in $stray; do
		not_ok "$MAP_NAME exports $sym, which no installed header declares: declare it in include/libct/libct.h, or remove '$sym;' from $MAP_NAME"
	done
fi
twice=$(uniq -d <<<"$mapped")
if [ -z "$twice" ]; then
	ok "$MAP_NAME names each symbol once"
else
	not_ok "$MAP_NAME names these more than once (keep the oldest node's): $(paste -sd' ' <<<"$twice")"
fi

# ------------------------------------------- the built library against the map
if [ ! -f "$LIBCT_SO" ]; then
	not_ok "no built library at $LIBCT_SO (build first: scripts/build)"
	finish
	exit
fi
so=${LIBCT_SO#"$TOP"/}
library_exports "$LIBCT_SO" >"$TESTS_TMP/exported"
bad=0
while read -r sym version type; do
	node=$(awk -v s="$sym" '$2 == "global" && $3 == s { print $1; exit }' "$MAP")
	if [ -z "$node" ]; then
		not_ok "$so exports $sym ($type), which $MAP_NAME does not name: make it static, or declare it in a public header and add '$sym;' to $NEWEST in $MAP_NAME"
		bad=$((bad + 1))
	elif [ "$node" != "$version" ]; then
		not_ok "$so exports $sym under version '$version', $MAP_NAME puts it in $node"
		bad=$((bad + 1))
	fi
done <"$TESTS_TMP/exported"
[ "$bad" = 0 ] && ok "$so exports only symbols of $MAP_NAME, each under its node ($(wc -l <"$TESTS_TMP/exported") symbols)"
absent=$(comm -23 <(sort -u <<<"$mapped") <(cut -d' ' -f1 "$TESTS_TMP/exported" | sort -u))
if [ -z "$absent" ]; then
	ok "$so defines every symbol of $MAP_NAME"
else
	not_ok "$MAP_NAME names symbols $so does not define (not built, static, or without LCT_EXPORT): $(paste -sd' ' <<<"$absent")"
fi
finish
