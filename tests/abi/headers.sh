#!/bin/bash
# The installed headers as a C or C++ program sees them (TAP; no root needed):
#   - each compiles on its own, as C99 and as C++11, with -Wall -Wextra
#     -Werror -pedantic and the warnings a careful program adds: a one-line
#     file that includes it, with only the include directory a program gets
#     from pkg-config (include/ for <libct/...>, include/libct-compat/ for
#     the original names); with gcc and g++, and clang and clang++ where they
#     are installed;
#   - a C and a C++ file that take the address of every function a header
#     declares refer to exactly the symbols the library exports for them:
#     C linkage (extern "C"), and libct_compat_<name> for the original names.
# Env: INCLUDE_DIR: the headers (default include/).
. "$(dirname "$0")/../lib/common.sh"
. "$TOP/tests/lib/abi.sh"
INC=${INCLUDE_DIR:-$TOP/include}

C_FLAGS="-std=c99 -Wall -Wextra -Werror -pedantic -Wstrict-prototypes -Wmissing-prototypes
	-Wundef -Wshadow -Wconversion -Wsign-conversion -Wredundant-decls -Wcast-qual"
CXX_FLAGS="-std=c++11 -Wall -Wextra -Werror -pedantic -Wold-style-cast
	-Wzero-as-null-pointer-constant -Wundef -Wshadow -Wconversion -Wsign-conversion
	-Wredundant-decls -Wcast-qual"

# "INCLUDE-DIR HEADER-NAME" for each installed header
headers=()
for h in "$INC"/libct/*.h; do headers+=("$INC libct/$(basename "$h")"); done
for h in "$INC"/libct-compat/*.h; do headers+=("$INC/libct-compat $(basename "$h")"); done

# compiles LANGUAGE COMPILER FLAGS: a TAP line per header
compiles() {
	local lang=$1 cc=$2 flags=$3 entry dir name out
	if ! command -v "$cc" >/dev/null; then
		ok "the headers compile with $cc # SKIP $cc is not installed"
		return
	fi
	for entry in "${headers[@]}"; do
		read -r dir name <<<"$entry"
		printf '#include <%s>\n' "$name" >"$TESTS_TMP/tu"
		# shellcheck disable=SC2086 # flags is a list
		if out=$("$cc" -x "$lang" $flags -I"$dir" -fsyntax-only "$TESTS_TMP/tu" 2>&1); then
			ok "<$name> (${dir#"$TOP"/}) compiles alone as $lang with $cc ${flags%% *}"
		else
			not_ok "<$name> (${dir#"$TOP"/}) does not compile alone as $lang with $cc ${flags%% *}"
			while IFS= read -r line; do diag "$line"; done <<<"$out"
		fi
	done
}
compiles c gcc "$C_FLAGS"
compiles c++ g++ "$CXX_FLAGS"
compiles c clang "$C_FLAGS"
compiles c++ clang++ "$CXX_FLAGS"

# links LANGUAGE COMPILER: a TAP line per header of include/libct/
links() {
	local lang=$1 cc=$2 h name expected got
	for h in "$INC"/libct/*.h; do
		name=libct/$(basename "$h")
		expected=$(header_exports "$h" | cut -d' ' -f1 | sort -u)
		{
			printf '#include <%s>\n' "$name"
			echo 'void (*const refs[])(void) = {'
			header_exports "$h" | awk '{ print "\t(void (*)(void))&" $2 "," }'
			echo '};'
		} >"$TESTS_TMP/refs"
		if ! "$cc" -x "$lang" -I"$INC" -c -o "$TESTS_TMP/refs.o" "$TESTS_TMP/refs" 2>"$TESTS_TMP/err"; then
			not_ok "a $lang file that refers to each function of <$name> does not compile"
			while IFS= read -r line; do diag "$line"; done <"$TESTS_TMP/err"
			continue
		fi
		got=$(nm -u "$TESTS_TMP/refs.o" | awk '{ print $2 }' | sort -u)
		if [ "$got" = "$expected" ]; then
			ok "$lang: the $(wc -l <<<"$expected") functions of <$name> are the library's symbols"
		else
			not_ok "$lang: the functions of <$name> refer to other symbols than the library exports"
			diag "referred to, not exported (the first 8): $(comm -23 <(cat <<<"$got") <(cat <<<"$expected") | head -n 8 | paste -sd' ')"
			diag "exported, not referred to (the first 8): $(comm -13 <(cat <<<"$got") <(cat <<<"$expected") | head -n 8 | paste -sd' ')"
		fi
	done
}
links c gcc
links c++ g++
finish
