/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* phases [-n N] BUNDLE RUNTIME...: the lifecycle phases an engine pays for
 * every container, timed per runtime with their tails: `run` of the bundle's
 * process, and `create`, `start`, the wait for init's exit, `delete`, each
 * N times, INTERLEAVED (each round runs every runtime once, the order
 * rotating), so that drift of the machine hits them alike. Prints a markdown
 * table of p50/p90/p99 in milliseconds per phase and runtime, and ratios to
 * the second runtime. The bundle's process must exit by itself (/bin/true).
 * Runtimes are called with --root in a private directory; every id is
 * deleted afterwards. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum {
	RUN,
	CREATE,
	START,
	WAIT,
	DELETE,
	N_PHASES
};
static const char *const phase_names[N_PHASES] = { "run", "create", "start", "wait", "delete" };

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Run argv with stdio to /dev/null (stdin too); the exit status, -1 on failure. */
static int call(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Wait until pid is gone or a zombie (init of a created, started container
 * is not our child). */
static void wait_gone(pid_t pid)
{
	char path[64], buf[512];

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (int i = 0; i < 100000; i++) {
		int fd = open(path, O_RDONLY);
		ssize_t n;
		char *p;

		if (fd < 0)
			return;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return;
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (p && (p[2] == 'Z' || p[2] == 'X'))
			return;
		usleep(100);
	}
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, int p)
{
	int i = (int)((long)n * p / 100);

	return v[i >= n ? n - 1 : i];
}

int main(int argc, char **argv)
{
	int n = 60, opt;
	char root[] = "/tmp/ct-phases-XXXXXX";

	while ((opt = getopt(argc, argv, "n:")) != -1)
		if (opt == 'n')
			n = atoi(optarg);
	if (argc - optind < 2 || n < 1) {
		fprintf(stderr, "usage: phases [-n N] BUNDLE RUNTIME...\n");
		return 2;
	}
	const char *bundle = argv[optind];
	int n_rt = argc - optind - 1;
	char **rt = argv + optind + 1;
	double(*t)[N_PHASES] = calloc((size_t)n_rt * n, sizeof(*t));
	int failures = 0;

	if (!t || !mkdtemp(root))
		return 1;
	for (int round = 0; round < n; round++) {
		for (int k = 0; k < n_rt; k++) {
			int r = (k + round) % n_rt;
			double *s = t[r * n + round];
			char rroot[128], id[64], pidfile[160], buf[32];
			char *run[] = { rt[r],	    "--root",	    rroot, "run",
					"--bundle", (char *)bundle, id,	   NULL };
			char *create[] = { rt[r],	 "--root",   rroot,
					   "create",	 "--bundle", (char *)bundle,
					   "--pid-file", pidfile,    id,
					   NULL };
			char *start[] = { rt[r], "--root", rroot, "start", id, NULL };
			char *del[] = { rt[r], "--root", rroot, "delete", id, NULL };
			char *delf[] = { rt[r], "--root", rroot, "delete", "-f", id, NULL };
			double t0;
			pid_t pid = 0;
			FILE *f;

			snprintf(rroot, sizeof(rroot), "%s/%d", root, r);
			mkdir(rroot, 0700);
			snprintf(id, sizeof(id), "phases-%d-%d-%d", (int)getpid(), r, round);
			snprintf(pidfile, sizeof(pidfile), "%s/%s.pid", root, id);
			t0 = now_ms();
			failures += call(run) != 0;
			s[RUN] = now_ms() - t0;
			call(delf);
			snprintf(id, sizeof(id), "phases-%d-%d-%d-c", (int)getpid(), r, round);
			t0 = now_ms();
			failures += call(create) != 0;
			s[CREATE] = now_ms() - t0;
			f = fopen(pidfile, "r");
			if (f && fgets(buf, sizeof(buf), f))
				pid = atoi(buf);
			if (f)
				fclose(f);
			t0 = now_ms();
			failures += call(start) != 0;
			s[START] = now_ms() - t0;
			t0 = now_ms();
			if (pid > 0)
				wait_gone(pid);
			s[WAIT] = now_ms() - t0;
			t0 = now_ms();
			failures += call(del) != 0;
			s[DELETE] = now_ms() - t0;
			call(delf);
			unlink(pidfile);
		}
	}
	printf("| phase (ms, %d interleaved samples) |", n);
	for (int r = 0; r < n_rt; r++)
		printf(" %s p50 / p90 / p99 |", base(rt[r]));
	for (int r = 0; r < n_rt; r++)
		if (r != 1)
			printf(" %s/%s p50 |", base(rt[r]), base(rt[n_rt > 1]));
	printf("\n|---|");
	for (int r = 0; r < 2 * n_rt - 1; r++)
		printf("---:|");
	printf("\n");
	for (int p = 0; p < N_PHASES; p++) {
		double med[16];

		printf("| %s |", phase_names[p]);
		for (int r = 0; r < n_rt && r < 16; r++) {
			double *v = malloc(n * sizeof(double));

			for (int i = 0; i < n; i++)
				v[i] = t[r * n + i][p];
			qsort(v, n, sizeof(double), cmp);
			med[r] = pct(v, n, 50);
			printf(" %.2f / %.2f / %.2f |", med[r], pct(v, n, 90), pct(v, n, 99));
			free(v);
		}
		for (int r = 0; r < n_rt && r < 16; r++)
			if (r != 1)
				printf(" %.2f |", med[n_rt > 1] > 0 ? med[r] / med[n_rt > 1] : 0);
		printf("\n");
	}
	for (int r = 0; r < n_rt; r++) {
		char rroot[128];

		snprintf(rroot, sizeof(rroot), "%s/%d", root, r);
		rmdir(rroot);
	}
	rmdir(root);
	if (failures)
		printf("\n%d runtime calls failed\n", failures);
	return failures ? 1 : 0;
}
