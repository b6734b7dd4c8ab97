package libct

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Clock offsets from a program with threads (the Go runtime's): init is cloned
// by a single-threaded intermediate, which makes the time namespace with the
// offsets for it; the program's own time namespace for children stays.
func TestTimeOffsets(t *testing.T) {
	bundle := editedBundle(t, func(spec map[string]interface{}) {
		spec["process"].(map[string]interface{})["args"] = []string{"/bin/sleep", "1000"}
		linux := spec["linux"].(map[string]interface{})
		linux["namespaces"] = append(linux["namespaces"].([]interface{}),
			map[string]interface{}{"type": "time"})
		linux["timeOffsets"] = map[string]interface{}{
			"boottime": map[string]interface{}{"secs": 1000000}}
	})
	before, _ := os.Readlink("/proc/self/ns/time_for_children")
	in, _, _ := createFrom(t, bundle)
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
