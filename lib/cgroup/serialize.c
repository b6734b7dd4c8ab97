/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The handle as a JSON object for the state record and the create journal,
 * so that the next `ct` call can reopen the cgroup without guessing:
 *
 *   { "layout": "v1"|"hybrid"|"v2", "path": "ct/ID",
 *     "hierarchies": [ { "version": 1, "controllers": "cpu,cpuacct",
 *                        "mount": "/sys/fs/cgroup/cpu,cpuacct",
 *                        "dir": "/sys/fs/cgroup/cpu,cpuacct/ct/ID",
 *                        "owned": true }, ... ],
 *       "driver": "systemd" }   (only for the systemd driver's scope, whose
 *                                path names the unit; "systemd-user" for a
 *                                scope of the caller's own systemd)
 *
 * JSON is a storage format here, as in lib/core/state.c. The record is read as
 * untrusted input: every field is type-checked, every directory must lie
 * strictly below its mount point with no ".." component, and an error names
 * the field. */
#include <json-c/json.h>
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "cgroup/systemd.h"
#include "util/util.h"

static const char *const layout_names[] = {
	[LCT_CGROUP_V1] = "v1",
	[LCT_CGROUP_HYBRID] = "hybrid",
	[LCT_CGROUP_V2] = "v2",
};

json_object *lct_cgroup_to_json(const struct lct_cgroup *cg)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	json_object_object_add(o, "layout", json_object_new_string(layout_names[cg->layout]));
	json_object_object_add(o, "path", json_object_new_string(cg->path));
	for (size_t i = 0; i < cg->n; i++) {
		const struct lct_cgroup_hier *h = &cg->h[i];
		json_object *ho = json_object_new_object();

		json_object_object_add(ho, "version", json_object_new_int(h->version));
		json_object_object_add(ho, "controllers", json_object_new_string(h->name));
		json_object_object_add(ho, "mount", json_object_new_string(h->mnt));
		json_object_object_add(ho, "dir", json_object_new_string(h->dir));
		json_object_object_add(ho, "owned", json_object_new_boolean(h->owned));
		json_object_array_add(a, ho);
	}
	json_object_object_add(o, "hierarchies", a);
	/* the systemd driver's scope: path names the unit (systemd.c) */
	if (cg->sd_unit)
		json_object_object_add(o, "driver",
				       json_object_new_string(cg->sd_user ? "systemd-user" :
									    "systemd"));
	return o;
}

static bool below(const char *path, const char *top)
{
	size_t n = strlen(top);

	return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool has_dotdot(const char *p)
{
	for (const char *s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
			return true;
	return false;
}

/* o[key] as a non-empty string, or NULL with err naming the field. */
static const char *str_field(json_object *o, const char *where, const char *key,
			     struct libct_error *err)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string) ||
	    !*json_object_get_string(v)) {
		lct_err_msg(err, -EINVAL,
			    "cgroup record: '%s%s' is missing or not a non-empty "
			    "string",
			    where, key);
		return NULL;
	}
	return json_object_get_string(v);
}

static int parse_hier(json_object *o, size_t idx, struct lct_cgroup_hier *h,
		      struct libct_error *err)
{
	char where[48];
	const char *name, *mnt, *dir;
	json_object *v;

	snprintf(where, sizeof(where), "hierarchies[%zu].", idx);
	if (!json_object_is_type(o, json_type_object))
		return lct_err_msg(err, -EINVAL,
				   "cgroup record: 'hierarchies[%zu]' is not an "
				   "object",
				   idx);
	if (!json_object_object_get_ex(o, "version", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    (json_object_get_int(v) != 1 && json_object_get_int(v) != 2))
		return lct_err_msg(err, -EINVAL, "cgroup record: '%sversion' is not 1 or 2", where);
	h->version = json_object_get_int(v);
	if (!json_object_object_get_ex(o, "controllers", &v) ||
	    !json_object_is_type(v, json_type_string))
		return lct_err_msg(err, -EINVAL, "cgroup record: '%scontrollers' is not a string",
				   where);
	name = json_object_get_string(v);
	if (!(mnt = str_field(o, where, "mount", err)) || !(dir = str_field(o, where, "dir", err)))
		return -EINVAL;
	if (mnt[0] != '/' || !below(dir, mnt) || strcmp(dir, mnt) == 0 || has_dotdot(dir))
		return lct_err_msg(err, -EINVAL,
				   "cgroup record: '%sdir' '%.200s' is not below "
				   "'%smount' '%.200s'",
				   where, dir, where, mnt);
	if (json_object_object_get_ex(o, "owned", &v) && !json_object_is_type(v, json_type_boolean))
		return lct_err_msg(err, -EINVAL, "cgroup record: '%sowned' is not a boolean",
				   where);
	h->owned = v && json_object_get_boolean(v);
	h->ctrls = lct_cgroup_ctrls_parse(name);
	h->name = strdup(name);
	h->mnt = strdup(mnt);
	h->mnt_root = strdup("/");
	h->dir = strdup(dir);
	if (!h->name || !h->mnt || !h->dir || !h->mnt_root)
		return lct_err(err, -ENOMEM, "cgroup record");
	return 0;
}

static int parse_layout(const char *s)
{
	for (size_t i = 1; i < ARRAY_SIZE(layout_names); i++)
		if (strcmp(s, layout_names[i]) == 0)
			return (int)i;
	return -EINVAL;
}

int lct_cgroup_from_json(struct libct_session *s, json_object *o, struct lct_cgroup **ret,
			 struct libct_error *err)
{
	struct lct_cgroup *cg;
	const char *layout, *path;
	json_object *a, *d;
	int r = 0;

	if (!json_object_is_type(o, json_type_object))
		return lct_err_msg(err, -EINVAL, "cgroup record is not an object");
	if (!(layout = str_field(o, "", "layout", err)) || !(path = str_field(o, "", "path", err)))
		return -EINVAL;
	if (parse_layout(layout) < 0)
		return lct_err_msg(err, -EINVAL,
				   "cgroup record: 'layout' '%.40s' is not v1, "
				   "hybrid or v2",
				   layout);
	if (!json_object_object_get_ex(o, "hierarchies", &a) ||
	    !json_object_is_type(a, json_type_array) || json_object_array_length(a) == 0)
		return lct_err_msg(err, -EINVAL,
				   "cgroup record: 'hierarchies' is not a non-empty "
				   "array");
	cg = lct_cgroup_alloc(s, parse_layout(layout), path);
	if (!cg)
		return lct_err(err, -ENOMEM, "cgroup record");
	for (size_t i = 0; r == 0 && i < json_object_array_length(a); i++) {
		struct lct_cgroup_hier *h = lct_array_grow(&cg->h, &cg->n, sizeof(*cg->h));

		r = h ? parse_hier(json_object_array_get_idx(a, i), i, h, err) :
			lct_err(err, -ENOMEM, "cgroup record");
	}
	if (r == 0 && json_object_object_get_ex(o, "driver", &d)) {
		const char *v = json_object_is_type(d, json_type_string) ?
					json_object_get_string(d) :
					"";

		cg->sd_user = strcmp(v, "systemd-user") == 0;
		if (strcmp(v, "systemd") != 0 && !cg->sd_user)
			r = lct_err_msg(err, -EINVAL,
					"cgroup record: 'driver' is not \"systemd\" or "
					"\"systemd-user\"");
		else
			r = lct_systemd_from_path(cg, err);
	}
	if (r < 0) {
		lct_cgroup_free(cg);
		return r;
	}
	*ret = cg;
	return 0;
}
