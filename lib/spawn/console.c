/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The process's terminal: a pty from the container's own devpts, its master
 * sent over the console socket, its slave made stdio, the controlling
 * terminal and (init's) /dev/console. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>

#include "spawn/spawn.h"
#include "util/util.h"

static int send_fd(int sock, int fd, struct libct_error *err)
{
	char name[] = "/dev/ptmx";
	struct iovec iov = { name, sizeof(name) - 1 };
	int r = lct_send_fds(sock, &iov, 1, &fd, 1);

	return r < 0 ? lct_err(err, r, "send the terminal to the console socket") : 0;
}

static int clear_onlcr(int fd, const char *path, struct libct_error *err)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return lct_err(err, -errno, "get the attributes of '%s'", path);
	t.c_oflag &= ~ONLCR;
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return lct_err(err, -errno, "clear ONLCR on '%s'", path);
	return 0;
}

/* /dev/console is a bind of the pty slave, as in runc and crun: from the
 * slave's own fd onto the file opened here, neither named again, so that
 * no symlink put in their place meanwhile redirects the bind. What is there
 * is only looked at (O_PATH: a FIFO of the image is not opened, and a file
 * on a read-only /dev or root is not opened for writing): it is made only
 * when missing (init's rootfs setup made it before /dev or the root was
 * made read-only). */
static int bind_console(int slave, const char *slave_path, struct libct_error *err)
{
	_cleanup_close_ int target = open("/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	char src[64], dst[64];
	struct stat st;

	if (target < 0 && errno == ENOENT) {
		int fd = open("/dev/console", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
			      0600);

		if (fd < 0 && errno != EEXIST)
			return lct_err(err, -errno, "create /dev/console");
		if (fd >= 0)
			close(fd);
		target = open("/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	if (target < 0)
		return lct_err(err, -errno, "open /dev/console");
	if (fstat(target, &st) < 0)
		return lct_err(err, -errno, "stat /dev/console");
	if (S_ISLNK(st.st_mode))
		return lct_err_msg(err, -ELOOP, "bind '%s' on /dev/console: it is a symlink",
				   slave_path);
	if (mount(FDPATH(src, slave), FDPATH(dst, target), NULL, MS_BIND, NULL) < 0)
		return lct_err(err, -errno, "bind '%s' on /dev/console", slave_path);
	return 0;
}

int lct_console_setup(const struct libct_process_desc *pd, struct libct_error *err)
{
	_cleanup_close_ int master = -EBADF, slave = -EBADF;
	char path[64];
	int r;

	if (!pd->terminal)
		return 0;
	if (pd->console_socket < 0)
		return lct_err_msg(err, -EINVAL, "a terminal needs a console socket");
	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return lct_err(err, -errno, "open /dev/ptmx in the container");
	if (unlockpt(master) < 0 || ptsname_r(master, path, sizeof(path)) != 0)
		return lct_err(err, -errno, "unlock the terminal");
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return lct_err(err, -errno, "open the terminal's peer '%s'", path);
	/* before the process can write anything */
	if (pd->no_onlcr && (r = clear_onlcr(slave, path, err)) < 0)
		return r;
	if ((pd->console_rows || pd->console_cols) &&
	    ioctl(master, TIOCSWINSZ,
		  &(struct winsize){ .ws_row = pd->console_rows, .ws_col = pd->console_cols }) < 0)
		return lct_err(err, -errno, "set the size of the terminal '%s'", path);
	if (fchown(slave, pd->uid, -1) < 0)
		return lct_err(err, -errno, "chown '%s' to %u", path, pd->uid);
	/* init's terminal only (as runc): an exec's would leave /dev/console
	 * on a pty that goes with it */
	r = pd->joins ? 0 : bind_console(slave, path, err);
	if (r < 0)
		return r;
	r = send_fd(pd->console_socket, master, err);
	if (r < 0)
		return r;
	if (setsid() < 0)
		return lct_err(err, -errno, "setsid");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return lct_err(err, -errno, "make '%s' the controlling terminal", path);
	for (int i = 0; i < 3; i++)
		if (dup2(slave, i) < 0)
			return lct_err(err, -errno, "dup2 terminal to fd %d", i);
	return 0;
}
