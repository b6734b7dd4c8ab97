/*
 * spawn-callback: the original libct interface (<libct/compat.h>) running a
 * C function, not a program, as a container's init.
 *
 *   spawn-callback [ROOTFS]
 *
 * The container gets new pid, mount and uts namespaces and a hostname, and
 * /proc is mounted for its pid namespace. Without ROOTFS it keeps the
 * caller's root filesystem (its mounts go to a private copy of the tree).
 * The callback runs in a forked copy of this program: it reports what it
 * sees (its pid, 1, and the hostname) back through a MAP_SHARED page.
 *
 * Build: cc spawn-callback.c $(pkg-config --cflags --libs libct)
 * Run as root.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libct/compat.h>

struct report {
	int pid;
	char hostname[64];
};

/* The container's init: returns its exit status. */
static int in_container(void *arg)
{
	struct report *r = arg;

	r->pid = getpid();
	gethostname(r->hostname, sizeof(r->hostname));
	return 0;
}

int main(int argc, char **argv)
{
	char name[64];
	libct_session_t s;
	ct_handler_t ct;
	ct_process_t p;
	struct report *r;
	int ret = 1;

	/* memory shared between this process and the callback's copy of it */
	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memset(r, 0, sizeof(*r));

	/* a session: state under /run/ct, shared with the `ct` tool. Calls
	 * that return a handle report errors in the handle itself. */
	s = libct_session_open_local();
	if (libct_handle_is_err(s)) {
		fprintf(stderr, "session_open_local: error %ld\n", libct_handle_to_err(s));
		return 1;
	}

	snprintf(name, sizeof(name), "spawn-callback-%d", (int)getpid());
	ct = libct_container_create(s, name);
	if (libct_handle_is_err(ct)) {
		fprintf(stderr, "container_create: %s\n", libct_session_last_error(s));
		goto out_session;
	}
	/* calls that return int return 0 or a negative code; the message of
	 * the last failure is in the session */
	if (libct_container_set_nsmask(ct, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS) < 0) {
		fprintf(stderr, "set_nsmask: %s\n", libct_session_last_error(s));
		goto out_ct;
	}
	if (libct_container_uname(ct, "callback-host", NULL) < 0) {
		fprintf(stderr, "uname: %s\n", libct_session_last_error(s));
		goto out_ct;
	}
	if (libct_container_set_option(ct, LIBCT_OPT_AUTO_PROC_MOUNT, NULL) < 0) {
		fprintf(stderr, "set_option: %s\n", libct_session_last_error(s));
		goto out_ct;
	}
	if (argc > 1 && libct_fs_set_root(ct, argv[1]) < 0) {
		fprintf(stderr, "fs_set_root: %s\n", libct_session_last_error(s));
		goto out_ct;
	}

	/* start: in_container(r) is the init of the new pid namespace */
	p = libct_container_spawn_cb(ct, NULL, in_container, r);
	if (libct_handle_is_err(p)) {
		fprintf(stderr, "spawn_cb: %s\n", libct_session_last_error(s));
		goto out_ct;
	}
	/* init's exit ends the container */
	if (libct_container_wait(ct) < 0) {
		fprintf(stderr, "container_wait: %s\n", libct_session_last_error(s));
		goto out_ct;
	}
	printf("pid in the container: %d\n", r->pid);
	printf("hostname in the container: %s\n", r->hostname);
	ret = r->pid == 1 && strcmp(r->hostname, "callback-host") == 0 ? 0 : 1;
out_ct:
	/* removes the cgroup and the state record, frees the handle */
	libct_container_destroy(ct);
out_session:
	libct_session_close(s);
	return ret;
}
