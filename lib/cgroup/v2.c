/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What only the cgroup2 hierarchy needs: controllers enabled down the tree,
 * cgroup.freeze and cgroup.events, cgroup.kill. */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <time.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

#define FREEZE_TIMEOUT_MS 10000

/* The controllers the cgroup2 hierarchy h must offer the container's directory. */
static uint32_t needed(struct lct_cgroup *cg, struct lct_cgroup_hier *h,
		       const struct lct_resources *r)
{
	uint32_t mask = 0;

	for (int k = 0; k < LCT_KNOB__MAX; k++) {
		enum lct_cgroup_ctrl c = lct_cgroup_knob_ctrl(k);

		if (k == LCT_KNOB_UNIFIED || !lct_cgroup_knob_active(r, k))
			continue;
		if (lct_cgroup_ctrl_name(c, true) && lct_cgroup_hier_for(cg, c) == h)
			mask |= 1u << c;
	}
	/* unified keys name their controller: "memory.high" needs memory */
	for (size_t i = 0; i < r->n_unified; i++) {
		char name[32];
		enum lct_cgroup_ctrl c;

		snprintf(name, sizeof(name), "%.*s", (int)strcspn(r->unified[i].key, "."),
			 r->unified[i].key);
		c = lct_cgroup_ctrl_from_name(name);
		if (c != LCT_CG_NONE && lct_cgroup_ctrl_name(c, true))
			mask |= 1u << c;
	}
	return mask;
}

static int read_mask(const char *dir, const char *file, uint32_t *ret, struct libct_error *err)
{
	_cleanup_free_ char *text = NULL;
	int r = lct_cgroup_read(dir, file, &text, err);

	if (r < 0)
		return r;
	*ret = lct_cgroup_ctrls_parse(text);
	return 0;
}

/* Enable the controllers of want that dir's subtree_control lacks; with
 * only_check, say which one is missing instead. */
static int enable_in(const char *dir, uint32_t want, bool only_check, struct libct_error *err)
{
	uint32_t have, avail;
	int r;

	r = read_mask(dir, "cgroup.subtree_control", &have, err);
	if (r < 0 || !(want & ~have))
		return r;
	for (int c = 0; only_check && c < LCT_CG__MAX; c++)
		if (want & ~have & (1u << c))
			return lct_err_msg(err, -EOPNOTSUPP,
					   "cgroup controller '%s' is not enabled "
					   "in '%s/cgroup.subtree_control', a cgroup ct did not "
					   "make (on a hybrid host set this limit through the v1 "
					   "hierarchy)",
					   lct_cgroup_ctrl_name(c, true), dir);
	r = read_mask(dir, "cgroup.controllers", &avail, err);
	if (r < 0)
		return r;
	for (int c = 0; c < LCT_CG__MAX; c++) {
		char buf[32];

		if (!(want & ~have & (1u << c)))
			continue;
		if (!(avail & (1u << c)))
			return lct_err_msg(err, -EOPNOTSUPP,
					   "cgroup controller '%s' is not "
					   "available in '%s'",
					   lct_cgroup_ctrl_name(c, true), dir);
		snprintf(buf, sizeof(buf), "+%s", lct_cgroup_ctrl_name(c, true));
		r = lct_cgroup_write(dir, "cgroup.subtree_control", buf, err);
		if (r < 0)
			return r;
	}
	return 0;
}

static bool made_here(const struct lct_cgroup_hier *h, const char *dir)
{
	size_t n = h->created ? strlen(h->created) : 0;

	return n && strncmp(dir, h->created, n) == 0 && (dir[n] == '\0' || dir[n] == '/');
}

int lct_cgroup_v2_enable(struct lct_cgroup *cg, struct lct_cgroup_hier *h,
			 const struct lct_resources *r, struct libct_error *err)
{
	_cleanup_free_ char *d = strdup(h->dir);
	uint32_t need = needed(cg, h, r);
	size_t start = strlen(h->mnt);
	int ret;

	if (!d)
		return lct_err(err, -ENOMEM, "cgroup controllers");
	/* every ancestor of the container's directory, from the mount down */
	for (size_t i = start; d[i]; i++) {
		uint32_t want = need;

		if (d[i] != '/')
			continue;
		d[i] = '\0';
		/* a unified host's own directories get every controller, so that the
		 * container's statistics files exist; others only what a limit needs */
		if (made_here(h, d) && cg->layout == LCT_CGROUP_V2) {
			ret = read_mask(d, "cgroup.controllers", &want, err);
			if (ret < 0)
				return ret;
			want |= need;
		}
		/* hybrid: the unified hierarchy belongs to the host's manager */
		ret = want ? enable_in(d, want, cg->layout == LCT_CGROUP_HYBRID && !made_here(h, d),
				       err) :
			     0;
		if (ret < 0)
			return ret;
		d[i] = '/';
	}
	return 0;
}

