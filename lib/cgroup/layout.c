/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which cgroup layout the host has (v1, hybrid, unified v2) and where each
 * hierarchy is mounted. Hierarchies are found in /proc/self/mountinfo by
 * their filesystem type and super options, never by directory names, so that
 * co-mounted controllers ("cpu,cpuacct") and odd mount points work. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/statfs.h>
#include <linux/magic.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

static const char *const ctrl_names[LCT_CG__MAX][2] = {
	[LCT_CG_CPU] = { "cpu", "cpu" },
	[LCT_CG_CPUACCT] = { "cpuacct", NULL },
	[LCT_CG_CPUSET] = { "cpuset", "cpuset" },
	[LCT_CG_MEMORY] = { "memory", "memory" },
	[LCT_CG_DEVICES] = { "devices", NULL },
	[LCT_CG_FREEZER] = { "freezer", NULL },
	[LCT_CG_NET_CLS] = { "net_cls", NULL },
	[LCT_CG_BLKIO] = { "blkio", "io" },
	[LCT_CG_PERF_EVENT] = { "perf_event", "perf_event" },
	[LCT_CG_NET_PRIO] = { "net_prio", NULL },
	[LCT_CG_HUGETLB] = { "hugetlb", "hugetlb" },
	[LCT_CG_PIDS] = { "pids", "pids" },
	[LCT_CG_RDMA] = { "rdma", "rdma" },
	[LCT_CG_MISC] = { "misc", "misc" },
};

const char *lct_cgroup_ctrl_name(enum lct_cgroup_ctrl c, bool v2)
{
	if (c < 0 || c >= LCT_CG__MAX)
		return NULL;
	return ctrl_names[c][v2 ? 1 : 0];
}

enum lct_cgroup_ctrl lct_cgroup_ctrl_from_name(const char *name)
{
	for (int c = 0; c < LCT_CG__MAX; c++)
		for (int v = 0; v < 2; v++)
			if (ctrl_names[c][v] && strcmp(ctrl_names[c][v], name) == 0)
				return c;
	return LCT_CG_NONE;
}

uint32_t lct_cgroup_ctrls_parse(const char *list)
{
	_cleanup_free_ char *copy = strdup(list ? list : "");
	uint32_t mask = 0;
	char *save = NULL;

	if (!copy)
		return 0;
	for (char *t = strtok_r(copy, ", \n", &save); t; t = strtok_r(NULL, ", \n", &save)) {
		enum lct_cgroup_ctrl c = lct_cgroup_ctrl_from_name(t);

		if (c != LCT_CG_NONE)
			mask |= 1u << c;
	}
	return mask;
}

int lct_cgroup_detect(struct libct_session *s, struct libct_error *err)
{
	struct statfs sf;
	int layout;

	if (s && s->cgroup_layout > 0)
		return s->cgroup_layout;
	if (statfs(LCT_CGROUP_ROOT, &sf) < 0)
		return lct_err(err, -errno, "statfs '%s'", LCT_CGROUP_ROOT);
	if (sf.f_type == CGROUP2_SUPER_MAGIC) {
		layout = LCT_CGROUP_V2;
	} else if (sf.f_type == TMPFS_MAGIC) {
		struct statfs u;

		bool unified = statfs(LCT_CGROUP_UNIFIED, &u) == 0;

		/* absent: pure v1; any other failure must not pass for that (the
		 * container would be left out of the unified hierarchy) */
		if (!unified && errno != ENOENT && errno != ENOTDIR)
			return lct_err(err, -errno, "statfs '%s'", LCT_CGROUP_UNIFIED);
		layout = unified && u.f_type == CGROUP2_SUPER_MAGIC ? LCT_CGROUP_HYBRID :
								      LCT_CGROUP_V1;
	} else if (sf.f_type == CGROUP_SUPER_MAGIC) {
		layout = LCT_CGROUP_V1;
	} else {
		return lct_err_msg(err, -ENOMEDIUM, "no cgroup filesystem is mounted on '%s'",
				   LCT_CGROUP_ROOT);
	}
	if (s)
		s->cgroup_layout = layout;
	return layout;
}

/* A v1 hierarchy's controllers and name= from its super options, as the
 * kernel also spells them in /proc/self/cgroup: "cpu,cpuacct", "name=systemd". */
static char *v1_name(const char *super, uint32_t *ret_mask)
{
	_cleanup_free_ char *copy = strdup(super), *name = NULL;
	char buf[256] = "", *save = NULL;
	uint32_t mask = 0;

	if (!copy)
		return NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		enum lct_cgroup_ctrl c = lct_cgroup_ctrl_from_name(t);

		if (strncmp(t, "name=", 5) == 0) {
			free(name);
			name = strdup(t);
			if (!name)
				return NULL;
		} else if (c != LCT_CG_NONE && lct_cgroup_ctrl_name(c, false) &&
			   strcmp(t, lct_cgroup_ctrl_name(c, false)) == 0) {
			mask |= 1u << c;
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
				 *buf ? "," : "", t);
		}
	}
	if (name)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", *buf ? "," : "",
			 name);
	*ret_mask = mask;
	return strdup(buf);
}

