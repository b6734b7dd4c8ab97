/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.json "linux": namespaces, user-namespace id maps, device nodes, sysctls,
 * masked and read-only paths, cgroupsPath, root propagation and network
 * devices. resources and seccomp have their own files. */
#include <stdio.h>

#include "oci/oci.h"
#include "util/util.h"

static int load_namespace(struct lct_oci *o, struct json_object *ns, const char *path, bool *seen)
{
	const char *type, *nspath = NULL;
	enum libct_ns t;
	int r;

	if ((r = lct_oci_want_object(ns, path, o->err)) < 0 ||
	    (r = lct_oci_get_string(ns, path, "type", true, &type, o->err)) < 0 ||
	    (r = lct_oci_get_string(ns, path, "path", false, &nspath, o->err)) < 0)
		return r;
	if (libct_ns_from_string(type, &t) < 0)
		return lct_err_msg(o->err, -EINVAL, "%s.type: unknown namespace type '%s'", path,
				   type);
	if (seen[t])
		return lct_err_msg(o->err, -EINVAL,
				   "linux.namespaces: duplicate namespace type '%s'", type);
	seen[t] = true;
	if (nspath && *nspath && nspath[0] != '/')
		return lct_err_msg(o->err, -EINVAL, "%s.path: must be an absolute path", path);
	if (libct_container_set_namespace(o->ct, t, nspath, o->err) < 0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int load_namespaces(struct lct_oci *o, struct json_object *l)
{
	char path[LCT_OCI_PATH_MAX];
	bool seen[LIBCT_NS__MAX] = { false };
	struct json_object *a;
	int r = lct_oci_get_array(l, "linux", "namespaces", false, &a, o->err);

	if (r <= 0)
		return r;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		r = load_namespace(o, json_object_array_get_idx(a, i),
				   lct_oci_path_index(path, "linux.namespaces", i), seen);
		if (r < 0)
			return r;
	}
	return 0;
}

static int load_idmaps(struct lct_oci *o, struct json_object *l, const char *key, bool uid)
{
	char parent[LCT_OCI_PATH_MAX], path[LCT_OCI_PATH_MAX];
	struct json_object *a, *m;
	uint32_t cid, hid, size;
	int r = lct_oci_get_array(l, "linux", key, false, &a, o->err);

	if (r <= 0)
		return r;
	lct_oci_path(parent, "linux", key);
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		m = json_object_array_get_idx(a, i);
		lct_oci_path_index(path, parent, i);
		if ((r = lct_oci_want_object(m, path, o->err)) < 0 ||
		    (r = lct_oci_get_u32(m, path, "containerID", true, &cid, o->err)) < 0 ||
		    (r = lct_oci_get_u32(m, path, "hostID", true, &hid, o->err)) < 0 ||
		    (r = lct_oci_get_u32(m, path, "size", true, &size, o->err)) < 0)
			return r;
		r = uid ? libct_container_add_uid_map(o->ct, cid, hid, size, o->err) :
			  libct_container_add_gid_map(o->ct, cid, hid, size, o->err);
		if (r < 0)
			return lct_err_prefix(o->err, "%s", path);
	}
	return 0;
}

static int load_device(struct lct_oci *o, struct json_object *d, const char *path)
{
	const char *dpath, *type;
	int64_t major = 0, minor = 0;
	uint32_t mode = 0, uid = 0, gid = 0;
	bool need_numbers;
	int r;

	if ((r = lct_oci_want_object(d, path, o->err)) < 0 ||
	    (r = lct_oci_get_string(d, path, "path", true, &dpath, o->err)) < 0 ||
	    (r = lct_oci_get_string(d, path, "type", true, &type, o->err)) < 0)
		return r;
	if (dpath[0] != '/')
		return lct_err_msg(o->err, -EINVAL, "%s.path: must be an absolute path", path);
	if (strlen(type) != 1 || !strchr("cbup", type[0]))
		return lct_err_msg(o->err, -EINVAL,
				   "%s.type: unknown device type '%s' (c, b, u or p)", path, type);
	need_numbers = type[0] != 'p';
	if ((r = lct_oci_get_int(d, path, "major", need_numbers, 0, INT64_MAX, &major, o->err)) <
		    0 ||
	    (r = lct_oci_get_int(d, path, "minor", need_numbers, 0, INT64_MAX, &minor, o->err)) <
		    0 ||
	    (r = lct_oci_get_u32(d, path, "fileMode", false, &mode, o->err)) < 0 ||
	    (r = lct_oci_get_u32(d, path, "uid", false, &uid, o->err)) < 0 ||
	    (r = lct_oci_get_u32(d, path, "gid", false, &gid, o->err)) < 0)
		return r;
	if (libct_container_add_device(o->ct, dpath, type[0], major, minor, mode, uid, gid,
				       o->err) < 0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int load_devices(struct lct_oci *o, struct json_object *l)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *a;
	int r = lct_oci_get_array(l, "linux", "devices", false, &a, o->err);

	if (r <= 0)
		return r;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		r = load_device(o, json_object_array_get_idx(a, i),
				lct_oci_path_index(path, "linux.devices", i));
		if (r < 0)
			return r;
	}
	return 0;
}