static int events_frozen(int fd)
{
	char buf[512], *p;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	p = strstr(buf, "frozen ");
	return p && p[7] == '1';
}

int lct_cgroup_v2_freeze(const char *dir, bool frozen, struct libct_error *err)
{
	_cleanup_free_ char *path = lct_asprintf("%s/cgroup.events", dir);
	_cleanup_close_ int fd = -EBADF;
	long deadline = lct_now_ms() + FREEZE_TIMEOUT_MS;
	int r;

	if (!path)
		return lct_err(err, -ENOMEM, "freeze");
	r = lct_cgroup_write(dir, "cgroup.freeze", frozen ? "1" : "0", err);
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lct_err(err, -errno, "open '%s'", path);
	/* kernfs signals a change of cgroup.events with POLLPRI */
	while ((r = events_frozen(fd)) >= 0 && r != frozen) {
		struct pollfd p = { .fd = fd, .events = POLLPRI };
		long left = deadline - lct_now_ms();

		if (left <= 0)
			break;
		poll(&p, 1, left > 100 ? 100 : (int)left);
	}
	if (r < 0)
		return lct_err(err, r, "read '%s'", path);
	if (r == frozen)
		return 0;
	if (frozen)
		lct_cgroup_write(dir, "cgroup.freeze", "0", NULL);
	return lct_err_msg(err, -ETIMEDOUT, "%s '%s': cgroup.events not %s after %d ms",
			   frozen ? "freeze" : "thaw", dir, frozen ? "frozen" : "thawed",
			   FREEZE_TIMEOUT_MS);
}

int lct_cgroup_v2_is_frozen(const char *dir)
{
	_cleanup_free_ char *path = lct_asprintf("%s/cgroup.events", dir);
	_cleanup_close_ int fd = -EBADF;

	if (!path)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return events_frozen(fd);
}

int lct_cgroup_v2_kill(const char *dir, struct libct_error *err)
{
	_cleanup_free_ char *path = lct_asprintf("%s/cgroup.kill", dir);

	if (!path)
		return lct_err(err, -ENOMEM, "kill");
	if (access(path, F_OK) < 0)
		return -ENOENT;
	return lct_cgroup_write(dir, "cgroup.kill", "1", err);
}

/* The files a cgroup2 directory's owner may write, as the kernel lists them
 * (cgroups(7)); the runtime-spec's list where the kernel has none. */
#define DELEGATE_LIST "/sys/kernel/cgroup/delegate"
static const char fallback_delegate[] = "cgroup.procs\ncgroup.subtree_control\ncgroup.threads\n";

int lct_cgroup_delegate(struct lct_cgroup *cg, uid_t uid, struct libct_error *err)
{
	struct lct_cgroup_hier *h = lct_cgroup_hier_v2(cg);
	_cleanup_free_ char *list = NULL;
	_cleanup_close_ int dir = -EBADF;
	const char *names;

	/* pure cgroup v2 only (not v1's, as the runtime-spec says, nor a
	 * hybrid host's unified tree), the cgroupfs driver's (as with runc's
	 * fs2 manager) */
	if (!h || cg->layout != LCT_CGROUP_V2 || cg->sd_unit)
		return 0;
	dir = open(h->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return lct_err(err, -errno, "open cgroup '%s'", h->dir);
	if (lct_read_file_at(AT_FDCWD, DELEGATE_LIST, &list, NULL, NULL) < 0)
		list = NULL;
	names = list ? list : fallback_delegate;
	for (const char *p = names; *p;) {
		size_t n = strcspn(p, "\n");
		char name[NAME_MAX + 1];

		if (n > 0 && n <= NAME_MAX) {
			memcpy(name, p, n);
			name[n] = '\0';
			/* a file the kernel lists that this cgroup has not: fine */
			if (fchownat(dir, name, uid, (gid_t)-1, AT_SYMLINK_NOFOLLOW) < 0 &&
			    errno != ENOENT)
				return lct_err(err, -errno, "chown '%s/%s' to %u", h->dir, name,
					       (unsigned)uid);
		}
		p += n + (p[n] == '\n');
	}
	if (fchown(dir, uid, (gid_t)-1) < 0)
		return lct_err(err, -errno, "chown cgroup '%s' to %u", h->dir, (unsigned)uid);
	return 0;
}
