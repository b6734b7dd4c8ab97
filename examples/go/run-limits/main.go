// SPDX-License-Identifier: LGPL-2.1-or-later

// run-limits ROOTFS: run a shell in a busybox root with a 64 MiB memory
// limit and print what it sees. The state directory is /run/ct, or
// $LIBCT_STATE_DIR. Build: go build (cgo flags from pkg-config libct).
package main

import (
	"context"
	"fmt"
	"os"

	"libct.local/libct"
)

func main() {
	cfg := &libct.Config{Root: os.Args[1], Namespaces: []string{"pid", "mount"},
		Mounts:    []libct.Mount{{Source: "proc", Destination: "/proc", Type: "proc"}},
		Resources: libct.Resources{MemoryLimit: 64 << 20}}
	ct, err := libct.New(os.Getenv("LIBCT_STATE_DIR"), "go-limits", cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer ct.Close()
	if err := ct.Run(&libct.Process{Args: []string{"/bin/sh", "-c", "echo in $(cat /proc/1/comm)"}}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	status, _ := ct.Wait(context.Background())
	limit, _ := ct.ReadCgroupFile("memory", "memory.limit_in_bytes")
	fmt.Println("limit", limit)
	ct.Delete(false)
	os.Exit(status)
}
