/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The files of a cgroup directory: reading one, writing one, and running a
 * list of writes (a knob's, or raw ones) with their fallbacks. Below the
 * orchestrator (apply.c) and used by every backend. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

int lct_cgroup_read(const char *dir, const char *file, char **ret, struct libct_error *err)
{
	_cleanup_free_ char *path = lct_asprintf("%s/%s", dir, file);
	char *text;
	size_t len = 0;
	int r;

	if (!path)
		return lct_err(err, -ENOMEM, "read '%s'", file);
	r = lct_read_file_at(AT_FDCWD, path, &text, &len, err);
	if (r < 0)
		return r;
	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	*ret = text;
	return 0;
}

int lct_cgroup_write(const char *dir, const char *file, const char *value, struct libct_error *err)
{
	_cleanup_free_ char *path = lct_asprintf("%s/%s", dir, file);

	if (!path)
		return lct_err(err, -ENOMEM, "write '%s'", file);
	return lct_write_file(path, value, err);
}

/* Kernels since 5.16/6.1 accept kmem limits and ignore them: say so. */
static void check_deprecated(struct lct_cgroup *cg, const char *dir, const char *name,
			     const struct lct_cgroup_write *x)
{
	_cleanup_free_ char *back = NULL;
	int64_t want, got;

	if (lct_cgroup_read(dir, x->file, &back, NULL) < 0 ||
	    lct_parse_int64(x->value, &want) < 0 || lct_parse_int64(back, &got) < 0)
		return;
	if (want >= 0 && want < (INT64_C(1) << 62) && got >= (INT64_C(1) << 62))
		lct_log(cg->s, LIBCT_LOG_WARNING, "%s: %s is not enforced by this kernel, ignored",
			name, x->file);
}

/* The file a run of writes has open: consecutive writes to one file (the
 * device rules, one per write) share one open. */
struct open_file {
	const char *name;
	int fd;
};

static void open_file_close(struct open_file *of)
{
	if (of->fd >= 0)
		close(of->fd);
	of->fd = -EBADF;
	of->name = NULL;
}

/* dir/file open for writing, reusing of's; -ENOENT when there is none. */
static int open_for(const char *dir, const char *file, struct open_file *of,
		    struct libct_error *err)
{
	_cleanup_free_ char *path = NULL;

	if (of->fd >= 0 && strcmp(of->name, file) == 0)
		return of->fd;
	open_file_close(of);
	path = lct_asprintf("%s/%s", dir, file);
	if (!path)
		return lct_err(err, -ENOMEM, "write '%s'", file);
	of->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (of->fd < 0)
		return errno == ENOENT ? -ENOENT : lct_err(err, -errno, "open '%s'", path);
	of->name = file;
	return of->fd;
}

static int write_one(struct lct_cgroup *cg, const char *dir, const char *name,
		     const struct lct_cgroup_write *x, struct open_file *of,
		     struct libct_error *err)
{
	const char *file = x->file, *value = x->value;
	int fd = open_for(dir, file, of, err), r = 0;

	if (fd == -ENOENT) {
		if (x->alt_file && (fd = open_for(dir, x->alt_file, of, err)) >= 0) {
			file = x->alt_file;
			value = x->alt_value ? x->alt_value : x->value;
		} else if (x->flags & LCT_CGW_OPTIONAL) {
			lct_log(cg->s, LIBCT_LOG_DEBUG, "%s: no %s in '%s', skipped", name, file,
				dir);
			return 0;
		} else if (x->flags & LCT_CGW_DEPRECATED) {
			lct_log(cg->s, LIBCT_LOG_WARNING, "%s: this kernel has no %s, ignored",
				name, file);
			return 0;
		} else if (x->alt_file) {
			return lct_err_msg(err, -ENOENT, "%s: neither '%s' nor '%s' exists in '%s'",
					   name, file, x->alt_file, dir);
		} else {
			return lct_err_msg(err, -ENOENT, "%s: '%s/%s' does not exist", name, dir,
					   file);
		}
	}
	if (fd < 0)
		return fd;
	if (write(fd, value, strlen(value)) < 0) {
		r = lct_err(err, -errno, "write '%.200s' to '%s/%s'", value, dir, file);
		/* v1 refuses a real-time budget beyond the parent's (0 in a parent
		 * made without one): say so rather than leave a bare EINVAL */
		if (r == -EINVAL && (x->flags & LCT_CGW_PARENT_BUDGET))
			lct_err_prefix(err,
				       "the parent cgroup has a smaller real-time budget "
				       "(cpu.rt_runtime_us of '%s/..'); give it one first",
				       dir);
	}
	if (r < 0 && (x->flags & LCT_CGW_DEPRECATED) && (r == -EOPNOTSUPP || r == -LCT_ENOTSUPP)) {
		lct_log(cg->s, LIBCT_LOG_WARNING, "%s: not supported by this kernel, ignored",
			name);
		return 0;
	}
	if (r == 0 && (x->flags & LCT_CGW_DEPRECATED))
		check_deprecated(cg, dir, name, x);
	return r;
}

int lct_cgroup_writes_run(struct lct_cgroup *cg, const char *dir, const char *name,
			  const struct lct_cgroup_writes *w, struct libct_error *err)
{
	struct open_file of = { .fd = -EBADF };
	int r = 0;

	for (size_t i = 0; i < w->n && r == 0; i++)
		r = write_one(cg, dir, name, &w->w[i], &of, err);
	open_file_close(&of);
	return r;
}
