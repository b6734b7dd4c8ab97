/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What only cgroup v1 needs: cpuset inheritance, the memory/memsw write
 * order, the freezer controller. */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

#define FREEZE_TIMEOUT_MS 10000

/* dir's file, filled from its parent's (itself filled the same way, up to
 * the first ancestor that has one) when empty; *ret_value is what dir has.
 * A freshly made directory costs a read of it, and of its parent unless
 * that one hands its values down (cgroup.clone_children, which the
 * ancestors ct makes have). */
static int inherit(char *dir, size_t mnt_len, const char *file, char **ret_value,
		   struct libct_error *err)
{
	_cleanup_free_ char *mine = NULL, *parent = NULL;
	char *slash;
	int r = lct_cgroup_read(dir, file, &mine, err);

	if (r < 0)
		return r;
	mine[strcspn(mine, "\n")] = '\0';
	slash = strrchr(dir, '/');
	if (*mine || !slash || strlen(dir) <= mnt_len) {
		*ret_value = TAKE_PTR(mine); /* the root's is never empty */
		return 0;
	}
	*slash = '\0';
	r = inherit(dir, mnt_len, file, &parent, err);
	*slash = '/';
	if (r == 0 && !*parent)
		r = lct_err_msg(err, -ENOSPC,
				"cpuset: '%.*s/%s' is empty, so '%s' cannot be "
				"filled from it",
				(int)(slash - dir), dir, file, dir);
	if (r == 0)
		r = lct_cgroup_write(dir, file, parent, err);
	if (r == 0)
		*ret_value = TAKE_PTR(parent);
	return r;
}

int lct_cgroup_v1_cpuset_init(const struct lct_cgroup_hier *h, struct libct_error *err)
{
	_cleanup_free_ char *d = strdup(h->dir), *cpus = NULL, *mems = NULL;
	int r;

	if (!d)
		return lct_err(err, -ENOMEM, "cpuset");
	/* an ancestor a killed call left empty is repaired on the way */
	r = inherit(d, strlen(h->mnt), "cpuset.cpus", &cpus, err);
	if (r == 0)
		r = inherit(d, strlen(h->mnt), "cpuset.mems", &mems, err);
	return r;
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

	/* v1's freezer.state gives no notification: read it again after 1, 2, 4,
	 * 8, then every 10 ms (most groups are FROZEN within the first few) */
	for (long i = 0, waited = 0, step = 1; waited < FREEZE_TIMEOUT_MS; i++) {
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
		waited += lct_backoff_sleep(&step);
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