/* The controllers a cgroup2 mount offers, from its cgroup.controllers. */
static char *v2_name(const char *mnt, uint32_t *ret_mask)
{
	_cleanup_free_ char *text = NULL;

	if (lct_cgroup_read(mnt, "cgroup.controllers", &text, NULL) < 0)
		return strdup("");
	for (char *p = text; *p; p++)
		if (*p == ' ')
			*p = ',';
	*ret_mask = lct_cgroup_ctrls_parse(text);
	return TAKE_PTR(text);
}

static bool have_hier(const struct lct_cgroup_hier *h, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].name, name) == 0)
			return true;
	return false;
}

static int add_hier(struct lct_cgroup_hier **h, size_t *n, int version, char *name, uint32_t mask,
		    const struct lct_mountinfo *m)
{
	struct lct_cgroup_hier *x;

	x = lct_array_grow(h, n, sizeof(**h));
	if (!x) {
		free(name);
		return -ENOMEM;
	}
	x->version = version;
	x->name = name;
	x->ctrls = mask;
	x->mnt = strdup(m->point);
	x->mnt_root = strdup(m->root);
	if (!x->mnt || !x->mnt_root)
		return -ENOMEM;
	return 0;
}

static bool has_v2(const struct lct_cgroup_hier *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (h[i].version == 2)
			return true;
	return false;
}

/* Consider one mount: a v1 hierarchy not seen yet, or the layout's cgroup2 mount. */
static int consider(enum lct_cgroup_layout layout, const struct lct_mountinfo *m,
		    struct lct_cgroup_hier **h, size_t *n)
{
	const char *v2_at = layout == LCT_CGROUP_V2 ? LCT_CGROUP_ROOT : LCT_CGROUP_UNIFIED;
	uint32_t mask = 0;
	char *name;

	/* the serialized form separates fields with these */
	if (strpbrk(m->point, "\t|\n") || strpbrk(m->root, "\t|\n"))
		return 0;
	if (strcmp(m->fstype, "cgroup") == 0 && layout != LCT_CGROUP_V2) {
		name = v1_name(m->super, &mask);
		if (!name)
			return -ENOMEM;
		if (!*name || have_hier(*h, *n, name)) {
			free(name);
			return 0;
		}
		return add_hier(h, n, 1, name, mask, m);
	}
	if (strcmp(m->fstype, "cgroup2") == 0 && layout != LCT_CGROUP_V1 &&
	    strcmp(m->point, v2_at) == 0) {
		if (has_v2(*h, *n))
			return 0;
		name = v2_name(m->point, &mask);
		if (!name)
			return -ENOMEM;
		return add_hier(h, n, 2, name, mask, m);
	}
	return 0;
}

int lct_cgroup_hiers_discover(enum lct_cgroup_layout layout, struct lct_cgroup_hier **ret,
			      size_t *ret_n, struct libct_error *err)
{
	_cleanup_free_ char *text = NULL;
	struct lct_cgroup_hier *h = NULL;
	char *save = NULL;
	size_t n = 0;
	int r;

	r = lct_read_file_at(AT_FDCWD, "/proc/self/mountinfo", &text, NULL, err);
	if (r < 0)
		return r;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct lct_mountinfo m;

		if (!lct_mountinfo_parse(line, &m))
			continue;
		r = consider(layout, &m, &h, &n);
		if (r < 0) {
			lct_cgroup_hiers_free(h, n);
			return lct_err(err, r, "cgroup hierarchies");
		}
	}
	if (n == 0 || (layout != LCT_CGROUP_V1 && !has_v2(h, n))) {
		lct_cgroup_hiers_free(h, n);
		return lct_err_msg(err, -ENOMEDIUM,
				   "no %s cgroup hierarchy found in "
				   "/proc/self/mountinfo",
				   layout == LCT_CGROUP_V1 ? "v1" : "cgroup2");
	}
	*ret = h;
	*ret_n = n;
	return 0;
}

void lct_cgroup_hier_clear(struct lct_cgroup_hier *h)
{
	free(h->name);
	free(h->mnt);
	free(h->mnt_root);
	free(h->dir);
	free(h->created);
	*h = (struct lct_cgroup_hier){ 0 };
}

void lct_cgroup_hiers_free(struct lct_cgroup_hier *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lct_cgroup_hier_clear(&h[i]);
	free(h);
}

struct lct_cgroup_hier *lct_cgroup_hier_v2(struct lct_cgroup *cg)
{
	for (size_t i = 0; i < cg->n; i++)
		if (cg->h[i].version == 2)
			return &cg->h[i];
	return NULL;
}

struct lct_cgroup_hier *lct_cgroup_hier_for(struct lct_cgroup *cg, enum lct_cgroup_ctrl c)
{
	struct lct_cgroup_hier *v2;

	if (c != LCT_CG_NONE)
		for (size_t i = 0; i < cg->n; i++)
			if (cg->h[i].version == 1 && (cg->h[i].ctrls & (1u << c)))
				return &cg->h[i];
	v2 = lct_cgroup_hier_v2(cg);
	if (!v2 || c == LCT_CG_NONE || (v2->ctrls & (1u << c)))
		return v2;
	/* devices, freezer, net_cls, net_prio: v2 has none; the knob says what then */
	if (cg->layout == LCT_CGROUP_V2 && !lct_cgroup_ctrl_name(c, true))
		return v2;
	return NULL;
}
