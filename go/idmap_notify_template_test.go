// SPDX-License-Identifier: LGPL-2.1-or-later

package libct

// Idmapped bind mounts, the seccomp agent's listener setting and the exec
// template of a container created from a bundle, through the modern API.

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// takesIdmappedMounts: whether path's filesystem takes idmapped mounts on
// this kernel (ext4, xfs, btrfs from 5.12; tmpfs from 6.3).
func takesIdmappedMounts(t *testing.T, path string) bool {
	var st syscall.Statfs_t
	var u syscall.Utsname
	if syscall.Statfs(path, &st) != nil || syscall.Uname(&u) != nil {
		return false
	}
	var rel []byte
	for _, c := range u.Release {
		if c == 0 {
			break
		}
		rel = append(rel, byte(c))
	}
	var major, minor int
	for i, f := range strings.SplitN(string(rel), ".", 3)[:2] {
		n := 0
		for _, c := range f {
			if c < '0' || c > '9' {
				break
			}
			n = n*10 + int(c-'0')
		}
		if i == 0 {
			major = n
		} else {
			minor = n
		}
	}
	kver := major*1000 + minor
	switch st.Type {
	case 0xEF53, 0x58465342, 0x9123683E: // ext2/3/4, xfs, btrfs
		return kver >= 5012
	case 0x01021994: // tmpfs
		return kver >= 6003
	}
	return false
}

func TestIdmappedMount(t *testing.T) {
	root := rootfs(t)
	src := t.TempDir()
	if !takesIdmappedMounts(t, src) {
		t.Skip(src + ": its filesystem takes no idmapped mounts here")
	}
	own := filepath.Join(src, "own1000")
	if err := os.WriteFile(own, []byte("data\n"), 0644); err != nil {
		t.Fatal(err)
	}
	// the directory too: nobody writes to an inode the mount does not map
	for _, p := range []string{own, src} {
		if err := os.Chown(p, 1000, 1001); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	cfg := &Config{Root: root, Namespaces: []string{"pid", "mount"},
		Mounts: []Mount{{Source: "proc", Destination: "/proc", Type: "proc"},
			{Source: src, Destination: "/mnt", Options: []string{"bind", "idmap"},
				UIDMappings: []IDMap{{ContainerID: 1000, HostID: 0, Size: 1}},
				GIDMappings: []IDMap{{ContainerID: 1001, HostID: 0, Size: 1}}}}}
	in, err := New(dir, uniqueName(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Delete(true); in.Close() })
	out := output(t, func(w *os.File) {
		err := in.Run(&Process{Args: []string{"/bin/sh", "-c",
			"stat -c %u:%g /mnt/own1000; cat /mnt/own1000; touch /mnt/made && stat -c %u:%g /mnt/made"},
			Stdout: w, Stderr: w})
		if err != nil {
			t.Fatal(err)
		}
	})
	if status, err := in.Wait(context.Background()); err != nil || status != 0 {
		t.Fatal(status, err, out)
	}
	if out != "0:0\ndata\n0:0\n" {
		t.Fatalf("seen through the mount: %q", out)
	}
	for _, p := range []string{own, filepath.Join(src, "made")} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st := fi.Sys().(*syscall.Stat_t); st.Uid != 1000 || st.Gid != 1001 {
			t.Fatalf("%s on disk: %d:%d, want 1000:1001", p, st.Uid, st.Gid)
		}
	}
	if err := in.Delete(false); err != nil {
		t.Fatal(err)
	}
}

func TestIdmappedMountRefused(t *testing.T) {
	needRoot(t)
	cfg := &Config{Mounts: []Mount{{Source: t.TempDir(), Destination: "/mnt", Options: []string{"bind"},
		UIDMappings: []IDMap{{ContainerID: 1000, HostID: 0, Size: 0}}}}}
	_, err := New(t.TempDir(), uniqueName(t), cfg)
	if !errors.Is(err, syscall.EINVAL) ||
		!strings.Contains(err.Error(), "mount '/mnt': uid map: size must be greater than 0") {
		t.Fatal(err)
	}
}

