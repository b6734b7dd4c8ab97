#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The layers of lib/ point down only (doc/architecture.md): every
#   #include "dir/file.h"
# of lib/**/*.c, lib/**/*.h and cli/* names a folder its own folder may
# include. With the library's objects (OBJDIR, the build's libct-objs.a.p),
# also: the code init runs (lib/spawn but its parent side), and every object
# it reaches through the symbols it refers to, call no json-c function.
#
# Usage: layers.py SRCDIR [OBJDIR]; TAP on stdout.
import os
import re
import subprocess
import sys

UTIL = ['util']
SUBSYSTEMS = ['ns', 'fs', 'cgroup', 'net', 'security']
# What each folder may include besides itself, the public headers
# (libct/...) and core/config.h (the configuration types, no functions):
# the layers below, and the other folders of its own layer (the subsystems
# use each other: a rootfs mounts the cgroup hierarchy).
MAY_INCLUDE = {
    'util': [],
    'ns': UTIL + SUBSYSTEMS,
    'fs': UTIL + SUBSYSTEMS,
    'cgroup': UTIL + SUBSYSTEMS,
    'net': UTIL + SUBSYSTEMS,
    'security': UTIL + SUBSYSTEMS,
    'spawn': UTIL + SUBSYSTEMS,
    'core': UTIL + SUBSYSTEMS + ['spawn'],
    'oci': UTIL + SUBSYSTEMS + ['spawn', 'core', 'compat'],
    'compat': UTIL + SUBSYSTEMS + ['spawn', 'core', 'oci'],
}
ANYONE = ['core/config.h']
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')

checks = []


def check(ok, what, detail=''):
    checks.append((ok, what, detail))


def rule(folder):
    allowed = [folder] + [f for f in MAY_INCLUDE[folder] if f != folder]
    return 'lib/%s may include only %s, and %s' % (
        folder, ', '.join(allowed), ', '.join(ANYONE + ['libct/ (public)']))


def lib_includes(src):
    bad = []
    lib = os.path.join(src, 'lib')
    for folder in sorted(os.listdir(lib)):
        path = os.path.join(lib, folder)
        if not os.path.isdir(path):
            continue
        if folder not in MAY_INCLUDE:
            print('# note: lib/%s has no place in the layers yet: add it to MAY_INCLUDE '
                  'here and to doc/architecture.md' % folder)
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith(('.c', '.h')):
                continue
            rel = '%s/%s' % (folder, name)
            with open(os.path.join(path, name)) as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = m.group(1)
                    top = inc.split('/')[0] if '/' in inc else folder
                    if top == 'libct' or inc in ANYONE or top == folder or \
                            top in MAY_INCLUDE[folder]:
                        continue
                    bad.append('lib/%s:%d: includes "%s": %s' % (rel, lineno, inc, rule(folder)))
    check(not bad, 'lib/: every #include points down the layers', '\n'.join(bad))


def cli_includes(src):
    bad = []
    cli = os.path.join(src, 'cli')
    for name in sorted(os.listdir(cli)):
        if not name.endswith(('.c', '.h')):
            continue
        with open(os.path.join(cli, name)) as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if m and '/' in m.group(1) and not m.group(1).startswith('libct/'):
                    bad.append('cli/%s:%d: includes "%s": cli/ may include only its own '
                               'headers and the public ones (libct/)' % (name, lineno, m.group(1)))
    check(not bad, 'cli/ includes only the public headers', '\n'.join(bad))


def symbols(obj):
    """(defined global symbols, undefined symbols) of an object."""
    out = subprocess.run(['nm', obj], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 2 and f[0] == 'U':
            undefined.add(f[1])
        elif len(f) == 3 and f[1] in 'TDBRWV':
            defined.add(f[2])
    return defined, undefined


# init's code: lib/spawn but the parent's side, the objects that define
# these (lct_spawn_init clones init and talks to it; lct_spawn_exec runs a
# process in a running container)
PARENT_ENTRIES = {'lct_spawn_init', 'lct_spawn_exec'}


def init_objects(objdir):
    objs = sorted(n for n in os.listdir(objdir) if n.endswith('.o'))
    where, undefined, parent_side = {}, {}, set()
    for o in objs:
        defined, undefined[o] = symbols(os.path.join(objdir, o))
        for sym in defined:
            where[sym] = o
        if defined & PARENT_ENTRIES:
            parent_side.add(o)
    check(len(parent_side) == len(PARENT_ENTRIES),
          "the parent's side is found: %s" % ' '.join(sorted(parent_side)))
    roots = [o for o in objs if o.startswith('lib_spawn_') and o not in parent_side]
    check(len(roots) > 3, "init's objects are there: %s" % ' '.join(roots))
    # every object init's code reaches through the symbols it refers to,
    # with the symbol it was reached by
    reached = {o: None for o in roots}
    todo = list(roots)
    while todo:
        o = todo.pop()
        for sym in sorted(undefined[o]):
            t = where.get(sym)
            if t and t not in reached and t not in parent_side:
                reached[t] = (o, sym)
                todo.append(t)
    bad = []
    for o in sorted(reached):
        json = sorted(s for s in undefined[o] if s.startswith('json_'))
        if not json:
            continue
        chain, x = [], o
        while reached[x]:
            chain.append('%s (%s)' % (reached[x][0], reached[x][1]))
            x = reached[x][0]
        bad.append('%s calls %s, reached from %s' % (o, json[0], ' <- '.join(chain)))
    check(not bad, "init's code, and all it calls, calls no json-c (%d objects)" % len(reached),
          '\n'.join(bad))


def main():
    src = sys.argv[1]
    lib_includes(src)
    cli_includes(src)
    if len(sys.argv) > 2:
        init_objects(sys.argv[2])
    print('1..%d' % len(checks))
    for i, (ok, what, detail) in enumerate(checks, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, what))
        for line in detail.splitlines():
            print('# ' + line)
    return 0 if all(c[0] for c in checks) else 1


if __name__ == '__main__':
    sys.exit(main())
