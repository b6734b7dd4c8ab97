/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* LSM labels (AppArmor profile, SELinux label) for the process's next exec. */
#include <fcntl.h>
#include <stdio.h>

#include "security/security.h"
#include "util/util.h"

static int set_label(char **slot, const char *label, const char *what, struct libct_error *err)
{
	char *c = NULL;

	/* NULL or "" clears it: no label */
	if (label && *label) {
		if (strchr(label, '\n'))
			return lct_err_msg(err, -EINVAL, "%s must not contain a newline", what);
		c = strdup(label);
		if (!c)
			return lct_err(err, -ENOMEM, "%s", what);
	}
	free(*slot);
	*slot = c;
	return 0;
}

/* The AppArmor profile to exec into; NULL or "" for none. */
LCT_EXPORT int libct_process_desc_set_apparmor_profile(struct libct_process_desc *pd,
						       const char *profile, struct libct_error *err)
{
	return set_label(&pd->apparmor_profile, profile, "apparmor profile", err);
}

/* The SELinux label to exec into; NULL or "" for none. */
LCT_EXPORT int libct_process_desc_set_selinux_label(struct libct_process_desc *pd,
						    const char *label, struct libct_error *err)
{
	return set_label(&pd->selinux_label, label, "selinux label", err);
}

/* AppArmor is on: the module says so and its interface is there. */
bool lct_lsm_apparmor_enabled(void)
{
	_cleanup_close_ int fd = open("/sys/module/apparmor/parameters/enabled",
				      O_RDONLY | O_CLOEXEC);
	char c = 0;

	if (fd < 0 || read(fd, &c, 1) != 1 || c != 'Y')
		return false;
	return access("/proc/self/attr/apparmor", F_OK) == 0 ||
	       access("/sys/kernel/security/apparmor", F_OK) == 0;
}

/* SELinux is on: selinuxfs is mounted. */
bool lct_lsm_selinux_enabled(void)
{
	/* selinuxfs is mounted (by the host's init) only when SELinux is on */
	return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

/* Write data to an attr file (path below procfd, a procfs root); -ENOENT
 * (without a message) when the file is missing. No link and no other mount
 * on the way: the file is this procfs's. */
static int write_attr(int procfd, const char *path, const char *data, const char *what,
		      struct libct_error *err)
{
	_cleanup_close_ int fd = lct_open_proc(procfd, path, O_WRONLY);
	size_t len = strlen(data);
	ssize_t w;

	if (fd == -ENOENT)
		return -ENOENT;
	if (fd < 0)
		return lct_err(err, fd, "%s: open '/proc/%s'", what, path);
	w = write(fd, data, len);
	if (w < 0)
		return lct_err(err, -errno, "%s: write '%s'", what, path);
	if ((size_t)w != len)
		return lct_err(err, -EIO, "%s: short write to '%s'", what, path);
	return 0;
}

/* Ask AppArmor to switch to profile at the next exec ("exec PROFILE" to the attr file). */
int lct_lsm_apparmor_exec(int procfd, const char *profile, struct libct_error *err)
{
	char what[300], data[300];
	int r;

	snprintf(what, sizeof(what), "apparmor profile '%s'", profile);
	if (!lct_lsm_apparmor_enabled())
		return lct_err_msg(err, -EOPNOTSUPP,
				   "%s requested but apparmor is not enabled on this host", what);
	if (snprintf(data, sizeof(data), "exec %s", profile) >= (int)sizeof(data))
		return lct_err_msg(err, -ENAMETOOLONG, "%s: name too long", what);
	/* the AppArmor-only file (stacked LSMs, Linux 5.1) first, then the shared one */
	r = write_attr(procfd, "self/attr/apparmor/exec", data, what, err);
	if (r == -ENOENT)
		r = write_attr(procfd, "self/attr/exec", data, what, err);
	if (r == -ENOENT)
		return lct_err(err, r, "%s: open '/proc/self/attr/exec'", what);
	return r;
}

/* Ask SELinux to switch to label at the next exec. */
int lct_lsm_selinux_exec(int procfd, const char *label, struct libct_error *err)
{
	char what[300];
	int r;

	snprintf(what, sizeof(what), "selinux label '%s'", label);
	if (!lct_lsm_selinux_enabled())
		return lct_err_msg(err, -EOPNOTSUPP,
				   "%s requested but selinux is not enabled on this host", what);
	r = write_attr(procfd, "self/attr/exec", label, what, err);
	if (r == -ENOENT)
		return lct_err(err, r, "%s: open '/proc/self/attr/exec'", what);
	return r;
}
