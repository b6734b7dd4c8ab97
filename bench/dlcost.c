/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dlcost LIB [N]: what loading LIB costs a process, as the systemd cgroup
 * driver loads libsystemd.so.0 at its first call: N times, a fresh child
 * dlopen()s LIB with RTLD_NOW and reports the time it took, the growth of its
 * peak RSS and how many files it maps more. Prints the medians. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct sample {
	double us;
	long rss_kib;
	long files;
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static long max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* distinct files in /proc/self/maps (consecutive lines of one file count once)
 */
static long mapped_files(void)
{
	char line[4096], last[4096] = "";
	long n = 0;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');

		if (!path || strcmp(path, last) == 0)
			continue;
		snprintf(last, sizeof(last), "%s", path);
		n++;
	}
	fclose(f);
	return n;
}

/* in a child: load lib, write one sample to fd */
static void measure(const char *lib, int fd)
{
	struct sample s;
	long rss0 = max_rss_kib(), files0 = mapped_files();
	double t = now_us();
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);

	s.us = now_us() - t;
	if (!h) {
		fprintf(stderr, "dlcost: dlopen %s: %s\n", lib, dlerror());
		_exit(1);
	}
	s.rss_kib = max_rss_kib() - rss0;
	s.files = mapped_files() - files0;
	if (write(fd, &s, sizeof(s)) != sizeof(s))
		_exit(1);
	_exit(0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *lib = argc > 1 ? argv[1] : "libsystemd.so.0";
	int n = argc > 2 ? atoi(argv[2]) : 50, i, status;
	double *us = calloc(n, sizeof(*us));
	long *rss = calloc(n, sizeof(*rss)), *files = calloc(n, sizeof(*files));

	if (n < 1 || !us || !rss || !files) {
		fprintf(stderr, "usage: dlcost [LIB] [N>0]\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		struct sample s;
		int p[2];
		pid_t pid;

		if (pipe(p) < 0)
			return 1;
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			close(p[0]);
			measure(lib, p[1]);
		}
		close(p[1]);
		if (read(p[0], &s, sizeof(s)) != sizeof(s) || waitpid(pid, &status, 0) < 0 ||
		    status != 0)
			return 1;
		close(p[0]);
		us[i] = s.us;
		rss[i] = s.rss_kib;
		files[i] = s.files;
	}
	qsort(us, n, sizeof(*us), cmp_double);
	qsort(rss, n, sizeof(*rss), cmp_long);
	qsort(files, n, sizeof(*files), cmp_long);
	printf("dlopen of %s, median of %d: %.0f us, peak RSS +%ld KiB, %ld more "
	       "files mapped\n",
	       lib, n, us[n / 2], rss[n / 2], files[n / 2]);
	return 0;
}
