/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Typed access to config.json values: each getter checks the JSON type (and range)
 * and names the JSON path of what is wrong, e.g.
 * "linux.resources.memory.limit: must be an integer". */
#include <inttypes.h>
#include <stdio.h>

#include "oci/oci.h"
#include "util/util.h"

/* "parent.key", or "key" at the top level. */
const char *lct_oci_path(char *buf, const char *parent, const char *key)
{
	int n;

	/* a path too long for the buffer is cut: it only ever goes into a message */
	if (parent && *parent)
		n = snprintf(buf, LCT_OCI_PATH_MAX, "%s.%s", parent, key);
	else
		n = snprintf(buf, LCT_OCI_PATH_MAX, "%s", key);
	(void)n;
	return buf;
}

/* "parent[i]". */
const char *lct_oci_path_index(char *buf, const char *parent, size_t i)
{
	/* room for the index is kept, even when a long parent is cut */
	size_t n = strnlen(parent, LCT_OCI_PATH_MAX - 24);

	memmove(buf, parent, n);
	snprintf(buf + n, LCT_OCI_PATH_MAX - n, "[%zu]", i);
	return buf;
}

/* obj.key, NULL when absent or null. */
struct json_object *lct_oci_member(struct json_object *obj, const char *key)
{
	struct json_object *v = NULL;

	if (!obj || !json_object_is_type(obj, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	/* null is "not given", as with Go's pointer fields in runc */
	return v;
}

/* v is a string without NUL bytes. */
int lct_oci_want_string(struct json_object *v, const char *path, const char **ret,
			struct libct_error *err)
{
	const char *s;

	if (!json_object_is_type(v, json_type_string))
		return lct_err_msg(err, -EINVAL, "%s: must be a string", path);
	s = json_object_get_string(v);
	/* a C string stops at the first NUL: refuse rather than silently truncate */
	if (strlen(s) != (size_t)json_object_get_string_len(v))
		return lct_err_msg(err, -EINVAL, "%s: must not contain NUL characters", path);
	*ret = s;
	return 0;
}

/* v is an object. */
int lct_oci_want_object(struct json_object *v, const char *path, struct libct_error *err)
{
	if (!json_object_is_type(v, json_type_object))
		return lct_err_msg(err, -EINVAL, "%s: must be an object", path);
	return 0;
}

static int int_error(const char *path, int64_t min, int64_t max, struct libct_error *err)
{
	if (min == INT64_MIN && max == INT64_MAX)
		return lct_err_msg(err, -EINVAL, "%s: must be an integer", path);
	if (min == 0 && max == INT64_MAX)
		return lct_err_msg(err, -EINVAL, "%s: must be a non-negative integer", path);
	return lct_err_msg(err, -EINVAL, "%s: must be an integer between %" PRId64 " and %" PRId64,
			   path, min, max);
}

/* v is an integer (not a double) in [min, max]. */
int lct_oci_want_int(struct json_object *v, const char *path, int64_t min, int64_t max,
		     int64_t *ret, struct libct_error *err)
{
	int64_t n;

	if (!json_object_is_type(v, json_type_int))
		return int_error(path, min, max, err);
	n = json_object_get_int64(v);
	/* json-c keeps values above INT64_MAX as uint64 and clamps get_int64 */
	if (n == INT64_MAX && json_object_get_uint64(v) > (uint64_t)INT64_MAX)
		return int_error(path, min, max, err);
	if (n < min || n > max)
		return int_error(path, min, max, err);
	*ret = n;
	return 0;
}

/* v is an integer in [0, UINT64_MAX]. */
int lct_oci_want_uint64(struct json_object *v, const char *path, uint64_t *ret,
			struct libct_error *err)
{
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
		return lct_err_msg(err, -EINVAL, "%s: must be an integer between 0 and %" PRIu64,
				   path, UINT64_MAX);
	*ret = json_object_get_uint64(v);
	return 0;
}

/* s is an absolute path. */
int lct_oci_want_abs(const char *s, const char *path, struct libct_error *err)
{
	if (!s || s[0] != '/')
		return lct_err_msg(err, -EINVAL, "%s: must be an absolute path", path);
	return 0;
}

/* The member, or 0 (absent) / -EINVAL (absent but required); *path filled in. */
static int member(struct json_object *obj, const char *parent, const char *key, bool required,
		  char *path, struct json_object **ret, struct libct_error *err)
{
	lct_oci_path(path, parent, key);
	*ret = lct_oci_member(obj, key);
	if (*ret)
		return 1;
	if (required)
		return lct_err_msg(err, -EINVAL, "%s: missing", path);
	return 0;
}

/* Optional or required members of each JSON type (see oci.h for the returns). */
int lct_oci_get_string(struct json_object *obj, const char *parent, const char *key, bool required,
		       const char **ret, struct libct_error *err)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *v;
	int r = member(obj, parent, key, required, path, &v, err);

	if (r <= 0)
		return r;
	r = lct_oci_want_string(v, path, ret, err);
	return r < 0 ? r : 1;
}

int lct_oci_get_bool(struct json_object *obj, const char *parent, const char *key, bool required,
		     bool *ret, struct libct_error *err)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *v;
	int r = member(obj, parent, key, required, path, &v, err);

