#!/usr/bin/python3
# bundle.py BUNDLE [ID]: run an OCI bundle (its config.json) the way
# `ct run` does: create, start, wait, delete; exit with its status.
# The state directory is /run/ct, or $LIBCT_STATE_DIR.
import os
import sys

import libct

bundle, id = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "py-bundle"
try:
    state = os.environ.get("LIBCT_STATE_DIR")
    with libct.Session(state) as s, s.load_bundle(id, bundle) as ct:
        ct.create()
        print(ct.state())
        ct.start()
        status = ct.wait()
        ct.delete()
except libct.Error as e:
    print(f"{bundle}: {e} (errno {e.errno}, path {e.path})", file=sys.stderr)
    sys.exit(1)
sys.exit(status)
