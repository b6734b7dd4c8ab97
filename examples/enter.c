/*
 * enter: the original libct interface (<libct/compat.h>) starting a second
 * process in a running container.
 *
 *   enter [ROOTFS]
 *
 * The container (new pid and uts namespaces, a hostname; with ROOTFS also a
 * mount namespace and that root) runs a long `sleep` as its init. A shell
 * is entered into it: it prints the hostname it sees and exits 0 only when
 * that is the container's. Then the container is killed and destroyed.
 * Run as root.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libct/compat.h>

#define HOSTNAME "enter-demo"

int main(int argc, char **argv)
{
	char *init_argv[] = { "sleep", "1000", NULL };
	char *sh_argv[] = { "sh", "-c",
			    "h=$(hostname); echo \"hostname in the container: $h\"; "
			    "[ \"$h\" = " HOSTNAME " ]",
			    NULL };
	unsigned long nsmask = CLONE_NEWPID | CLONE_NEWUTS;
	char name[64];
	libct_session_t s;
	ct_handler_t ct;
	ct_process_t init, p;
	int status = -1, ret = 1;

	s = libct_session_open_local();
	if (libct_handle_is_err(s)) {
		fprintf(stderr, "session_open_local: error %ld\n", libct_handle_to_err(s));
		return 1;
	}
	snprintf(name, sizeof(name), "enter-%d", (int)getpid());
	ct = libct_container_create(s, name);
	if (libct_handle_is_err(ct)) {
		fprintf(stderr, "container_create: %s\n", libct_session_last_error(s));
		goto out_session;
	}
	if (argc > 1) {
		/* a root of its own: with a mount namespace, pivot_root into it */
		nsmask |= CLONE_NEWNS;
		if (libct_fs_set_root(ct, argv[1]) < 0) {
			fprintf(stderr, "fs_set_root: %s\n", libct_session_last_error(s));
			goto out_ct;
		}
	}
	if (libct_container_set_nsmask(ct, nsmask) < 0 ||
	    libct_container_uname(ct, HOSTNAME, NULL) < 0) {
		fprintf(stderr, "configure: %s\n", libct_session_last_error(s));
		goto out_ct;
	}

	/* init: a program found at this path (inside the root), with argv */
	init = libct_container_spawn_execv(ct, NULL, "/bin/sleep", init_argv);
	if (libct_handle_is_err(init)) {
		fprintf(stderr, "spawn_execv: %s\n", libct_session_last_error(s));
		goto out_ct;
	}
	printf("init runs as pid %d on the host\n", libct_process_get_pid(init));

	/* a new process in the running container's namespaces */
	p = libct_container_enter_execv(ct, NULL, "/bin/sh", sh_argv);
	if (libct_handle_is_err(p)) {
		fprintf(stderr, "enter_execv: %s\n", libct_session_last_error(s));
		goto out_kill;
	}
	fflush(stdout);
	/* its status, as waitpid gives it */
	if (libct_process_wait(p, &status) < 0) {
		fprintf(stderr, "process_wait: %s\n", libct_session_last_error(s));
		libct_process_destroy(p);
		goto out_kill;
	}
	libct_process_destroy(p);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("the entered process found the hostname %s\n", HOSTNAME);
		ret = 0;
	} else {
		fprintf(stderr, "the entered process failed (status %#x)\n", status);
	}
out_kill:
	/* SIGKILL to init ends the pid namespace and everything in it */
	if (libct_container_kill(ct) < 0) {
		fprintf(stderr, "container_kill: %s\n", libct_session_last_error(s));
		ret = 1;
	} else if (libct_container_wait(ct) < 0) {
		fprintf(stderr, "container_wait: %s\n", libct_session_last_error(s));
		ret = 1;
	}
out_ct:
	libct_container_destroy(ct);
out_session:
	libct_session_close(s);
	return ret;
}
