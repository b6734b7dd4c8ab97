#!/bin/bash
# run-suite podman|containerd: the shared client suites (real podman and
# containerd driving build/ct), after their idempotent setup. TAP through.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CT=${CT:-$TOP/build/ct}
CLIENTS=${CT_CLIENTS_DIR:-$TOP/../shared/clients}
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP needs root"; exit 0; fi
if [ ! -x "$CLIENTS/setup" ]; then echo "1..0 # SKIP no client suites at $CLIENTS"; exit 0; fi
"$CLIENTS/setup" >&2 || { echo "Bail out! client setup failed"; exit 1; }
# the suites' closing "N passed, N failed" is not TAP: keep it as a comment
"$CLIENTS/$1-suite" "$CT" | sed -E 's/^([0-9]+ passed, [0-9]+ failed.*)$/# \1/'
exit "${PIPESTATUS[0]}"
