/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* stubcost STUB [N]: what the exec stub (lib/spawn/exec-stub.c) adds to every
 * process that enters a container: N times fork + execve of /bin/true, and N
 * times fork + execveat of the stub from a sealed memfd, which executes
 * /bin/true; prints the median of each and the difference, in microseconds. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double once(int stub_fd)
{
	char *argv[] = { "/bin/true", NULL };
	char *sargv[] = { "/bin/true", "-1", "true", NULL };
	char *envp[] = { NULL };
	double t = now_us();
	pid_t pid = fork();

	if (pid == 0) {
		if (stub_fd >= 0)
			syscall(SYS_execveat, stub_fd, "", sargv, envp, AT_EMPTY_PATH);
		else
			execve(argv[0], argv, envp);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	return now_us() - t;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 2000, in, fd;
	double *direct, *stub;
	char buf[65536];
	ssize_t len;

	if (argc < 2 || n < 1) {
		fprintf(stderr, "usage: stubcost STUB [N]\n");
		return 2;
	}
	in = open(argv[1], O_RDONLY | O_CLOEXEC);
	fd = memfd_create("ct-exec-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	len = in < 0 ? -1 : read(in, buf, sizeof(buf));
	if (fd < 0 || len <= 0 || write(fd, buf, (size_t)len) != len ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK) < 0) {
		perror("stubcost: the stub's memfd");
		return 1;
	}
	direct = calloc(n, sizeof(double));
	stub = calloc(n, sizeof(double));
	/* interleaved, so that both see the same machine */
	for (int i = 0; i < n; i++) {
		direct[i] = once(-1);
		stub[i] = once(fd);
	}
	qsort(direct, n, sizeof(double), cmp);
	qsort(stub, n, sizeof(double), cmp);
	printf("exec stub: fork+exec of /bin/true, median of %d: direct %.0f us, through the "
	       "stub %.0f us, the stub adds %.0f us per process\n",
	       n, direct[n / 2], stub[n / 2], stub[n / 2] - direct[n / 2]);
	return 0;
}
