/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct-killer MIN_MS MAX_MS CMD [ARGS...]: run CMD, SIGKILL it after a random
 * delay between MIN_MS and MAX_MS (microsecond steps), reap it. Prints the
 * delay and how CMD ended ("killed", "exit N"); exits 0 unless it could not
 * run CMD. Closer to the moment asked for than a shell's sleep and kill. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec seed, delay;
	long min_us, max_us, us;
	pid_t pid;
	int status;

	if (argc < 4) {
		fprintf(stderr, "usage: ct-killer MIN_MS MAX_MS CMD [ARGS...]\n");
		return 2;
	}
	min_us = atol(argv[1]) * 1000;
	max_us = atol(argv[2]) * 1000;
	clock_gettime(CLOCK_MONOTONIC, &seed);
	srandom((unsigned)(seed.tv_nsec ^ getpid()));
	us = min_us + (max_us > min_us ? random() % (max_us - min_us + 1) : 0);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	delay.tv_sec = us / 1000000;
	delay.tv_nsec = (us % 1000000) * 1000;
	nanosleep(&delay, NULL);
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	if (WIFSIGNALED(status))
		printf("%ld us: killed\n", us);
	else
		printf("%ld us: exit %d\n", us, WEXITSTATUS(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? 1 : 0;
}
