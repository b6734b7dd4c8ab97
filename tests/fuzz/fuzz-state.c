/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz the state record: every input is written as a container's state.json
 * (and as its confinement record) and the container opened, its status, pid
 * and cgroup read, as `ct list` and `ct state` do. A damaged record is an
 * error or a container reported as damaged; never a crash. Nothing is killed
 * or deleted: the pids in a fuzzed record are arbitrary. */
#include <fcntl.h>

#include "driver.h"

static char *fuzz_seed(void)
{
	return strdup("{\"id\":\"fuzz\",\"pid\":0,\"pid_start_time\":0,\"bundle\":\"/b\","
		      "\"root\":\"/b/rootfs\",\"created\":\"2026-01-01T00:00:00Z\",\"cgroup\":\"\","
		      "\"annotations\":[\"a=b\"],\"namespaces\":{\"pid\":\"\",\"mount\":\"\"},"
		      "\"hooks\":{\"poststop\":[{\"path\":\"/bin/true\",\"args\":[\"x\"]}]},"
		      "\"net\":[]}");
}

static void put(const char *dir, const char *name, const unsigned char *data, size_t size)
{
	char p[128];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, data, size) < 0)
		perror("fuzz-state: write");
	close(fd);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct libct_container *ct = NULL;
	struct libct_error err;
	char dir[96];

	snprintf(dir, sizeof(dir), "%s/state/fuzz", fuzz_dir);
	mkdir(dir, 0700);
	put(dir, "state.json", data, size);
	put(dir, "confine.json", data, size);
	if (libct_container_open(fuzz_session, "fuzz", &ct, &err) == 0) {
		libct_container_status(ct);
		libct_container_pid(ct);
		libct_container_cgroup_path(ct);
		free(libct_oci_state_json(ct));
		libct_container_free(ct);
	}
	return 0;
}
