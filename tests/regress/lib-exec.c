/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib-exec STATE_ROOT ID PATH [ARGS...]: run PATH in a running container
 * through libct_container_exec, as an embedding program does, and print
 * "exit status N". */
#include <stdio.h>

#include "libct/libct.h"

int main(int argc, char **argv)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd = NULL;
	struct libct_process *p = NULL;
	int status = -1;

	if (argc < 4) {
		fprintf(stderr, "usage: lib-exec STATE_ROOT ID PATH [ARGS...]\n");
		return 2;
	}
	if (libct_session_new(argv[1], &s, &err) < 0 ||
	    libct_container_open(s, argv[2], &ct, &err) < 0 ||
	    libct_process_desc_new(&pd, &err) < 0 ||
	    libct_process_desc_set_args(pd, (const char *const *)argv + 3, &err) < 0 ||
	    libct_container_exec(ct, pd, &p, &err) < 0 ||
	    libct_process_wait(p, &status, &err) < 0) {
		fprintf(stderr, "lib-exec: %s\n", err.message);
		return 1;
	}
	printf("exit status %d\n", status);
	libct_process_free(p);
	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	return 0;
}
