package libct

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Clock offsets from a program with threads (the Go runtime's): init is cloned
// by a single-threaded intermediate, which makes the time namespace with the
// offsets for it; the program's own time namespace for children stays.
func TestTimeOffsets(t *testing.T) {
	root := rootfs(t)
	text, err := os.ReadFile(filepath.Join(os.Getenv("LIBCT_TEST_BUNDLE"), "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]interface{}
	if err := json.Unmarshal(text, &spec); err != nil {
		t.Fatal(err)
	}
	spec["root"] = map[string]interface{}{"path": root}
	spec["process"].(map[string]interface{})["args"] = []string{"/bin/sleep", "1000"}
	linux := spec["linux"].(map[string]interface{})
	linux["namespaces"] = append(linux["namespaces"].([]interface{}),
		map[string]interface{}{"type": "time"})
	linux["timeOffsets"] = map[string]interface{}{
		"boottime": map[string]interface{}{"secs": 1000000}}
	bundle := t.TempDir()
	if text, err = json.Marshal(spec); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bundle, "config.json"), text, 0644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Readlink("/proc/self/ns/time_for_children")
	dir, id := t.TempDir(), uniqueName(t)
	in, err := LoadBundle(dir, id, bundle)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Delete(true); in.Close() })
	if err := in.Create(nil); err != nil {
		t.Fatal(err)
	}
	offsets, err := os.ReadFile("/proc/" + strconv.Itoa(in.Pid()) + "/timens_offsets")
	if err != nil || !strings.Contains(string(offsets), "1000000") {
		t.Fatalf("init's time namespace: %q %v", offsets, err)
	}
	if after, _ := os.Readlink("/proc/self/ns/time_for_children"); after != before {
		t.Fatalf("the program's time namespace for children changed: %s -> %s", before, after)
	}
	if err := in.Start(); err != nil {
		t.Fatal(err)
	}
	var status int
	out := output(t, func(w *os.File) {
		status, err = in.Exec(context.Background(), &Process{
			Args: []string{"/bin/sh", "-c", "cat /proc/self/timens_offsets"}, Stdout: w, Stderr: w})
	})
	if err != nil || status != 0 || !strings.Contains(out, "1000000") {
		t.Fatalf("exec: %d %v %q", status, err, out)
	}
}
