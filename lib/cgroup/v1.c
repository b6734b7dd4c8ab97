/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What only cgroup v1 needs: cpuset inheritance, the memory/memsw write
 * order, the freezer controller. */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

#define FREEZE_TIMEOUT_MS 10000

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Copy file from dir's parent into dir when dir's is empty. The parent has
 * been filled already: the walk goes top down. */
static int inherit(const char *dir, const char *file, struct libct_error *err)
{
	_cleanup_free_ char *mine = NULL, *parent = NULL, *pdir = strdup(dir);
	char *slash;
	int r;

	if (!pdir)
		return lct_err(err, -ENOMEM, "cpuset");
	r = lct_cgroup_read(dir, file, &mine, err);
	if (r < 0 || *mine)
		return r;
	slash = strrchr(pdir, '/');
	if (!slash || slash == pdir)
		return 0;
	*slash = '\0';
	r = lct_cgroup_read(pdir, file, &parent, err);
	if (r < 0)
		return r;
	parent[strcspn(parent, "\n")] = '\0';
	if (!*parent)
		return lct_err_msg(err, -ENOSPC, "cpuset: '%s/%s' is empty, so '%s' cannot be "
				   "filled from it", pdir, file, dir);
	return lct_cgroup_write(dir, file, parent, err);
}

int lct_cgroup_v1_cpuset_init(const struct lct_cgroup_hier *h, struct libct_error *err)
{
	_cleanup_free_ char *d = strdup(h->dir);
	int r;

	if (!d)
		return lct_err(err, -ENOMEM, "cpuset");
	/* from the first directory below the mount point down to the container's,
	 * each from its parent: an ancestor a killed call left empty is repaired */
	for (size_t i = strlen(h->mnt) + 1;; i++) {
		char c = d[i];

		if (c != '/' && c != '\0')
			continue;
		d[i] = '\0';
		r = inherit(d, "cpuset.cpus", err);
		if (r == 0)
			r = inherit(d, "cpuset.mems", err);
		if (r < 0)
			return r;
		d[i] = c;
		if (!c)
			return 0;
	}
}

bool lct_cgroup_v1_swap_first(const char *dir, const struct lct_resources *r)
{
	_cleanup_free_ char *cur = NULL;
	int64_t swap = r->set[LIBCT_MEMORY_SWAP] ? r->value[LIBCT_MEMORY_SWAP] : -1;
	int64_t limit;

	if (!r->set[LIBCT_MEMORY_LIMIT])
		return false;
	if (swap == -1)
		return true;
	/* as runc: memsw first when the current limit already fits under it */
	if (lct_cgroup_read(dir, "memory.limit_in_bytes", &cur, NULL) < 0 ||
	    lct_parse_int64(cur, &limit) < 0)
		return false;
	return limit < swap;
}

int lct_cgroup_v1_freeze(const char *dir, bool frozen, struct libct_error *err)
{
	const char *want = frozen ? "FROZEN" : "THAWED";
	_cleanup_free_ char *state = NULL;
	int r;

	for (int i = 0; i < FREEZE_TIMEOUT_MS / 10; i++) {
		/* a task in a vfork or in an uninterruptible sleep can stall FREEZING: ask again */
		if (i % 50 == 0) {
			r = lct_cgroup_write(dir, "freezer.state", want, err);
			if (r < 0)
				return r;
		}
		free(state);
		state = NULL;
		r = lct_cgroup_read(dir, "freezer.state", &state, err);
		if (r < 0)
			return r;
		if (strcmp(state, want) == 0)
			return 0;
		sleep_ms(10);
	}
	if (frozen)
		lct_cgroup_write(dir, "freezer.state", "THAWED", NULL);
	return lct_err_msg(err, -ETIMEDOUT, "%s '%s': freezer.state still %s after %d ms",
			   frozen ? "freeze" : "thaw", dir, state ? state : "?", FREEZE_TIMEOUT_MS);
}

int lct_cgroup_v1_is_frozen(const char *dir)
{
	_cleanup_free_ char *state = NULL;
	int r = lct_cgroup_read(dir, "freezer.state", &state, NULL);

	if (r < 0)
		return r;
	return strcmp(state, "FROZEN") == 0;
}
