/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* threads STATE_ROOT BUNDLE N: N containers run through the library while
 * two other threads of this process allocate and free without pause, as the
 * threads of an embedding program (a Go runtime, Python, a finalizer) do.
 * A child cloned while another thread held malloc's lock would wait for it
 * forever (lib/spawn/clone.c); a watchdog turns such a hang into a failure.
 * TAP. */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "libct/libct.h"

static volatile int stop;

static void *churn(void *arg)
{
	while (!stop) {
		void *p[16];

		for (int i = 0; i < 16; i++)
			p[i] = malloc(64 + i * 512);
		for (int i = 0; i < 16; i++)
			free(p[i]);
	}
	return arg;
}

static void watchdog(int sig)
{
	static const char msg[] = "not ok 1 - a container hung (the child waits on a lock "
				  "another thread held at clone)\n1..1\n";

	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

int main(int argc, char **argv)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	pthread_t t[2];
	int n = argc > 3 ? atoi(argv[3]) : 0, failed = 0;

	if (argc < 4 || n < 1) {
		fprintf(stderr, "usage: threads STATE_ROOT BUNDLE N\n");
		return 2;
	}
	if (libct_session_new(argv[1], &s, &err) < 0) {
		printf("Bail out! %s\n", err.message);
		return 1;
	}
	/* one arena for all threads (as MALLOC_ARENA_MAX=1 and many small
	 * programs have it): the other threads take the lock the child needs */
	mallopt(M_ARENA_MAX, 1);
	signal(SIGALRM, watchdog);
	alarm(240);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, churn, NULL);
	for (int i = 0; i < n; i++) {
		struct libct_container *ct = NULL;
		struct libct_process_desc *pd = NULL;
		char id[64];
		int status = -1;

		snprintf(id, sizeof(id), "threads-%d-%d", (int)getpid(), i);
		if (libct_container_new(s, id, &ct, &err) < 0 ||
		    libct_oci_load(ct, argv[2], &pd, &err) < 0 ||
		    libct_container_run(ct, pd, &err) < 0 ||
		    libct_container_wait(ct, &status, &err) < 0 || status != 0) {
			if (failed++ < 3)
				printf("# container %d: %s (status %d)\n", i, err.message, status);
		}
		if (ct)
			libct_container_delete(ct, true, NULL);
		libct_process_desc_free(pd);
		libct_container_free(ct);
	}
	stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	alarm(0);
	printf("%s 1 - %d containers run while two other threads allocate (%d failed)\n1..1\n",
	       failed ? "not ok" : "ok", n, failed);
	libct_session_free(s);
	return failed ? 1 : 0;
}