func notifyMkdir(path string) *Seccomp {
	return &Seccomp{Rules: []SyscallRule{{Names: []string{"mkdir"}, Action: "SCMP_ACT_NOTIFY"}},
		ListenerPath: path, ListenerMetadata: "meta"}
}

func TestSeccompListener(t *testing.T) {
	dir, id := t.TempDir(), uniqueName(t)
	in, err := New(dir, id, &Config{Root: rootfs(t), Namespaces: []string{"pid", "mount"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Delete(true); in.Close() })
	// refused where it is set: not an absolute path
	err = in.Run(&Process{Args: []string{"/bin/true"}, Seccomp: notifyMkdir("agent.sock")})
	if !errors.Is(err, syscall.EINVAL) ||
		!strings.Contains(err.Error(), "seccomp: listener path 'agent.sock' must be an absolute path") {
		t.Fatal(err)
	}
	// taken, but no agent listens there: the create fails naming it, and
	// leaves nothing
	missing := filepath.Join(t.TempDir(), "none.sock")
	err = in.Run(&Process{Args: []string{"/bin/true"}, Seccomp: notifyMkdir(missing)})
	want := "seccomp: connect to the listener path '" + missing + "': No such file or directory"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("%v, want %q", err, want)
	}
	if _, err := Open(dir, id); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the container is left: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, id)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("its state directory is left: %v", err)
	}
}

// editedBundle: a bundle whose config.json is the test bundle's, rooted at
// the test rootfs, as edit leaves it.
func editedBundle(t *testing.T, edit func(spec map[string]interface{})) string {
	text, err := os.ReadFile(filepath.Join(os.Getenv("LIBCT_TEST_BUNDLE"), "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]interface{}
	if err := json.Unmarshal(text, &spec); err != nil {
		t.Fatal(err)
	}
	spec["root"] = map[string]interface{}{"path": rootfs(t)}
	edit(spec)
	bundle := t.TempDir()
	if text, err = json.Marshal(spec); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bundle, "config.json"), text, 0644); err != nil {
		t.Fatal(err)
	}
	return bundle
}

// createFrom: a container created from bundle in a state directory of the
// test's, deleted at its end; with that directory and its id.
func createFrom(t *testing.T, bundle string) (*Instance, string, string) {
	dir, id := t.TempDir(), uniqueName(t)
	in, err := LoadBundle(dir, id, bundle)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Delete(true); in.Close() })
	if err := in.Create(nil); err != nil {
		t.Fatal(err)
	}
	return in, dir, id
}

func TestExecTemplate(t *testing.T) {
	bundle := editedBundle(t, func(spec map[string]interface{}) {
		proc := spec["process"].(map[string]interface{})
		proc["args"] = []string{"/bin/sleep", "1000"}
		proc["env"] = []string{"PATH=/bin:/usr/bin", "FROM_BUNDLE=yes"}
		proc["cwd"] = "/tmp"
	})
	in, dir, id := createFrom(t, bundle)
	if err := in.Start(); err != nil {
		t.Fatal(err)
	}
	// another handle, as another program opens it
	other, err := Open(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var status int
	out := output(t, func(w *os.File) {
		status, err = other.Exec(context.Background(), &Process{ExecTemplate: true,
			Args: []string{"/bin/sh", "-c", "echo $FROM_BUNDLE; pwd"}, Stdout: w, Stderr: w})
	})
	if err != nil || status != 0 || out != "yes\n/tmp\n" {
		t.Fatalf("exec from the template: %d %v %q", status, err, out)
	}
	// without it, the process has only what it says
	out = output(t, func(w *os.File) {
		status, err = other.Exec(context.Background(), &Process{
			Args: []string{"/bin/sh", "-c", "echo ${FROM_BUNDLE:-none}; pwd"}, Stdout: w, Stderr: w})
	})
	if err != nil || status != 0 || out != "none\n/\n" {
		t.Fatalf("exec without the template: %d %v %q", status, err, out)
	}
}
