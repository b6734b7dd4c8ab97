/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.json "linux.seccomp": the filter of the container's process, into its
 * process description. Syscall names are checked when the filter is built (an
 * unknown one is skipped there, as runc and crun do). */
#include <stdio.h>

#include "oci/oci.h"
#include "util/util.h"

#define SC "linux.seccomp"

static int get_action(struct json_object *obj, const char *parent, const char *key,
		      enum libct_seccomp_action *ret, struct libct_error *err)
{
	const char *name;
	int r = lct_oci_get_string(obj, parent, key, true, &name, err);

	if (r < 0)
		return r;
	if (libct_seccomp_action_from_string(name, ret) < 0)
		return lct_err_msg(err, -EINVAL, "%s.%s: unknown action '%s'", parent, key, name);
	return 0;
}

/* errnoRet / defaultErrnoRet: a uint in the spec; -1 when absent (EPERM). */
static int get_errno(struct json_object *obj, const char *parent, const char *key, int *ret,
		     struct libct_error *err)
{
	int64_t v;
	int r = lct_oci_get_int(obj, parent, key, false, 0, INT32_MAX, &v, err);

	if (r < 0)
		return r;
	*ret = r > 0 ? (int)v : -1;
	return 0;
}

static int load_arg(struct json_object *a, const char *path, struct libct_seccomp_arg *ret,
		    struct libct_error *err)
{
	const char *op;
	int64_t index;
	int r;

	*ret = (struct libct_seccomp_arg){ 0 };
	if ((r = lct_oci_want_object(a, path, err)) < 0 ||
	    (r = lct_oci_get_int(a, path, "index", true, 0, 5, &index, err)) < 0 ||
	    (r = lct_oci_get_uint64(a, path, "value", true, &ret->value, err)) < 0 ||
	    (r = lct_oci_get_uint64(a, path, "valueTwo", false, &ret->value_two, err)) < 0 ||
	    (r = lct_oci_get_string(a, path, "op", true, &op, err)) < 0)
		return r;
	if (libct_seccomp_op_from_string(op, &ret->op) < 0)
		return lct_err_msg(err, -EINVAL, "%s.op: unknown operator '%s'", path, op);
	ret->index = (unsigned int)index;
	return 0;
}

static int load_syscall(struct lct_oci *o, struct json_object *sc, const char *path)
{
	char apath[LCT_OCI_PATH_MAX], epath[LCT_OCI_PATH_MAX];
	struct libct_seccomp_arg args[6];
	_cleanup_free_ const char **names = NULL;
	enum libct_seccomp_action action;
	struct json_object *a;
	size_t n_names = 0, n_args = 0;
	int errno_ret, r;

	if ((r = lct_oci_want_object(sc, path, o->err)) < 0 ||
	    (r = lct_oci_get_strv(sc, path, "names", true, &names, &n_names, o->err)) < 0 ||
	    (r = get_action(sc, path, "action", &action, o->err)) < 0 ||
	    (r = get_errno(sc, path, "errnoRet", &errno_ret, o->err)) < 0 ||
	    (r = lct_oci_get_array(sc, path, "args", false, &a, o->err)) < 0)
		return r;
	/* an empty names is a rule for no syscall, as runc and crun take it
	 * (a missing one is refused, as crun does: the spec requires it) */
	if (r > 0) {
		n_args = json_object_array_length(a);
		if (n_args > ARRAY_SIZE(args))
			return lct_err_msg(o->err, -E2BIG, "%s.args: at most 6 conditions", path);
		lct_oci_path(apath, path, "args");
		for (size_t i = 0; i < n_args; i++) {
			r = load_arg(json_object_array_get_idx(a, i),
				     lct_oci_path_index(epath, apath, i), &args[i], o->err);
			if (r < 0)
				return r;
		}
	}
	for (size_t i = 0; i < n_names; i++)
		if (libct_process_desc_add_seccomp_rule(o->pd, names[i], action, errno_ret, args,
							n_args, o->err) < 0)
			return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int add_each(struct lct_oci *o, struct json_object *sc, const char *key,
		    int (*add)(struct libct_process_desc *, const char *, struct libct_error *))
{
	char parent[LCT_OCI_PATH_MAX], path[LCT_OCI_PATH_MAX];
	_cleanup_free_ const char **v = NULL;
	size_t n = 0;
	int r = lct_oci_get_strv(sc, SC, key, false, &v, &n, o->err);

	if (r <= 0)
		return r;
	lct_oci_path(parent, SC, key);
	for (size_t i = 0; i < n; i++)
		if (add(o->pd, v[i], o->err) < 0)
			return lct_err_prefix(o->err, "%s", lct_oci_path_index(path, parent, i));
	return 0;
}

/* Turn seccomp on in o->pd: default action first, then architectures, flags and
 * the rules in the order given (libseccomp resolves overlaps by priority, not by
 * order, but messages then follow the file). */
int lct_oci_seccomp(struct lct_oci *o, struct json_object *sc)
{
	char path[LCT_OCI_PATH_MAX];
	enum libct_seccomp_action def;
	struct json_object *a;
	const char *listener = NULL, *metadata = NULL;
	int errno_ret, r;

	if ((r = get_action(sc, SC, "defaultAction", &def, o->err)) < 0 ||
	    (r = get_errno(sc, SC, "defaultErrnoRet", &errno_ret, o->err)) < 0)
		return r;
	if (libct_process_desc_set_seccomp_default(o->pd, def, errno_ret, o->err) < 0)
		return lct_err_prefix(o->err, SC ".defaultAction");
	/* the seccomp agent of SCMP_ACT_NOTIFY rules, and what it is told */
	r = lct_oci_get_string(sc, SC, "listenerPath", false, &listener, o->err);
	if (r < 0 ||
	    (r = lct_oci_get_string(sc, SC, "listenerMetadata", false, &metadata, o->err)) < 0)
		return r;
	if (listener && *listener &&
	    libct_process_desc_set_seccomp_listener(o->pd, listener, metadata, o->err) < 0)
		return lct_err_prefix(o->err, SC ".listenerPath");
	if ((r = add_each(o, sc, "architectures", libct_process_desc_add_seccomp_arch)) < 0 ||
	    (r = add_each(o, sc, "flags", libct_process_desc_add_seccomp_flag)) < 0)
		return r;
	r = lct_oci_get_array(sc, SC, "syscalls", false, &a, o->err);
	if (r <= 0)
		return r;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		r = load_syscall(o, json_object_array_get_idx(a, i),
				 lct_oci_path_index(path, SC ".syscalls", i));
		if (r < 0)
			return r;
	}
	return 0;
}