static int load_sysctl(struct lct_oci *o, struct json_object *l)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *obj;
	const char *value;
	int r = lct_oci_get_object(l, "linux", "sysctl", false, &obj, o->err);

	if (r <= 0)
		return r;
	json_object_object_foreach(obj, key, v) {
		r = lct_oci_want_string(v, lct_oci_path(path, "linux.sysctl", key), &value, o->err);
		if (r < 0)
			return r;
		if (libct_container_add_sysctl(o->ct, key, value, o->err) < 0)
			return lct_err_prefix(o->err, "linux.sysctl");
	}
	return 0;
}

/* Whether linux.namespaces (checked by load_namespaces) has a mount one. */
static bool has_mount_ns(struct json_object *l)
{
	struct json_object *a, *type;

	if (!json_object_object_get_ex(l, "namespaces", &a) ||
	    !json_object_is_type(a, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(a); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(a, i), "type", &type) &&
		    json_object_is_type(type, json_type_string) &&
		    strcmp(json_object_get_string(type), "mount") == 0)
			return true;
	return false;
}

static int load_paths(struct lct_oci *o, struct json_object *l, const char *key, bool masked)
{
	char parent[LCT_OCI_PATH_MAX], path[LCT_OCI_PATH_MAX];
	_cleanup_free_ const char **v = NULL;
	size_t n = 0;
	int r = lct_oci_get_strv(l, "linux", key, false, &v, &n, o->err);

	if (r <= 0)
		return r;
	lct_oci_path(parent, "linux", key);
	/* the masks would land in the caller's mount namespace, for good:
	 * refused, as runc does (in its words) */
	if (n && !has_mount_ns(l))
		return lct_err_msg(o->err, -EINVAL,
				   "%s: unable to restrict sys entries without "
				   "a private MNT namespace (add a mount namespace to "
				   "linux.namespaces)",
				   parent);
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *abs = NULL;
		const char *p = v[i];

		lct_oci_path_index(path, parent, i);
		/* as runc and crun: a relative path is the root's (what they
		 * mount on after the root change, from "/"), and an empty one
		 * names nothing to mask (their mount on "" fails ENOENT, which
		 * they skip) */
		if (!*p)
			continue;
		if (p[0] != '/') {
			abs = lct_asprintf("/%s", p);
			if (!abs)
				return lct_err(o->err, -ENOMEM, "%s", path);
			p = abs;
		}
		r = masked ? libct_container_add_masked_path(o->ct, p, o->err) :
			     libct_container_add_readonly_path(o->ct, p, o->err);
		if (r < 0)
			return lct_err_prefix(o->err, "%s", path);
	}
	return 0;
}

static int load_strings(struct lct_oci *o, struct json_object *l)
{
	const char *s;
	int r;

	r = lct_oci_get_string(l, "linux", "cgroupsPath", false, &s, o->err);
	if (r < 0)
		return r;
	if (r > 0 && *s && libct_container_set_cgroup_path(o->ct, s, o->err) < 0)
		return lct_err_prefix(o->err, "linux.cgroupsPath");
	r = lct_oci_get_string(l, "linux", "rootfsPropagation", false, &s, o->err);
	if (r < 0)
		return r;
	if (r > 0 && *s && libct_container_set_root_propagation(o->ct, s, o->err) < 0)
		return lct_err_prefix(o->err, "linux.rootfsPropagation");
	r = lct_oci_get_string(l, "linux", "mountLabel", false, &s, o->err);
	if (r > 0 && *s && libct_container_set_mount_label(o->ct, s, o->err) < 0)
		return lct_err_prefix(o->err, "linux.mountLabel");
	return r < 0 ? r : 0;
}

/* Whether linux.namespaces (checked by now) asks for a new network namespace. */
/* Whether linux.namespaces has an entry of this type without a path. */
static bool new_ns(struct json_object *l, const char *want)
{
	struct json_object *a = lct_oci_member(l, "namespaces"), *type, *path;

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *ns = json_object_array_get_idx(a, i);

		type = lct_oci_member(ns, "type");
		path = lct_oci_member(ns, "path");
		if (type && !strcmp(json_object_get_string(type), want))
			return !path || !*json_object_get_string(path);
	}
	return false;
}

/* linux.KEY, an object of WHAT that only a new namespace of type NS takes:
 * 1 with it in *ret, 0 when absent or empty, or an error naming both. */
static int get_for_new_ns(struct lct_oci *o, struct json_object *l, const char *key,
			  const char *what, const char *ns, struct json_object **ret)
{
	int r = lct_oci_get_object(l, "linux", key, false, ret, o->err);

	if (r <= 0 || json_object_object_length(*ret) == 0)
		return r < 0 ? r : 0;
	if (!new_ns(l, ns))
		return lct_err_msg(o->err, -EINVAL,
				   "linux.%s: %s need a new %s namespace (a \"%s\" entry without a "
				   "path in linux.namespaces)",
				   key, what, ns, ns);
	return 1;
}