	if (r <= 0)
		return r;
	if (!json_object_is_type(v, json_type_boolean))
		return lct_err_msg(err, -EINVAL, "%s: must be a boolean", path);
	*ret = json_object_get_boolean(v);
	return 1;
}

int lct_oci_get_int(struct json_object *obj, const char *parent, const char *key, bool required,
		    int64_t min, int64_t max, int64_t *ret, struct libct_error *err)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *v;
	int r = member(obj, parent, key, required, path, &v, err);

	if (r <= 0)
		return r;
	r = lct_oci_want_int(v, path, min, max, ret, err);
	return r < 0 ? r : 1;
}

int lct_oci_get_uint64(struct json_object *obj, const char *parent, const char *key, bool required,
		       uint64_t *ret, struct libct_error *err)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *v;
	int r = member(obj, parent, key, required, path, &v, err);

	if (r <= 0)
		return r;
	r = lct_oci_want_uint64(v, path, ret, err);
	return r < 0 ? r : 1;
}

int lct_oci_get_u32(struct json_object *obj, const char *parent, const char *key, bool required,
		    uint32_t *ret, struct libct_error *err)
{
	int64_t n;
	int r = lct_oci_get_int(obj, parent, key, required, 0, UINT32_MAX, &n, err);

	if (r > 0)
		*ret = (uint32_t)n;
	return r;
}

int lct_oci_get_object(struct json_object *obj, const char *parent, const char *key, bool required,
		       struct json_object **ret, struct libct_error *err)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *v;
	int r = member(obj, parent, key, required, path, &v, err);

	if (r <= 0)
		return r;
	r = lct_oci_want_object(v, path, err);
	if (r < 0)
		return r;
	*ret = v;
	return 1;
}

int lct_oci_get_array(struct json_object *obj, const char *parent, const char *key, bool required,
		      struct json_object **ret, struct libct_error *err)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *v;
	int r = member(obj, parent, key, required, path, &v, err);

	if (r <= 0)
		return r;
	if (!json_object_is_type(v, json_type_array))
		return lct_err_msg(err, -EINVAL, "%s: must be an array", path);
	*ret = v;
	return 1;
}

int lct_oci_get_strv(struct json_object *obj, const char *parent, const char *key, bool required,
		     const char ***ret, size_t *ret_n, struct libct_error *err)
{
	char path[LCT_OCI_PATH_MAX], epath[LCT_OCI_PATH_MAX];
	_cleanup_free_ const char **v = NULL;
	struct json_object *a;
	size_t n;
	int r = member(obj, parent, key, required, path, &a, err);

	if (r <= 0)
		return r;
	if (!json_object_is_type(a, json_type_array))
		return lct_err_msg(err, -EINVAL, "%s: must be an array of strings", path);
	n = json_object_array_length(a);
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return lct_err(err, -ENOMEM, "%s", path);
	for (size_t i = 0; i < n; i++) {
		r = lct_oci_want_string(json_object_array_get_idx(a, i),
					lct_oci_path_index(epath, path, i), &v[i], err);
		if (r < 0)
			return r;
	}
	*ret = TAKE_PTR(v);
	if (ret_n)
		*ret_n = n;
	return 1;
}
