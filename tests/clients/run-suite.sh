#!/bin/bash
# run-suite podman|containerd: the shared client suites (real podman and
# containerd driving build/ct), after their idempotent setup. TAP through.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CT=${CT:-$TOP/build/ct}
CLIENTS=${CT_CLIENTS_DIR:-$TOP/../shared/clients}
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP needs root"; exit 0; fi
if [ ! -x "$CLIENTS/setup" ]; then echo "1..0 # SKIP no client suites at $CLIENTS"; exit 0; fi
# script(1) runs the suites' terminal commands through $SHELL, and /bin/sh
# when it is unset (as under a bare CI environment). dash forks for that
# command, so timeout(1) makes its own process group in the background of
# the new pty, and a client that reads or sets up the terminal stops on
# SIGTTIN/SIGTTOU until its timeout; runc hangs there the same way. bash
# execs a lone command, keeping it in the pty's foreground group. (bash
# sets SHELL itself when it is missing, but does not export it.)
export SHELL=/bin/bash
"$CLIENTS/setup" >&2 || { echo "Bail out! client setup failed"; exit 1; }
# the suites' closing "N passed, N failed" is not TAP: keep it as a comment
"$CLIENTS/$1-suite" "$CT" | sed -E 's/^([0-9]+ passed, [0-9]+ failed.*)$/# \1/'
exit "${PIPESTATUS[0]}"