/* linux.netDevices: host devices moved into the container, keyed by their
 * host name, with {"name": their name inside}. runtime-spec moves them into
 * a new network namespace only, and never out of it on delete: when the
 * namespace goes, the kernel returns physical devices to the initial one. */
static int load_net_devices(struct lct_oci *o, struct json_object *l)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *obj;
	struct libct_net_dev *dev;
	const char *name;
	int r = get_for_new_ns(o, l, "netDevices", "network devices", "network", &obj);

	if (r <= 0)
		return r;
	json_object_object_foreach(obj, key, v) {
		lct_oci_path(path, "linux.netDevices", key);
		name = NULL;
		if ((r = lct_oci_want_object(v, path, o->err)) < 0 ||
		    (r = lct_oci_get_string(v, path, "name", false, &name, o->err)) < 0)
			return r;
		if (libct_container_add_host_dev(o->ct, key, name && *name ? name : NULL, &dev,
						 o->err) < 0 ||
		    libct_net_dev_set_move_back(dev, false, o->err) < 0)
			return lct_err_prefix(o->err, "%s", path);
	}
	return 0;
}

/* linux.timeOffsets: {"monotonic"|"boottime": {"secs": N, "nanosecs": N}}
 * for the new time namespace (a "time" entry without a path). Without one
 * they are ignored with a warning, as runc and crun ignore them. */
static int load_time_offsets(struct lct_oci *o, struct json_object *l)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *obj;
	int r = lct_oci_get_object(l, "linux", "timeOffsets", false, &obj, o->err);

	if (r <= 0 || json_object_object_length(obj) == 0)
		return r < 0 ? r : 0;
	if (!new_ns(l, "time")) {
		/* once, at create: not again for each exec's template */
		if (!o->saved)
			lct_log(o->ct->session, LIBCT_LOG_WARNING,
				"linux.timeOffsets: ignored: clock offsets need a new time "
				"namespace (a \"time\" entry without a path in linux.namespaces)");
		return 0;
	}
	json_object_object_foreach(obj, clock, v) {
		int64_t secs = 0, nsecs = 0;

		lct_oci_path(path, "linux.timeOffsets", clock);
		if (strcmp(clock, "monotonic") != 0 && strcmp(clock, "boottime") != 0)
			return lct_err_msg(o->err, -EINVAL,
					   "%s: unknown clock (monotonic or boottime)", path);
		if ((r = lct_oci_want_object(v, path, o->err)) < 0 ||
		    (r = lct_oci_get_int(v, path, "secs", false, INT64_MIN, INT64_MAX, &secs,
					 o->err)) < 0 ||
		    (r = lct_oci_get_int(v, path, "nanosecs", false, 0, 999999999, &nsecs,
					 o->err)) < 0)
			return r;
		if (libct_container_set_time_offset(o->ct, clock, secs, (uint32_t)nsecs, o->err) <
		    0)
			return lct_err_prefix(o->err, "%s", path);
	}
	return 0;
}

/* Fields that are refused when they ask for something, rather than dropped. */
static int load_unsupported(struct lct_oci *o, struct json_object *l)
{
	struct json_object *obj;
	int r;

	/* intelRdt: resctrl is not implemented; refused (as runc does without
	 * resctrl) rather than running the container without the asked-for
	 * cache/bandwidth allocation */
	r = lct_oci_get_object(l, "linux", "intelRdt", false, &obj, o->err);
	if (r < 0)
		return r;
	if (r > 0 && json_object_object_length(obj) > 0)
		return lct_err_msg(o->err, -EOPNOTSUPP, "linux.intelRdt: not supported");
	return 0;
}

/* Fill o->ct (and the seccomp, personality and memory policy parts of o->pd)
 * from the linux object. */
int lct_oci_linux(struct lct_oci *o, struct json_object *l)
{
	struct json_object *obj;
	int r;

	if ((r = load_namespaces(o, l)) < 0 || (r = load_idmaps(o, l, "uidMappings", true)) < 0 ||
	    (r = load_idmaps(o, l, "gidMappings", false)) < 0 || (r = load_devices(o, l)) < 0 ||
	    (r = load_sysctl(o, l)) < 0 || (r = load_paths(o, l, "maskedPaths", true)) < 0 ||
	    (r = load_paths(o, l, "readonlyPaths", false)) < 0 || (r = load_strings(o, l)) < 0 ||
	    (r = load_net_devices(o, l)) < 0 || (r = load_time_offsets(o, l)) < 0 ||
	    (r = load_unsupported(o, l)) < 0 || (r = lct_oci_personality(o, l)) < 0 ||
	    (r = lct_oci_memory_policy(o, l)) < 0)
		return r;
	r = lct_oci_get_object(l, "linux", "resources", false, &obj, o->err);
	if (r < 0 || (r > 0 && (r = lct_oci_resources(o, obj)) < 0))
		return r;
	r = lct_oci_get_object(l, "linux", "seccomp", false, &obj, o->err);
	if (r < 0 || (r > 0 && (r = lct_oci_seccomp(o, obj)) < 0))
		return r;
	return 0;
}
