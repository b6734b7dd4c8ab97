/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sd_notify from inside a container (NOTIFY_SOCKET, as runc and crun relay
 * it): a directory of the container's state directory, bound read-only into
 * the container, holds the datagram socket its processes send to. What they
 * send is the caller's to read (the CLI passes READY=1 on to the host). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/notify.h"
#include "core/state.h"
#include "util/util.h"

#define NOTIFY_DIR "notify"
#define NOTIFY_SOCKET "notify.sock"

LCT_EXPORT int libct_container_set_notify_dir(struct libct_container *ct, const char *dir,
					      struct libct_error *err)
{
	/* as runc binds it: nothing in it is executed, made or written */
	static const char *const opts[] = { "bind", "ro", "nosuid", "nodev", "noexec" };
	_cleanup_free_ char *src = NULL;
	int r;

	if (!dir || dir[0] != '/')
		return lct_err_msg(err, -EINVAL,
				   "notify socket directory '%s' must be an absolute path",
				   dir ? dir : "");
	if (ct->cfg.notify)
		return lct_err_msg(err, -EEXIST, "notify socket directory: already set");
	src = lct_asprintf("%s/%s/%s", ct->session->state_dir, ct->id, NOTIFY_DIR);
	if (!src)
		return lct_err(err, -ENOMEM, "notify socket directory");
	r = libct_container_add_mount(ct, src, dir, NULL, opts, ARRAY_SIZE(opts), err);
	if (r < 0)
		return lct_err_prefix(err, "notify socket directory '%s'", dir);
	ct->cfg.notify = true;
	return 0;
}

/* The socket bound anew in the notify directory of the state directory
 * (a file left there by an earlier bind is replaced); reachable by every
 * user of the container. -ENOENT when there is no such directory. */
static int bind_socket(int state_dirfd, struct libct_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int dirfd = -EBADF, fd = -EBADF;

	dirfd = openat(state_dirfd, NOTIFY_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dirfd < 0)
		return lct_err(err, -errno, "open the notify directory '%s'", NOTIFY_DIR);
	if (unlinkat(dirfd, NOTIFY_SOCKET, 0) < 0 && errno != ENOENT)
		return lct_err(err, -errno, "remove the old notify socket");
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return lct_err(err, -errno, "notify socket");
	/* through /proc/self/fd: no length limit on the state path */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d/%s", dirfd, NOTIFY_SOCKET);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return lct_err(err, -errno, "bind the notify socket");
	if (fchmodat(dirfd, NOTIFY_SOCKET, 0777, 0) < 0)
		return lct_err(err, -errno, "chmod the notify socket");
	return TAKE_FD(fd);
}

int lct_notify_prepare(struct libct_container *ct, int state_dirfd, struct libct_error *err)
{
	int fd;

	closep(&ct->notify_fd);
	if (!ct->cfg.notify)
		return 0;
	if (mkdirat(state_dirfd, NOTIFY_DIR, 0755) < 0 && errno != EEXIST)
		return lct_err(err, -errno, "make the notify directory");
	fd = bind_socket(state_dirfd, err);
	if (fd < 0)
		return fd;
	ct->notify_fd = fd;
	return 0;
}

LCT_EXPORT int libct_container_notify_socket(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_close_ int lock = -EBADF;
	int fd;

	if (ct->notify_fd >= 0)
		return ct->notify_fd;
	lock = lct_state_lock(ct, err);
	if (lock < 0)
		return lock;
	fd = bind_socket(lock, err);
	/* no directory (or anything else there, never a directory ct made) */
	if (fd == -ENOENT || fd == -ENOTDIR || fd == -ELOOP)
		return lct_err_msg(err, -ENOENT, "container '%s' has no notify socket", ct->id);
	if (fd >= 0)
		ct->notify_fd = fd;
	return fd;
}
