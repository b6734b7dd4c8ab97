#!/bin/bash
# The man pages keep up with the code (TAP; no root needed). Fails, naming
# what is missing, when
#   - a function declared in include/libct/*.h is not named in the NAME line
#     of a built man3 page whose SYNOPSIS includes that header (so that
#     `man FUNCTION` and apropos find it), is not shown there as "FUNCTION(",
#     or its prototype there differs from the header's;
#   - a command of ct's table (cli/main.c) has no section (.SS) in ct.8, or
#     ct.8 has a section for a command ct lacks;
#   - a long option of an option table in cli/*.c is missing from the ct.8
#     section of a command that parses that table (found through the call
#     graph of cli/*.c; main's options in GLOBAL OPTIONS; an option every
#     command takes, such as --help, may instead be in the COMMANDS text
#     before the first command);
#   - a page does not render cleanly (man --warnings, groff -ww);
#   - a symbol of lib/libct.sym or of the built library is not such a
#     documented function (libct_compat_<x>: the original interface's
#     libct_<x>);
#   - a page refers to NAME(SECTION) of this project (libct*, ct) that is
#     neither a built page nor named in the NAME line of one.
#   - `ct COMMAND --help` does not name an option of such a table, or does
#     not start with its usage line.
# Env: MANDIR: the built pages (default build/man); LIBCT_SO: the built
# library (default build/libct.so; not checked when absent); CT: the built
# ct (default build/ct).
. "$(dirname "$0")/../lib/common.sh"
. "$TOP/tests/lib/abi.sh"
MANDIR=${MANDIR:-$TOP/build/man}
LIBCT_SO=${LIBCT_SO:-$TOP/build/libct.so}
INCDIR=$TOP/include/libct
CLIDIR=$TOP/cli

if ! ls "$MANDIR"/*.3 >/dev/null 2>&1 || [ ! -f "$MANDIR/ct.8" ]; then
	echo "Bail out! no built pages in $MANDIR (build first: meson compile -C build)"
	exit 1
fi

# The roff text of a page as plain text: font changes, "\&" and "\-"
# undone, so that names and options can be matched as written.
plain() { perl -pe 's/\\&//g; s/\\f(?:\[[^]]*\]|\(..|.)//g; s/\\-/-/g; s/\\\(aq/'"'"'/g' "$1"; }

# The functions declared in a C header, one a line: every statement (outside
# comments and preprocessor lines) whose first "(" follows a libct_ name.
header_functions() {
	perl -0777 -ne '
		s{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g;
		s{^[ \t]*#(?:[^\n]*\\\n)*[^\n]*}{}mg;
		for (split /[;{}]/) {
			s/\s+/ /g;
			print "$1\n" if /^[^()]*?\b(libct_\w+)\s*\(/;
		}' "$1" | sort -u
}

# The prototypes of a C header, one a line, whitespace collapsed, without
# asm labels (LIBCT_COMPAT_NAME) and "static inline": "int libct_x(int a);"
header_prototypes() {
	perl -0777 -ne '
		s{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g;
		s{^[ \t]*#(?:[^\n]*\\\n)*[^\n]*}{}mg;
		for (split /[;{}]/) {
			s/\s+/ /g; s/^ //; s/ $//;
			next unless /^[^()]*?\b(libct_\w+)\s*\(/;
			s/\s*LIBCT_COMPAT_NAME\(\w+\)$//; s/\bstatic inline //;
			s/\( /(/g; s/ \)/)/g;
			print "$_;\n";
		}' "$1"
}
# Text with whitespace collapsed, as header_prototypes writes it.
collapse() { perl -0777 -pe 's/\bstatic inline //g; s/\s+/ /g; s/\( /(/g; s/ \)/)/g'; }

# The names of a page's NAME line ("a, b, c - what they do"), one a line.
name_line() {
	plain "$1" | perl -ne '
		$in = /^\.SH "?NAME"?\s*$/ ? 1 : /^\.SH/ ? 0 : $in;
		next if !$in || /^\./;
		my $last = s/(?:^|\s+)-\s.*//s;
		print "$_\n" for /([A-Za-z_]\w*)/g;
		exit if $last;'
}

