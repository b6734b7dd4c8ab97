# SPDX-License-Identifier: LGPL-2.1-or-later
"""The installed tree: `meson install` into a staging directory, then
`python3 -c 'import libct'` and a ten-line script that runs a busybox
container with a memory limit, with only the staged site-packages and
library on the paths."""
import glob
import os
import subprocess
import sys
import textwrap

import pytest

TEN_LINES = textwrap.dedent("""
    import libct, sys
    cfg = libct.Config(root=sys.argv[2], namespaces={"pid": None, "mount": None},
                       mounts=[libct.Mount("/proc", "proc", "proc")],
                       resources=libct.Resources(memory_limit=64 << 20))
    with libct.Session(sys.argv[1]) as s, s.container("ten-lines", cfg) as ct:
        ct.run(["/bin/sh", "-c", "echo in $(cat /proc/1/comm)"])
        status = ct.wait()
        print("limit", ct.read_cgroup_file("memory", "memory.limit_in_bytes"))
        ct.delete()
    sys.exit(status)
""")


@pytest.fixture(scope="module")
def staged(tmp_root):
    build = os.environ.get("BUILD")
    if not build:
        pytest.skip("BUILD is not set (run through tests/python/run.sh)")
    dest = os.path.join(tmp_root, "destdir")
    p = subprocess.run(["meson", "install", "-C", build, "--no-rebuild", "--destdir", dest],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    inits = glob.glob(os.path.join(dest, "**", "libct", "__init__.py"), recursive=True)
    libs = glob.glob(os.path.join(dest, "**", "libct.so.1"), recursive=True)
    assert len(inits) == 1 and len(libs) == 1
    site = os.path.dirname(os.path.dirname(inits[0]))
    env = dict(os.environ, PYTHONPATH=site, LD_LIBRARY_PATH=os.path.dirname(libs[0]))
    return site, env


def test_installed_into_the_interpreters_site_packages(staged):
    site, env = staged
    import sysconfig
    want = sysconfig.get_paths(vars={"base": "/usr/local", "platbase": "/usr/local"})["platlib"]
    # the staged path ends in one of the paths this interpreter searches
    assert any(site.endswith(p) for p in sys.path if p.startswith("/usr")) or \
        site.endswith(want), site
    p = subprocess.run([sys.executable, "-c", "import libct; print(libct.__file__, "
                        "libct.version())"], env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith(site)


def test_ten_line_script(staged, tmp_root, rootfs):
    site, env = staged
    state = os.path.join(tmp_root, "ten-state")
    p = subprocess.run([sys.executable, "-c", TEN_LINES, state, rootfs], env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"in sh\nlimit {64 << 20}\n"
    assert len(TEN_LINES.strip().splitlines()) <= 10
