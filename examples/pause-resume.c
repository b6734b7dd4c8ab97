/*
 * pause-resume: freezing a running container, through <libct/libct.h>.
 *
 *   pause-resume ROOTFS
 *
 * The container (new pid, mount and uts namespaces; ROOTFS as its root)
 * runs a long `sleep`. It is paused (every process frozen), its status shows
 * "paused"; resumed, "running"; then killed, waited for and deleted.
 * Run as root.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <libct/libct.h>

static void show(struct libct_container *ct)
{
	/* read from the kernel: is init alive, is the cgroup frozen? */
	printf("status: %s\n", libct_status_to_string(libct_container_status(ct)));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *const args[] = { "sleep", "1000", NULL };
	const enum libct_ns nss[] = { LIBCT_NS_PID, LIBCT_NS_MOUNT, LIBCT_NS_UTS };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd = NULL;
	struct libct_error err;
	char id[64];
	int status = -1, created = 0, ok;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ROOTFS\n", argv[0]);
		return 2;
	}
	snprintf(id, sizeof(id), "pause-resume-%d", (int)getpid());
	if (libct_session_new(NULL, &s, &err) < 0 || libct_container_new(s, id, &ct, &err) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(nss) / sizeof(nss[0]); i++)
		if (libct_container_set_namespace(ct, nss[i], NULL, &err) < 0)
			goto fail;
	if (libct_container_set_root(ct, argv[1], false, &err) < 0)
		goto fail;
	if (libct_process_desc_new(&pd, &err) < 0 ||
	    libct_process_desc_set_args(pd, args, &err) < 0)
		goto fail;
	if (libct_container_run(ct, pd, &err) < 0)
		goto fail;
	created = 1;
	show(ct);

	/* the freezer stops every process of the container where it is */
	if (libct_container_pause(ct, &err) < 0)
		goto fail;
	show(ct);
	ok = libct_container_status(ct) == LIBCT_STATUS_PAUSED;
	if (libct_container_resume(ct, &err) < 0)
		goto fail;
	show(ct);
	ok = ok && libct_container_status(ct) == LIBCT_STATUS_RUNNING;

	/* SIGKILL to init (the pid namespace ends with it), then reap it */
	if (libct_container_kill(ct, SIGKILL, false, &err) < 0 ||
	    libct_container_wait(ct, &status, &err) < 0)
		goto fail;
	printf("init ended with status %d\n", status); /* 128 + SIGKILL */
	show(ct);
	if (libct_container_delete(ct, false, &err) < 0)
		goto fail;
	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	return ok ? 0 : 1;

fail:
	fprintf(stderr, "pause-resume: %s\n", err.message);
	if (created)
		libct_container_delete(ct, true, NULL);
	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	return 1;
}
