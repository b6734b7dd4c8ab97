// SPDX-License-Identifier: LGPL-2.1-or-later

package libct

// The original package's own tests (TestSpawnExecv, TestSpawnExecvStdout),
// as they were, with a private state directory and unique names, then the
// modern API on real containers. Root only; LIBCT_TEST_ROOTFS is a busybox
// root (tests/go/run.sh makes one).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func init() {
	LogInit(os.Stderr, LOG_MSG)
}

var seq int

func uniqueName(t *testing.T) string {
	seq++
	return fmt.Sprintf("got%d-%d", os.Getpid(), seq)
}

func needRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
}

func localSession(t *testing.T) *Session {
	needRoot(t)
	s := &Session{}
	if err := s.Open("local:" + t.TempDir()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestSpawnExecv(t *testing.T) {
	s := localSession(t)

	p, err := s.ProcessCreateDesc()
	if err != nil {
		t.Fatal(err)
	}

	ct, err := s.ContainerCreate(uniqueName(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Destroy()

	// commands need absolute paths here; the ones before the mount run on
	// the host's /tmp, so they write into a directory of the test's
	pre := t.TempDir()
	preCmds := []Command{
		{Path: "/bin/touch", Args: []string{"touch", pre + "/hello"}},
		{Path: "/bin/touch", Args: []string{"touch", pre + "/hello2"}},
	}
	postCmds := []Command{
		{Path: "/bin/touch", Args: []string{"touch", "/tmp/Hello"}},
		{Path: "/bin/touch", Args: []string{"touch", "/tmp/Hello2"}},
	}
	if err := ct.AddMount("", "/tmp", 0, "tmpfs", "", preCmds, postCmds); err != nil {
		t.Fatal(err)
	}

	ct.SetNsMask(syscall.CLONE_NEWNS | syscall.CLONE_NEWPID)
	if err = p.SetEnv([]string{"PATH=/bin:/usr/bin"}); err != nil {
		t.Fatal(err)
	}

	err = ct.SpawnExecve(p, "sh",
		[]string{"sh", "-c", "env | grep -q TEST_LIBCT=test_libct && test -e /tmp/Hello2"},
		[]string{"TEST_LIBCT=test_libct", "PATH=/bin:/usr/bin"})
	if err != nil {
		t.Fatal(err)
	}
	status, err := p.Wait()
	ct.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !status.Success() {
		t.Fatal(status.String())
	}
	for _, f := range []string{pre + "/hello", pre + "/hello2"} {
		if _, err := os.Stat(f); err != nil {
			t.Fatal("the command before the mount did not run: ", err)
		}
	}
}

func TestSpawnExecvStdout(t *testing.T) {
	s := localSession(t)

	p, err := s.ProcessCreateDesc()
	if err != nil {
		t.Fatal(err)
	}

	pr, pw, _ := os.Pipe()
	ir, iw, _ := os.Pipe()
	er, ew, _ := os.Pipe()
	tr, tw, _ := os.Pipe()

	p.Stdout = pw
	p.Stdin = ir
	p.Stderr = ew
	p.ExtraFiles = append(p.ExtraFiles, tr)

	ct, err := s.ContainerCreate(uniqueName(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Destroy()

	if err = ct.AddController(CTL_CPU); err != nil {
		t.Fatal(err)
	}
	if err = ct.AddController(CTL_MEMORY); err != nil {
		t.Fatal(err)
	}
	if err = p.SetEnv([]string{"TEST_LIBCT=hello", "PATH=/bin:/usr/bin"}); err != nil {
		t.Fatal(err)
	}
	err = ct.SpawnExecve(p, "sh",
		[]string{"sh", "-c", "echo ok; cat; cat <&3 >&2; env | grep -q TEST_LIBCT"},
		nil)
	if err != nil {
		t.Fatal(err)
	}

	val, err := ct.ReadController(CTL_MEMORY, "memory.usage_in_bytes")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(val)

	pw.Close()
	ir.Close()
	tr.Close()
	ew.Close()
	defer pr.Close()
	defer er.Close()

	iw.Write([]byte("iw\n"))
	iw.Close()
	tw.Write([]byte("tw\n"))
	tw.Close()

	buf := make([]byte, 64)
	n, _ := pr.Read(buf)
	out := string(buf[:n])
	for !strings.HasSuffix(out, "iw\n") && n > 0 {
		n, _ = pr.Read(buf)
		out += string(buf[:n])
	}
	if out != "ok\niw\n" {
		t.Fatalf("stdout %q", out)
	}
	n, _ = er.Read(buf)
	if string(buf[:n]) != "tw\n" {
		t.Fatalf("fd 3 to stderr: %q", buf[:n])
	}
	status, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !status.Success() {
		t.Fatal(status.String())
	}
	ct.Wait()
}

func TestCompatErrors(t *testing.T) {
	s := localSession(t)
	_, err := s.ContainerOpen("no-such-" + uniqueName(t))
	var le *LibctError
	if !errors.As(err, &le) || !strings.Contains(le.Error(), "does not exist") {
		t.Fatalf("open of a missing container: %v", err)
	}
	ct, _ := s.ContainerCreate(uniqueName(t))
	err = ct.Kill()
	if err == nil || err.Error() != "the container is not running" || err.(*Error).Code != -1002 {
		t.Fatalf("kill of a stopped container: %#v", err)
	}
	ct.Destroy()
	if _, err := ct.State(); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("state after destroy: %v", err)
	}
}

func rootfs(t *testing.T) string {
	needRoot(t)
	r := os.Getenv("LIBCT_TEST_ROOTFS")
	if r == "" {
		t.Skip("LIBCT_TEST_ROOTFS is not set (tests/go/run.sh sets it)")
	}
	return r
}

func basic(t *testing.T, res Resources) (*Instance, string) {
	dir := t.TempDir()
	cfg := &Config{Root: rootfs(t), Namespaces: []string{"pid", "mount", "uts", "ipc"},
		Hostname: "goct", Mounts: []Mount{{Source: "proc", Destination: "/proc", Type: "proc"}},
		Resources: res}
	in, err := New(dir, uniqueName(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Delete(true); in.Close() })
	return in, dir
}

func output(t *testing.T, f func(w *os.File)) string {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	f(w)
	w.Close()
	var b bytes.Buffer
	b.ReadFrom(r)
	r.Close()
	return b.String()
}

func TestRunWithLimits(t *testing.T) {
	in, _ := basic(t, Resources{MemoryLimit: 64 << 20, PidsLimit: 32})
	out := output(t, func(w *os.File) {
		if err := in.Run(&Process{Args: []string{"/bin/sh", "-c", "hostname; echo pid $$"}, Stdout: w}); err != nil {
			t.Fatal(err)
		}
	})
	status, err := in.Wait(context.Background())
	if err != nil || status != 0 {
		t.Fatal(status, err)
	}
	if out != "goct\npid 1\n" {
		t.Fatalf("output %q", out)
	}
	if v, err := in.ReadCgroupFile("memory", "memory.limit_in_bytes"); err != nil || v != fmt.Sprint(64<<20) {
		t.Fatal(v, err)
	}
	if err := in.Delete(false); err != nil {
		t.Fatal(err)
	}
}

// SetNotifyDir: the directory is bound read-only in the container with its
// socket, and NotifyFile is a datagram socket that receives what is sent.
func TestNotifyFile(t *testing.T) {
	in, _ := basic(t, Resources{})
	if err := in.SetNotifyDir("/run/notify"); err != nil {
		t.Fatal(err)
	}
	out := output(t, func(w *os.File) {
		if err := in.Run(&Process{Args: []string{"/bin/sh", "-c",
			"test -S /run/notify/notify.sock && touch /run/notify/x 2>&1; echo $?"},
			Stdout: w, Stderr: w}); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	if !strings.Contains(out, "Read-only file system") || !strings.HasSuffix(out, "1\n") {
		t.Fatalf("inside: %q", out)
	}
	f, err := in.NotifyFile()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if typ, err := syscall.GetsockoptInt(int(f.Fd()), syscall.SOL_SOCKET, syscall.SO_TYPE); err != nil || typ != syscall.SOCK_DGRAM {
		t.Fatalf("socket type %d %v", typ, err)
	}
	if err := in.SetNotifyDir("/run/other"); err == nil {
		t.Fatal("a second notify directory was taken")
	}
}

// An OOM kill in the container wakes OOMFile, and Stats counts it.
func TestOOMFile(t *testing.T) {
	in, _ := basic(t, Resources{MemoryLimit: 32 << 20})
	if err := in.Run(&Process{Args: []string{"/bin/sh", "-c",
		"sleep 1; dd if=/dev/zero of=/dev/null bs=64M count=1; exec sleep 1000"}}); err != nil {
		t.Fatal(err)
	}
	f, err := in.OOMFile()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := waitFd(ctx, int(f.Fd())); err != nil {
		t.Fatal("no OOM event: ", err)
	}
	var st Stats
	for i := 0; i < 500; i++ {
		if st, err = in.Stats(); err != nil || st.MemoryOOMKills > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil || st.MemoryOOMKills != 1 || in.Status() != "running" {
		t.Fatalf("%+v %v %s", st, err, in.Status())
	}
	if err := in.Delete(true); err != nil {
		t.Fatal(err)
	}
}

func TestExecPauseUpdateStats(t *testing.T) {
	in, _ := basic(t, Resources{})
	if err := in.Run(&Process{Args: []string{"/bin/sleep", "1000"}}); err != nil {
		t.Fatal(err)
	}
	var status int
	out := output(t, func(w *os.File) {
		var err error
		status, err = in.Exec(context.Background(), &Process{Args: []string{"/bin/sh", "-c", "echo exec $$; exit 4"}, Stdout: w})
		if err != nil {
			t.Fatal(err)
		}
	})
	if status != 4 || out != "exec 2\n" {
		t.Fatalf("exec: %d %q", status, out)
	}
	if err := in.Pause(); err != nil || in.Status() != "paused" {
		t.Fatal(err, in.Status())
	}
	if err := in.Resume(); err != nil || in.Status() != "running" {
		t.Fatal(err, in.Status())
	}
	if err := in.Update(Resources{PidsLimit: 20}); err != nil {
		t.Fatal(err)
	}
	st, err := in.Stats()
	if err != nil || st.PidsCurrent != 1 || st.PidsLimit != 20 || st.MemoryUsage == 0 ||
		st.MemoryOOMKills != 0 || st.MemoryFailcnt != 0 {
		t.Fatalf("%+v %v", st, err)
	}
	js, err := in.StateJSON()
	if err != nil || !strings.Contains(js, `"status": "running"`) {
		t.Fatal(js, err)
	}
	// a cancelled context ends the wait, not the container
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := in.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
	if in.Status() != "running" {
		t.Fatal(in.Status())
	}
	in.Kill(syscall.SIGKILL, false)
	if status, err := in.Wait(context.Background()); err != nil || status != 137 {
		t.Fatal(status, err)
	}
}

// TestRootlessMode: root on the host is not rootless unless told, and is
// when told; a rootless root still makes every cgroup it may (the limit is
// there); a mode that is none of the three is refused, as is a closed handle.
func TestRootlessMode(t *testing.T) {
	in, _ := basic(t, Resources{PidsLimit: 16})
	if in.Rootless() {
		t.Fatal("root on the host: Rootless() true under RootlessAuto")
	}
	for _, m := range []struct {
		mode RootlessMode
		want bool
	}{{RootlessOn, true}, {RootlessOff, false}, {RootlessAuto, false}, {RootlessOn, true}} {
		if err := in.SetRootless(m.mode); err != nil || in.Rootless() != m.want {
			t.Fatalf("mode %d: Rootless() %v, error %v", m.mode, in.Rootless(), err)
		}
	}
	if err := in.Run(&Process{Args: []string{"/bin/sleep", "1000"}}); err != nil {
		t.Fatal(err)
	}
	if st, err := in.Stats(); err != nil || st.PidsLimit != 16 {
		t.Fatalf("rootless root: %+v %v", st, err)
	}
	if err := in.SetRootless(RootlessMode(7)); err == nil ||
		!strings.Contains(err.Error(), "rootless mode is RootlessAuto, RootlessOff or RootlessOn") {
		t.Fatal(err)
	}
	in.Delete(true)
	in.Close()
	if err := in.SetRootless(RootlessOn); !errors.Is(err, syscall.EBADF) {
		t.Fatal("a closed handle:", err)
	}
	if in.Rootless() {
		t.Fatal("a closed handle: Rootless() true")
	}
}

// TestNoCgroup: with Config.NoCgroup the process is in the caller's
// cgroups, and Stats says the container has none.
func TestNoCgroup(t *testing.T) {
	cfg := &Config{Root: rootfs(t), Namespaces: []string{"pid", "mount"},
		Mounts: []Mount{{Source: "proc", Destination: "/proc", Type: "proc"}}, NoCgroup: true}
	in, err := New(t.TempDir(), uniqueName(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { in.Delete(true); in.Close() }()
	mine, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		t.Fatal(err)
	}
	out := output(t, func(w *os.File) {
		if err := in.Run(&Process{Args: []string{"/bin/cat", "/proc/self/cgroup"}, Stdout: w}); err != nil {
			t.Fatal(err)
		}
		if st, err := in.Wait(context.Background()); err != nil || st != 0 {
			t.Fatal(st, err)
		}
	})
	if out != string(mine) {
		t.Fatalf("the container's cgroups:\n%s\nnot the caller's:\n%s", out, mine)
	}
	if _, err := in.Stats(); err == nil || !strings.Contains(err.Error(), "has no cgroup") {
		t.Fatal("Stats of a container without a cgroup:", err)
	}
}

// TestExecSubCgroup: an exec'd process with Process.SubCgroup is in that
// cgroup below the container's, in every hierarchy; a missing one is named.
func TestExecSubCgroup(t *testing.T) {
	in, _ := basic(t, Resources{})
	if err := in.Run(&Process{Args: []string{"/bin/sleep", "1000"}}); err != nil {
		t.Fatal(err)
	}
	own, err := os.ReadFile(fmt.Sprintf("/proc/%d/cgroup", in.Pid()))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(own)), "\n")
	id := filepath.Base(lines[len(lines)-1])
	var dirs []string
	filepath.WalkDir("/sys/fs/cgroup", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil || !d.IsDir():
			return nil
		case d.Name() == id:
			dirs = append(dirs, p)
			return fs.SkipDir
		case strings.Count(p, "/") > 8:
			return fs.SkipDir
		}
		return nil
	})
	if len(dirs) == 0 {
		t.Fatalf("no cgroup directory named %s", id)
	}
	for _, d := range dirs {
		if err := os.Mkdir(d+"/sub", 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var status int
	out := output(t, func(w *os.File) {
		status, err = in.Exec(context.Background(),
			&Process{Args: []string{"/bin/cat", "/proc/self/cgroup"}, Stdout: w, SubCgroup: "sub"})
	})
	if err != nil || status != 0 || strings.Count(out, "/"+id+"/sub\n") != len(dirs) {
		t.Fatalf("exec into sub in %d hierarchies: %d %v %q", len(dirs), status, err, out)
	}
	_, err = in.Exec(context.Background(), &Process{Args: []string{"/bin/true"}, SubCgroup: "nosuch"})
	if err == nil || !strings.Contains(err.Error(), "sub-cgroup 'nosuch' of the container") {
		t.Fatal(err)
	}
}

func TestBundleAndOpen(t *testing.T) {
	bundle := os.Getenv("LIBCT_TEST_BUNDLE")
	rootfs(t)
	dir := t.TempDir()
	id := uniqueName(t)
	in, err := LoadBundle(dir, id, bundle)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := in.Create(nil); err != nil {
		t.Fatal(err)
	}
	other, err := Open(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	if other.Status() != "created" || other.Pid() != in.Pid() {
		t.Fatal(other.Status())
	}
	other.Close()
	if err := in.Start(); err != nil {
		t.Fatal(err)
	}
	if status, err := in.Wait(context.Background()); err != nil || status != 0 {
		t.Fatal(status, err)
	}
	if err := in.Delete(false); err != nil {
		t.Fatal(err)
	}
}

// A spec from memory: the bundle's config.json as a map, edited, marshalled
// (what a program with runtime-spec's Go types hands over); an error names
// the JSON path.
func TestLoadSpec(t *testing.T) {
	bundle := os.Getenv("LIBCT_TEST_BUNDLE")
	rootfs(t)
	raw, err := os.ReadFile(filepath.Join(bundle, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	spec["hostname"] = "from-spec"
	js, _ := json.Marshal(spec)
	in, err := LoadSpec(t.TempDir(), uniqueName(t), bundle, js)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out := output(t, func(w *os.File) {
		if err := in.Run(&Process{Args: []string{"/bin/hostname"}, Stdout: w}); err != nil {
			t.Fatal(err)
		}
	})
	if status, err := in.Wait(context.Background()); err != nil || status != 0 || out != "from-spec\n" {
		t.Fatal(status, err, out)
	}
	if err := in.Delete(false); err != nil {
		t.Fatal(err)
	}
	spec["process"].(map[string]any)["args"] = []string{}
	js, _ = json.Marshal(spec)
	_, err = LoadSpec(t.TempDir(), uniqueName(t), bundle, js)
	if err == nil || !strings.Contains(err.Error(), "process.args: must be a non-empty array") {
		t.Fatalf("bad spec: %v", err)
	}
}

func TestErrors(t *testing.T) {
	rootfs(t)
	dir := t.TempDir()
	_, err := Open(dir, "missing")
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("open missing: %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Message != "container 'missing' does not exist" {
		t.Fatalf("%#v", err)
	}
	in, err := New(dir, uniqueName(t), &Config{Root: "/nonexistent/root", Namespaces: []string{"mount"}})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	err = in.Run(&Process{Args: []string{"/bin/true"}})
	if !errors.As(err, &e) || e.Errno != syscall.ENOENT || e.Path != "/nonexistent/root" || e.Op != "root" {
		t.Fatalf("%#v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
	if _, err := New(dir, "bad/id", nil); !errors.Is(err, syscall.EINVAL) || !strings.Contains(err.Error(), "bad/id") {
		t.Fatal(err)
	}
	in.Close()
	if err := in.Start(); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatal(err)
	}
}

// TestNet runs only inside a network namespace the suite made
// (LIBCT_TEST_NETNS=1): a veth whose host end stays there, an address on
// each end, a route to a second network through the host end, a ping.
func TestNet(t *testing.T) {
	if os.Getenv("LIBCT_TEST_NETNS") != "1" {
		t.Skip("runs in the suite's own network namespace (tests/go/run.sh)")
	}
	s := localSession(t)
	ct, err := s.ContainerCreate(uniqueName(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ct.Destroy()
	ct.SetNsMask(syscall.CLONE_NEWNS | syscall.CLONE_NEWPID | syscall.CLONE_NEWNET)
	ct.SetRoot(rootfs(t))
	ct.SetOption(LIBCT_OPT_AUTO_PROC_MOUNT)
	dev, err := ct.AddNetVeth(fmt.Sprintf("gv%dh", os.Getpid()%100000), "eth0")
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Helper()
			t.Fatal(err)
		}
	}
	must(dev.AddIpAddr("10.253.0.2/24"))
	must(dev.SetMtu(1400))
	peer, err := dev.GetPeer()
	must(err)
	must(peer.AddIpAddr("10.253.0.1/24"))
	r, err := ct.AddRoute()
	must(err)
	must(r.SetDst("10.254.0.0/16"))
	nh, err := r.AddNextHop()
	must(err)
	must(nh.SetGateway("10.253.0.1"))
	p, err := s.ProcessCreateDesc()
	must(err)
	out := output(t, func(w *os.File) {
		p.Stdout = w
		must(ct.SpawnExecve(p, "/bin/sh", []string{"sh", "-c",
			"ip -o addr show dev eth0; ip route; ping -c 1 -W 10 10.254.0.1 >/dev/null && echo ping-ok"}, nil))
	})
	st, err := p.Wait()
	must(err)
	ct.Wait()
	for _, want := range []string{"inet 10.253.0.2/24", "10.254.0.0/16 via 10.253.0.1 dev eth0", "ping-ok"} {
		if !strings.Contains(out, want) {
			t.Fatalf("no %q in %q", want, out)
		}
	}
	if !st.Success() {
		t.Fatal(st)
	}
}
