/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The sub-cgroups below a container's directory, which its processes make
 * (systemd or an engine inside it): their processes read, their freezers
 * thawed, and the sub-cgroups removed at delete.
 *
 * The container decides how deep they go, so the walk has no depth limit
 * and no path length limit: it holds at most three fds whatever the depth
 * (each directory is opened relative to its parent, and the way back up is
 * "..", a directory's own parent in cgroupfs), keeps no recursion on the C
 * stack, and names each directory by its entry in its parent. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

/* The subdirectories of one directory, and how far the walk has come. */
struct level {
	char **names;
	size_t n, next;
};

static void level_free(struct level *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	*l = (struct level){ 0 };
}

/* fd's subdirectories. A cgroup directory's link count is 2 plus its
 * subdirectories: without any, it is not read. */
static int level_read(int fd, const char *top, struct level *l, struct libct_error *err)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int dfd;

	*l = (struct level){ 0 };
	if (fstat(fd, &st) == 0 && st.st_nlink <= 2)
		return 0;
	dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return errno == ENOENT ? 0 : lct_err(err, -errno, "read a cgroup below '%s'", top);
	}
	while ((e = readdir(d))) {
		char **slot;

		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		slot = lct_array_grow(&l->names, &l->n, sizeof(*l->names));
		if (!slot || !(*slot = strdup(e->d_name))) {
			if (slot)
				l->n--;
			closedir(d);
			level_free(l);
			return lct_err(err, -ENOMEM, "read a cgroup below '%s'", top);
		}
	}
	closedir(d);
	return 0;
}

int lct_cgroup_walk_below(const char *top, const struct lct_cgroup_walk *w, void *arg,
			  struct libct_error *err)
{
	_cleanup_free_ struct level *stack = NULL;
	size_t depth = 0, cap = 0;
	struct stat st;
	int cur, r = 0;

	/* the usual case, no sub-cgroup: one call */
	if (stat(top, &st) == 0 && st.st_nlink <= 2)
		return 0;
	cur = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return errno == ENOENT ? 0 : lct_err(err, -errno, "open '%s'", top);
	for (;;) {
		struct level *l;

		/* a directory just entered: its subdirectories */
		if (depth == cap) {
			struct level *grown = realloc(stack, (cap ? cap * 2 : 8) * sizeof(*stack));

			if (!grown) {
				r = lct_err(err, -ENOMEM, "cgroups below '%s'", top);
				break;
			}
			stack = grown;
			cap = cap ? cap * 2 : 8;
		}
		r = level_read(cur, top, &stack[depth], err);
		if (r < 0)
			break;
		depth++;
		/* down to the next subdirectory left, or back up */
		for (;;) {
			l = &stack[depth - 1];
			if (l->next < l->n) {
				const char *name = l->names[l->next++];
				int child = openat(cur, name,
						   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

				if (child < 0 && errno == ENOENT) /* removed meanwhile */
					continue;
				if (child < 0) {
					r = lct_err(err, -errno, "open cgroup '%s' below '%s'",
						    name, top);
					break;
				}
				if (w->pre && (r = w->pre(child, arg, err)) < 0) {
					close(child);
					break;
				}
				close(cur);
				cur = child;
				break;
			}
			level_free(l);
			if (--depth == 0)
				break;
			{
				int parent = openat(cur, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

				if (parent < 0) {
					r = lct_err(err, -errno, "cgroups below '%s'", top);
					break;
				}
				close(cur);
				cur = parent;
			}
			l = &stack[depth - 1];
			if (w->post && (r = w->post(cur, l->names[l->next - 1], arg, err)) < 0)
				break;
		}
		if (r < 0 || depth == 0)
			break;
	}
	while (depth)
		level_free(&stack[--depth]);
	close(cur);
	return r;
}
