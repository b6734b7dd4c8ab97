/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* leak STATE_ROOT BUNDLE_SLEEP BUNDLE_TRUE N: N cycles of create, start,
 * kill and delete of a container whose process sleeps, and N runs (create +
 * start + wait + delete) of one that exits, all through the library in this
 * one process, as an engine embedding libct would. After them, nothing may
 * be left: this process's own fds and threads as they were, no state
 * directory, no cgroup named after a container, no child process. TAP. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libct/libct.h"

static int count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static long rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* one container through its whole life; 0 or the failing step */
static const char *cycle(struct libct_session *s, const char *bundle, const char *id, bool run,
			 struct libct_error *err)
{
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd = NULL;
	const char *step = NULL;
	int status;

	if (libct_container_new(s, id, &ct, err) < 0)
		return "new";
	if (libct_oci_load(ct, bundle, &pd, err) < 0)
		step = "load";
	else if (run) {
		if (libct_container_run(ct, pd, err) < 0)
			step = "run";
		else if (libct_container_wait(ct, &status, err) < 0 || status != 0)
			step = "wait";
	} else if (libct_container_create(ct, pd, err) < 0) {
		step = "create";
	} else if (libct_container_start(ct, err) < 0) {
		step = "start";
	} else if (libct_container_kill(ct, SIGKILL, false, err) < 0) {
		step = "kill";
	} else if (libct_container_wait(ct, &status, err) < 0) {
		step = "wait";
	}
	if (libct_container_delete(ct, true, step ? NULL : err) < 0 && !step)
		step = "delete";
	libct_process_desc_free(pd);
	libct_container_free(ct);
	return step;
}

int main(int argc, char **argv)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	int n = argc > 4 ? atoi(argv[4]) : 0, fds0, fds1, threads0, failed = 0, t = 0;
	long rss0 = 0, rss1;

	if (argc < 5 || n < 1) {
		fprintf(stderr, "usage: leak STATE_ROOT BUNDLE_SLEEP BUNDLE_TRUE N\n");
		return 2;
	}
	if (libct_session_new(argv[1], &s, &err) < 0) {
		printf("Bail out! session: %s\n", err.message);
		return 1;
	}
	fds0 = threads0 = 0;
	for (int i = 0; i < 2 * n; i++) {
		char id[64];
		const char *step;

		snprintf(id, sizeof(id), "leak-%d-%d", (int)getpid(), i);
		step = cycle(s, i < n ? argv[2] : argv[3], id, i >= n, &err);
		if (step && failed++ < 5)
			printf("# container %d: %s: %s\n", i, step, err.message);
		/* after the first container: the session keeps its exec stub open */
		if (i == 0) {
			fds0 = count_dir("/proc/self/fd");
			threads0 = count_dir("/proc/self/task");
		}
		/* the heap after a warm-up, for the growth check */
		if (i == 20)
			rss0 = rss_kb();
	}
	rss1 = rss_kb();
	fds1 = count_dir("/proc/self/fd");
	printf("%s %d - %d create/start/kill/delete and %d run cycles through the library "
	       "(%d failed)\n",
	       failed ? "not ok" : "ok", ++t, n, n, failed);
	printf("%s %d - fds of this process: %d after the first container, %d after the last\n",
	       fds0 == fds1 ? "ok" : "not ok", ++t, fds0, fds1);
	printf("%s %d - threads of this process: %d after the first container, %d after the last\n",
	       count_dir("/proc/self/task") == threads0 ? "ok" : "not ok", ++t, threads0,
	       count_dir("/proc/self/task"));
	/* a leak of even a few hundred bytes per container would show over
	 * 2N containers; the allocator's own slack stays well below this */
	printf("%s %d - resident memory of this process: %ld KiB after 20 containers, %ld KiB "
	       "after %d\n",
	       rss1 - rss0 < 1024 ? "ok" : "not ok", ++t, rss0, rss1, 2 * n);
	printf("%s %d - no state directory left in %s\n", count_dir(argv[1]) == 0 ? "ok" : "not ok",
	       ++t, argv[1]);
	printf("%s %d - no child process left\n", waitpid(-1, NULL, WNOHANG) < 0 ? "ok" : "not ok",
	       ++t);
	printf("1..%d\n", t);
	libct_session_free(s);
	return 0;
}
