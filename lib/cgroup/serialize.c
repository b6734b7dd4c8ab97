/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The handle as one line of text for the state record, so that the next
 * `ct` call can reopen the cgroup without guessing:
 *
 *   cg1 TAB layout TAB path (TAB version|name|mountpoint|dir|created)...
 *
 * layout is v1, hybrid or v2; created is empty when create made nothing in
 * that hierarchy. Paths with a tab, '|' or newline are refused on create, so
 * the separators cannot occur inside a field. The systemd driver's scope
 * is recorded with the magic "cg1-systemd"; its path names the unit. */
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "cgroup/systemd.h"
#include "util/util.h"

#define MAGIC "cg1"
#define MAGIC_SYSTEMD "cg1-systemd"

static const char *const layout_names[] = {
	[LCT_CGROUP_V1] = "v1",
	[LCT_CGROUP_HYBRID] = "hybrid",
	[LCT_CGROUP_V2] = "v2",
};

char *lct_cgroup_serialize(const struct lct_cgroup *cg)
{
	char *out = lct_asprintf("%s\t%s\t%s", cg->sd_unit ? MAGIC_SYSTEMD : MAGIC, layout_names[cg->layout], cg->path);

	for (size_t i = 0; out && i < cg->n; i++) {
		const struct lct_cgroup_hier *h = &cg->h[i];
		char *next = lct_asprintf("%s\t%d|%s|%s|%s|%s", out, h->version, h->name, h->mnt,
					  h->dir, h->created ? h->created : "");

		free(out);
		out = next;
	}
	return out;
}

static bool below(const char *path, const char *top)
{
	size_t n = strlen(top);

	return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* One "version|name|mountpoint|dir|created" field. */
static int parse_hier(char *field, struct lct_cgroup_hier *h)
{
	char *f[5];

	for (int i = 0; i < 5; i++) {
		f[i] = strsep(&field, "|");
		if (!f[i])
			return -EINVAL;
	}
	if (field || (strcmp(f[0], "1") != 0 && strcmp(f[0], "2") != 0))
		return -EINVAL;
	if (f[2][0] != '/' || !below(f[3], f[2]) || strcmp(f[3], f[2]) == 0 ||
	    strstr(f[3], "/../") || (*f[4] && !below(f[3], f[4])) || (*f[4] && !below(f[4], f[2])))
		return -EINVAL;
	h->version = f[0][0] - '0';
	h->ctrls = lct_cgroup_ctrls_parse(f[1]);
	h->name = strdup(f[1]);
	h->mnt = strdup(f[2]);
	h->dir = strdup(f[3]);
	h->created = *f[4] ? strdup(f[4]) : NULL;
	if (!h->name || !h->mnt || !h->dir || (*f[4] && !h->created))
		return -ENOMEM;
	return 0;
}

static int parse_layout(const char *s)
{
	for (size_t i = 1; i < ARRAY_SIZE(layout_names); i++)
		if (strcmp(s, layout_names[i]) == 0)
			return (int)i;
	return -EINVAL;
}

int lct_cgroup_deserialize(struct libct_session *s, const char *text, struct lct_cgroup **ret,
			   struct libct_error *err)
{
	_cleanup_free_ char *copy = strdup(text ? text : "");
	struct lct_cgroup *cg;
	char *rest = copy, *magic, *layout, *path, *field;
	int r = 0;

	if (!copy)
		return lct_err(err, -ENOMEM, "cgroup");
	magic = strsep(&rest, "\t");
	layout = strsep(&rest, "\t");
	path = strsep(&rest, "\t");
	if (!path || (strcmp(magic, MAGIC) != 0 && strcmp(magic, MAGIC_SYSTEMD) != 0) || parse_layout(layout) < 0 || !*path)
		return lct_err_msg(err, -EINVAL, "invalid cgroup record '%.200s'",
				   text ? text : "");
	cg = calloc(1, sizeof(*cg));
	if (!cg || !(cg->path = strdup(path))) {
		free(cg);
		return lct_err(err, -ENOMEM, "cgroup");
	}
	cg->s = s;
	cg->layout = parse_layout(layout);
	cg->v2fd = -EBADF;
	while (r == 0 && (field = strsep(&rest, "\t"))) {
		struct lct_cgroup_hier *h = lct_array_grow(&cg->h, &cg->n, sizeof(*cg->h));

		r = h ? parse_hier(field, h) : -ENOMEM;
	}
	if (r == 0 && cg->n == 0)
		r = -EINVAL;
	if (r == 0 && strcmp(magic, MAGIC_SYSTEMD) == 0 && lct_systemd_from_path(cg, NULL) < 0)
		r = -EINVAL;
	if (r < 0) {
		lct_cgroup_free(cg);
		if (r == -ENOMEM)
			return lct_err(err, r, "cgroup");
		return lct_err_msg(err, r, "invalid cgroup record '%.200s'", text);
	}
	*ret = cg;
	return 0;
}