# ------------------------------------------------- functions in man3 pages
# A name declared by two headers (the original interface reuses modern
# names) can be the NAME of one page only, for `man NAME`: one header's
# pages name it, the other's show it.
declare -A FNS NAMES TEXT PAGES
for header in "$INCDIR"/*.h; do
	h=$(basename "$header")
	FNS[$h]=$(header_functions "$header")
	PAGES[$h]=""
	for p in "$MANDIR"/*.3; do
		plain "$p" | grep -q "#include <libct/$h>" && PAGES[$h]+="$p "
	done
	NAMES[$h]=$(for p in ${PAGES[$h]}; do name_line "$p"; done | sort -u)
	TEXT[$h]=$(for p in ${PAGES[$h]}; do plain "$p"; done)
done
for header in "$INCDIR"/*.h; do
	h=$(basename "$header")
	if [ -z "${PAGES[$h]}" ]; then
		not_ok "$h: no man3 page includes <libct/$h>"
		continue
	fi
	unnamed=() undescribed=() shared=0
	for f in ${FNS[$h]}; do
		grep -qE "(^|[^A-Za-z0-9_])${f}[[:space:]]*\(" <<<"${TEXT[$h]}" || undescribed+=("$f")
		grep -qx "$f" <<<"${NAMES[$h]}" && continue
		elsewhere=false
		for other in "${!FNS[@]}"; do
			[ "$other" != "$h" ] && grep -qx "$f" <<<"${FNS[$other]}" &&
				grep -qx "$f" <<<"${NAMES[$other]}" && elsewhere=true
		done
		if $elsewhere; then shared=$((shared + 1)); else unnamed+=("$f"); fi
	done
	n=$(wc -w <<<"${FNS[$h]}")
	if [ ${#unnamed[@]} = 0 ]; then
		ok "$h: its $n functions are in the NAME lines of its man3 pages ($shared named by another header's)"
	else
		not_ok "$h: not in the NAME line of a man3 page including it: ${unnamed[*]}"
		diag "pages including <libct/$h>: $(for p in ${PAGES[$h]}; do printf '%s ' "$(basename "$p")"; done)"
	fi
	if [ ${#undescribed[@]} = 0 ]; then
		ok "$h: its $n functions are shown as NAME( in its man3 pages"
	else
		not_ok "$h: not shown as NAME( in a man3 page including it: ${undescribed[*]}"
	fi
	flat=$(collapse <<<"${TEXT[$h]}")
	stale=()
	while IFS= read -r proto; do
		grep -qF -- "$proto" <<<"$flat" ||
			stale+=("$(grep -oE 'libct_[A-Za-z0-9_]+[[:space:]]*\(' <<<"$proto" | head -n1 | tr -d ' (')")
	done < <(header_prototypes "$header")
	if [ ${#stale[@]} = 0 ]; then
		ok "$h: the prototypes in its man3 pages are the header's"
	else
		not_ok "$h: prototype missing or different from the header's: ${stale[*]}"
	fi
done

# ------------------------------------------------ exported symbols in man3 pages
# Every symbol of the map, and every symbol the built library exports, is a
# function of a header that a man3 page names and shows: as the name a
# program calls (libct_<x> for the original interface's libct_compat_<x>).
# shellcheck disable=SC2086 # PUBLIC_HEADERS is a list of globs
declared=$(header_exports $PUBLIC_HEADERS)
syms=$({
	map_entries "$SYMBOL_MAP" | awk '$2 == "global" { print $3 }'
	[ -f "$LIBCT_SO" ] && library_exports "$LIBCT_SO" | cut -d' ' -f1
} | sort -u)
all_names=$(for h in "${!NAMES[@]}"; do echo "${NAMES[$h]}"; done | sort -u)
undocumented=()
for sym in $syms; do
	read -r _ name header < <(awk -v s="$sym" '$1 == s { print; exit }' <<<"$declared")
	if [ -z "${name:-}" ]; then
		undocumented+=("$sym (no installed header declares it, so no SYNOPSIS can show it)")
		continue
	fi
	h=$(basename "$header")
	if ! grep -qx "$name" <<<"$all_names" ||
		! grep -qE "(^|[^A-Za-z0-9_])${name}[[:space:]]*\(" <<<"${TEXT[$h]:-}"; then
		undocumented+=("$sym (add $name to the NAME line and the SYNOPSIS of a man3 page that includes <libct/$h>)")
	fi
	name=""
done
src="${SYMBOL_MAP#"$TOP"/}"
[ -f "$LIBCT_SO" ] && src+=" and ${LIBCT_SO#"$TOP"/}"
if [ ${#undocumented[@]} = 0 ]; then
	ok "the $(wc -w <<<"$syms") symbols of $src are documented in man3 pages"
else
	for u in "${undocumented[@]}"; do not_ok "exported but not documented: $u"; done
fi

# --------------------------------------------------- ct commands and options
# ct.8 split at its headings: "SECTION\tNAME\tTEXT-LINE" for each line
CT8=$TESTS_TMP/ct8
plain "$MANDIR/ct.8" | perl -ne '
	if (/^\.SH\s+"?(.*?)"?\s*$/) { $sh = $1; $ss = ""; next }
	if (/^\.SS\s+"?(.*?)"?\s*$/) { $ss = $1; print "$sh\t$ss\t\n"; next }
	chomp; print "$sh\t$ss\t$_\n";' >"$CT8"
# section_text SH SS: the text of one part of ct.8
section_text() { awk -F'\t' -v sh="$1" -v ss="$2" '$1 == sh && $2 == ss { print $3 }' "$CT8"; }
has_option() { grep -qE -- "(^|[^A-Za-z0-9_-])--$1([^A-Za-z0-9_-]|\$)"; }

# The command table: "NAME FUNCTION" per command.
COMMANDS=$(perl -ne 'print "$1 $2\n" if /^\s*\{\s*"([a-z][a-z0-9-]*)",\s*(cmd_\w+)\s*,/' "$CLIDIR/main.c")
[ -n "$COMMANDS" ] || not_ok "no command table found in cli/main.c"
documented=$(awk -F'\t' '$1 == "COMMANDS" && $2 != "" { print $2 }' "$CT8" | sort -u)
for name in $(cut -d' ' -f1 <<<"$COMMANDS"); do
	grep -qx "$name" <<<"$documented" ||
		not_ok "ct.8 has no section for the command '$name' (a '## $name' in man/ct.8.scd)"
done
for name in $documented; do
	grep -q "^$name " <<<"$COMMANDS" || not_ok "ct.8 documents a command ct does not have: '$name'"
done

# The option tables of cli/*.c and who parses them: "COMMAND OPTION" lines,
# COMMAND "-" for the global options (main's).
OPTS=$(perl -e '
	my (%def, %calls, %opts, %cmd);
	for my $file (@ARGV) {
		open my $fh, "<", $file or die "$file: $!";
		my ($fn, $table, %tables, @builds);
		while (<$fh>) {
			# a function definition starts at column 0 and does not end in ";"
			if (/^(?:static\s+|inline\s+)*[A-Za-z_][\w\s\*]*?\b(\w+)\(/ && !/;\s*$/ &&
			    !/^(?:typedef|struct\s+\w+\s*\{)/) {
				$fn = "$file:$1"; $def{$1}{$file} = $fn; next;
			}
			$fn = undef if /^\}/;
			# a file-scope table of names: "} NAME[] = {" or "... NAME[] = {"
			$table = $1 if !$fn && /\b(\w+)\[\]\s*=\s*\{/;
			$table = undef if !$fn && /^\};/;
			push @{$tables{$table}}, $1 if $table && /\{\s*"([a-z0-9][a-z0-9-]*)",/;
			next unless $fn;
			push @{$opts{$fn}}, $1
				if /\{\s*"([a-z0-9][a-z0-9-]*)",\s*(?:no|required|optional)_argument/;
			# options built at run time from a table: (struct option){ TABLE[i].name, ...
			push @builds, [$fn, $1] if /\(struct option\)\s*\{\s*(\w+)\[\w+\]\.name/;
			$calls{$fn}{$1} = 1 while /\b(\w+)\s*\(/g;
		}
		push @{$opts{$_->[0]}}, @{$tables{$_->[1]} || []} for @builds;
	}
	# main.c: the command table
	open my $m, "<", $ARGV[0] =~ s{[^/]*$}{main.c}r or die;
	while (<$m>) { $cmd{$2}{$1} = 1 if /^\s*\{\s*"([a-z][a-z0-9-]*)",\s*(cmd_\w+)\s*,/ }
	# resolve a call from a function of FILE: that file first, then any
	sub target { my ($file, $name) = @_;
		return $def{$name}{$file} if $def{$name}{$file};
		my @all = values %{$def{$name} || {}}; return @all == 1 ? $all[0] : undef }
	my %users;
	for my $c (keys %cmd) {
		for my $start (values %{$def{$c} || {}}) {
			my %seen; my @q = ($start);
			while (@q) {
				my $f = shift @q;
				next if $seen{$f}++;
				$users{$f}{$_} = 1 for keys %{$cmd{$c}};
				my ($file) = $f =~ /^(.*):/;
				push @q, grep { defined } map { target($file, $_) } keys %{$calls{$f} || {}};
			}
		}
	}
	for my $f (sort keys %opts) {
		my @who = $f =~ /:main$/ ? ("-") : sort keys %{$users{$f} || {}};
		print STDERR "check-man: options of $f are parsed by no command\n" if !@who;
		for my $w (@who) { print "$w $_\n" for @{$opts{$f}} }
	}' "$CLIDIR"/*.c | sort -u)
[ -n "$OPTS" ] || not_ok "no option tables found in cli/*.c"

common=$(section_text COMMANDS "")
global=$(section_text "GLOBAL OPTIONS" "")
missing=()
n=0
while read -r who opt; do
	n=$((n + 1))
	if [ "$who" = - ]; then
		has_option "$opt" <<<"$global" || missing+=("global --$opt")
	elif ! has_option "$opt" <<<"$(section_text COMMANDS "$who")" &&
		! has_option "$opt" <<<"$common"; then
		missing+=("$who --$opt")
	fi
done <<<"$OPTS"
for name in $(cut -d' ' -f1 <<<"$COMMANDS"); do
	m=()
	for x in "${missing[@]}"; do [ "${x%% *}" = "$name" ] && m+=("${x#* }"); done
	if grep -qx "$name" <<<"$documented" && [ ${#m[@]} = 0 ]; then
		ok "ct.8 documents '$name' and its $(grep -c "^$name " <<<"$OPTS") options"
	elif [ ${#m[@]} -gt 0 ]; then
		not_ok "ct.8, section '$name': missing ${m[*]}"
	fi
done
m=()
for x in "${missing[@]}"; do [ "${x%% *}" = global ] && m+=("${x#global }"); done
if [ ${#m[@]} = 0 ]; then
	ok "ct.8 documents the $(grep -c '^- ' <<<"$OPTS") global options"
else
	not_ok "ct.8, GLOBAL OPTIONS: missing ${m[*]}"
fi
diag "$n (command, option) pairs checked"

# ------------------------------------------------------- ct COMMAND --help
# What `ct COMMAND --help` prints names every option the command parses
# (the same tables, from the code), starts with its usage line, and exits
# 0; a wrong option gives that line and a pointer to --help, status 2.
for name in $(cut -d' ' -f1 <<<"$COMMANDS"); do
	want=$(awk -v c="$name" '$1 == c { print $2 }' <<<"$OPTS")
	[ -n "$want" ] || continue # takes no option (checkpoint: not supported)
	help=$("$CT" "$name" --help 2>&1)
	rc=$?
	m=()
	for opt in $want; do has_option "$opt" <<<"$help" || m+=("--$opt"); done
	first=$(head -1 <<<"$help")
	if [ $rc != 0 ] || [[ $first != "Usage: ct $name" && $first != "Usage: ct $name "* ]]; then
		not_ok "ct $name --help: status $rc, first line '$first'"
	elif [ ${#m[@]} -gt 0 ]; then
		not_ok "ct $name --help: missing ${m[*]}"
	else
		ok "ct $name --help names its $(wc -w <<<"$want") options"
	fi
done
err=$("$CT" exec --no-such-option 2>&1 >/dev/null)
rc=$?
if [ $rc = 2 ] && grep -q "^Usage: ct exec " <<<"$err" && grep -qF "See 'ct exec --help'." <<<"$err"; then
	ok "a wrong option: the usage line, a pointer to --help, status 2"
else
	not_ok "ct exec --no-such-option: status $rc, said: $err"
fi

# ------------------------------------------------------------- rendering
have_man=false have_groff=false
command -v man >/dev/null && man --version >/dev/null 2>&1 && have_man=true
command -v groff >/dev/null && have_groff=true
for p in "$MANDIR"/*.[0-9]; do
	name=$(basename "$p")
	if ! $have_man && ! $have_groff; then
		ok "$name renders # SKIP neither man nor groff is installed"
		continue
	fi
	out=""
	if $have_man; then
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$p" 2>&1 >/dev/null)
	fi
	if $have_groff; then
		out=$(printf '%s\n%s' "$out" "$(groff -man -ww -z -Tutf8 "$p" 2>&1)" | sed '/^$/d')
	fi
	if [ -z "$out" ]; then
		ok "$name renders without warnings"
	else
		not_ok "$name renders with warnings"
		while IFS= read -r line; do diag "$line"; done <<<"$out"
	fi
done

# ---------------------------------------------------- references between pages
# every page as NAME(SECTION), and every name of the NAME lines
all_names=$(for p in "$MANDIR"/*.[0-9]; do
	b=$(basename "$p") sec=${p##*.}
	echo "${b%.*}($sec)"
	name_line "$p" | sed "s/\$/($sec)/"
done | sort -u)
bad=()
for p in "$MANDIR"/*.[0-9]; do
	# "name(3)" in the text, or ".BR name (3)"
	for ref in $(plain "$p" | sed -E 's/^\.[BI]R[[:space:]]+([^[:space:]]+)[[:space:]]+\(([0-9])\).*/\1(\2)/' |
		grep -oE '(^|[^A-Za-z0-9_])(libct[A-Za-z0-9_]*|ct)\([0-9]\)' | sed -E 's/^[^A-Za-z]//' | sort -u); do
		grep -qxF "$ref" <<<"$all_names" || bad+=("$(basename "$p"): $ref")
	done
done
if [ ${#bad[@]} = 0 ]; then
	ok "every libct/ct page reference names a page or a name in a NAME line"
else
	not_ok "references to no page: ${bad[*]}"
fi
finish
