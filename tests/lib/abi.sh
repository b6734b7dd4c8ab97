# The exported interface as the sources and the built library state it,
# shared by the abi suite (tests/abi/) and the docs suite (check-man.sh).
# Source it after common.sh.
#   header_exports HEADER...  "SYMBOL NAME HEADER" for each function a header
#                             declares: NAME as a program calls it, SYMBOL as
#                             the library exports it (libct_compat_<x> for a
#                             name bound by LIBCT_COMPAT_NAME(x)); static
#                             inline functions are not exported and not listed
#   map_entries MAP           "NODE global|local NAME" for each name of a
#                             version script (comments dropped)
#   map_newest_node MAP       the last version node of MAP
#   library_exports LIBRARY   "SYMBOL VERSION TYPE" for each symbol LIBRARY
#                             defines in its dynamic table (nm -D), without
#                             the version nodes themselves
SYMBOL_MAP=${SYMBOL_MAP:-$TOP/lib/libct.sym}
PUBLIC_HEADERS=${PUBLIC_HEADERS:-"$TOP/include/libct/*.h $TOP/include/libct-compat/*.h"}

header_exports() {
	local header
	for header in "$@"; do
		TOP=$TOP perl -0777 -ne '
			my $h = $ARGV; $h =~ s{^\Q$ENV{TOP}\E/}{};
			s{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g;
			s{^[ \t]*#(?:[^\n]*\\\n)*[^\n]*}{}mg;
			for (split /[;{}]/) {
				s/\s+/ /g; s/^ //;
				next unless /^[^()]*?\b(libct_\w+)\s*\(/;
				my ($name, $sym) = ($1, $1);
				next if /^(?:static|inline)\b/ || /\bstatic inline\b/;
				$sym = "libct_compat_$1" if /\bLIBCT_COMPAT_NAME\((\w+)\)\s*$/;
				print "$sym $name $h\n";
			}' "$header"
	done
}

map_entries() {
	perl -0777 -ne '
		s{/\*.*?\*/}{ }gs; s{#[^\n]*}{}g;
		while (/([A-Za-z_][\w.]*)\s*\{(.*?)\}\s*[\w.]*\s*;/gs) {
			my ($node, $body, $scope) = ($1, $2, "global");
			for my $item (split /;/, $body) {
				$scope = $1 while $item =~ s/\b(global|local)\s*://;
				$item =~ s/^\s+|\s+$//g;
				print "$node $scope $item\n" if length $item;
			}
		}' "$1"
}

map_newest_node() {
	map_entries "$1" | awk '{ n = $1 } END { print n }'
}

library_exports() {
	nm -D --defined-only "$1" | awk '
		$2 == "A" { next }	# a version node
		{ v = $3; sub(/@+.*/, "", $3); sub(/^[^@]*@+/, "", v); if (v == $3) v = "";
		  print $3, (v == "" ? "-" : v), $2 }'
}
