/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Applying resources: each active knob of the table goes to the hierarchy
 * that holds its controller, formatted for that hierarchy's version. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>

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

int lct_cgroup_write(const char *dir, const char *file, const char *value,
		     struct libct_error *err)
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
			lct_err_prefix(err, "the parent cgroup has a smaller real-time budget "
				       "(cpu.rt_runtime_us of '%s/..'); give it one first", dir);
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

static int apply_knob(struct lct_cgroup *cg, struct lct_cgroup_hier *h,
		      const struct lct_resources *r, enum lct_cgroup_knob k,
		      struct libct_error *err)
{
	const struct lct_knob *kn = lct_knob_get(k);
	struct lct_cgroup_writes w;
	int ret;

	if (kn->apply_v2 && h->version == 2)
		return kn->apply_v2(cg, h, r, err);
	ret = lct_cgroup_knob_writes(r, k, h->version == 2, &w, err);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		lct_log(cg->s, LIBCT_LOG_DEBUG, "%s has no cgroup v%d equivalent, ignored",
			lct_cgroup_knob_name(k), h->version);
		return 0;
	}
	ret = lct_cgroup_writes_run(cg, h->dir, lct_cgroup_knob_name(k), &w, err);
	lct_cgroup_writes_free(&w);
	return ret;
}

/* The hierarchy for knob k, or an error saying that none has its controller. */
static int hier_for_knob(struct lct_cgroup *cg, enum lct_cgroup_knob k,
			 struct lct_cgroup_hier **ret, struct libct_error *err)
{
	const struct lct_knob *kn = lct_knob_get(k);
	enum lct_cgroup_ctrl c = kn->ctrl;

	*ret = lct_cgroup_hier_for(cg, c);
	if (*ret)
		return 0;
	if (c == LCT_CG_NONE) /* files of the cgroup2 hierarchy itself */
		return lct_err_msg(err, -EOPNOTSUPP, "%s", kn->missing_err);
	return lct_err_msg(err, -EOPNOTSUPP, "cannot set %s: the '%s' cgroup controller is not "
			   "available", lct_cgroup_knob_name(k),
			   lct_cgroup_ctrl_name(c, cg->layout == LCT_CGROUP_V2) ?: "?");
}

static int check_unified_keys(const struct lct_resources *r, struct libct_error *err)
{
	for (size_t i = 0; i < r->n_unified; i++) {
		int ret = lct_cgroup_unified_key_check(r->unified[i].key, err);

		if (ret < 0)
			return ret;
	}
	return 0;
}

int lct_cgroup_apply(struct lct_cgroup *cg, const struct lct_resources *r, bool creating,
		     struct libct_error *err)
{
	struct lct_cgroup_hier *h, *v2 = lct_cgroup_hier_v2(cg);
	bool done[LCT_KNOB__MAX] = { false };
	int ret;

	ret = check_unified_keys(r, err);
	if (ret < 0)
		return ret;
	if (v2) {
		ret = lct_cgroup_v2_enable(cg, v2, r, err);
		if (ret < 0)
			return ret;
	}
	for (int k = 0; k < LCT_KNOB__MAX; k++) {
		const struct lct_knob *kn = lct_knob_get(k);
		bool active = lct_cgroup_knob_active(r, k);

		if (done[k] || (!active && !(creating && (kn->flags & LCT_KNOBF_AT_CREATE))))
			continue;
		ret = hier_for_knob(cg, k, &h, err);
		if (ret < 0 && !active) {
			lct_log(cg->s, LIBCT_LOG_WARNING, "no %s cgroup controller: the default %s "
				"are not applied", lct_cgroup_ctrl_name(kn->ctrl, false), kn->name);
			continue;
		}
		if (ret < 0)
			return ret;
		/* a knob the kernel wants written before this one, in this state of r */
		if (kn->first_if && h->version == 1 && lct_cgroup_knob_active(r, kn->first) &&
		    kn->first_if(h->dir, r)) {
			ret = apply_knob(cg, h, r, kn->first, err);
			if (ret < 0)
				return ret;
			done[kn->first] = true;
		}
		ret = apply_knob(cg, h, r, k, err);
		if (ret < 0)
			return ret;
	}
	return lct_cgroup_raw_apply(cg, r, err);
}
