/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.json, top level: parsing, ociVersion, root, mounts, hostname, hooks and
 * annotations; process and linux have their own files. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "core/saved-config.h"
#include "oci/oci.h"
#include "util/util.h"

/* "1.0.0" to "1.2.x", with any pre-release or build suffix ("1.0.2-dev", "1.1.0-rc.1"). */
static int check_version(struct json_object *cfg, struct libct_error *err)
{
	const char *v, *p;
	unsigned long major, minor;
	char *end;
	int r = lct_oci_get_string(cfg, "", "ociVersion", true, &v, err);

	if (r < 0)
		return r;
	major = strtoul(v, &end, 10);
	if (end == v || *end != '.' || v[0] < '0' || v[0] > '9')
		goto bad;
	p = end + 1;
	minor = strtoul(p, &end, 10);
	if (end == p || *end != '.' || p[0] < '0' || p[0] > '9')
		goto bad;
	p = end + 1;
	(void)strtoul(p, &end, 10);
	if (end == p || p[0] < '0' || p[0] > '9' || (*end && *end != '-' && *end != '+'))
		goto bad;
	if (major == 1 && minor <= 2)
		return 0;
bad:
	return lct_err_msg(err, -EINVAL,
			   "ociVersion: unsupported version '%s' (supported: 1.0.0 to 1.2.x)", v);
}

/* root.path: relative to the bundle; must exist and be a directory. Made absolute
 * (realpath) so that nothing later depends on the caller's cwd. */
static int load_root(struct lct_oci *o, struct json_object *cfg)
{
	_cleanup_free_ char *joined = NULL, *real = NULL;
	struct json_object *root;
	const char *path;
	bool readonly = false;
	struct stat st;
	int r;

	r = lct_oci_get_object(cfg, "", "root", true, &root, o->err);
	if (r < 0)
		return r;
	r = lct_oci_get_string(root, "root", "path", true, &path, o->err);
	if (r < 0)
		return r;
	if (!*path)
		return lct_err_msg(o->err, -EINVAL, "root.path: must not be empty");
	r = lct_oci_get_bool(root, "root", "readonly", false, &readonly, o->err);
	if (r < 0)
		return r;
	if (path[0] == '/' || !o->bundle)
		joined = strdup(path);
	else
		joined = lct_asprintf("%s/%s", o->bundle, path);
	if (!joined)
		return lct_err(o->err, -ENOMEM, "root.path");
	real = realpath(joined, NULL);
	if (!real)
		return lct_err(o->err, -errno, "root.path: '%s'", joined);
	if (stat(real, &st) < 0)
		return lct_err(o->err, -errno, "root.path: '%s'", real);
	if (!S_ISDIR(st.st_mode))
		return lct_err(o->err, -ENOTDIR, "root.path: '%s'", real);
	r = libct_container_set_root(o->ct, real, readonly, o->err);
	if (r < 0)
		return lct_err_prefix(o->err, "root");
	return 0;
}

/* mounts[i].uidMappings / gidMappings: the mount's own idmapping. */
static int load_mount_idmaps(struct lct_oci *o, struct json_object *m, const char *path,
			     const char *dest, bool bind)
{
	static const char *const keys[] = { "uidMappings", "gidMappings" };
	char parent[LCT_OCI_PATH_MAX], epath[LCT_OCI_PATH_MAX];
	struct json_object *a[2] = { NULL, NULL }, *e;
	size_t n[2] = { 0, 0 };
	uint32_t cid, hid, size;
	int r;

	for (size_t k = 0; k < 2; k++) {
		r = lct_oci_get_array(m, path, keys[k], false, &a[k], o->err);
		if (r < 0)
			return r;
		n[k] = r > 0 ? json_object_array_length(a[k]) : 0;
	}
	if (!n[0] && !n[1])
		return 0;
	if (!n[0] || !n[1])
		return lct_err_msg(o->err, -EINVAL, "%s.%s: an idmapped mount needs %s as well",
				   path, keys[n[0] ? 0 : 1], keys[n[0] ? 1 : 0]);
	if (!bind)
		return lct_err_msg(o->err, -EINVAL,
				   "%s.uidMappings: an idmapped mount must be a "
				   "bind mount (options bind or rbind)",
				   path);
	for (size_t k = 0; k < 2; k++) {
		lct_oci_path(parent, path, keys[k]);
		for (size_t i = 0; i < n[k]; i++) {
			e = json_object_array_get_idx(a[k], i);
			lct_oci_path_index(epath, parent, i);
			if ((r = lct_oci_want_object(e, epath, o->err)) < 0 ||
			    (r = lct_oci_get_u32(e, epath, "containerID", true, &cid, o->err)) <
				    0 ||
			    (r = lct_oci_get_u32(e, epath, "hostID", true, &hid, o->err)) < 0 ||
			    (r = lct_oci_get_u32(e, epath, "size", true, &size, o->err)) < 0)
				return r;
			r = k == 0 ? libct_container_add_mount_uid_map(o->ct, dest, cid, hid, size,
								       o->err) :
				     libct_container_add_mount_gid_map(o->ct, dest, cid, hid, size,
								       o->err);
			if (r < 0)
				return lct_err_prefix(o->err, "%s", epath);
		}
	}
	return 0;
}

static bool has_word(const char *const *words, size_t n, const char *w1, const char *w2)
{
	for (size_t i = 0; i < n; i++)
		if (words[i] && (strcmp(words[i], w1) == 0 || strcmp(words[i], w2) == 0))
			return true;
	return false;
}

static int load_mount(struct lct_oci *o, struct json_object *m, const char *path)
{
	_cleanup_free_ const char **options = NULL;
	_cleanup_free_ char *dest_abs = NULL;
	const char *dest, *source = NULL, *type = NULL;
	size_t n_options = 0;
	bool bind;
	int r;

	r = lct_oci_want_object(m, path, o->err);
	if (r < 0)
		return r;
	r = lct_oci_get_string(m, path, "destination", true, &dest, o->err);
	if (r < 0)
		return r;
	if (!*dest)
		return lct_err_msg(o->err, -EINVAL, "%s.destination: must be an absolute path",
				   path);
	/* config.md: on Linux a relative destination is deprecated but allowed, and
	 * MUST be taken as relative to "/" */
	if (dest[0] != '/') {
		dest_abs = lct_asprintf("/%s", dest);
		if (!dest_abs)
			return lct_err(o->err, -ENOMEM, "%s", path);
		dest = dest_abs;
	}
	if ((r = lct_oci_get_string(m, path, "source", false, &source, o->err)) < 0 ||
	    (r = lct_oci_get_string(m, path, "type", false, &type, o->err)) < 0 ||
	    (r = lct_oci_get_strv(m, path, "options", false, &options, &n_options, o->err)) < 0)
		return r;
	bind = has_word(options, n_options, "bind", "rbind");
	if (!bind && has_word(options, n_options, "idmap", "ridmap"))
		return lct_err_msg(o->err, -EINVAL,
				   "%s.options: idmap and ridmap need a bind "
				   "mount (options bind or rbind)",
				   path);
	r = libct_container_add_mount(o->ct, source, dest, type, options, n_options, o->err);
	if (r < 0)
		return lct_err_prefix(o->err, "%s", path);
	return load_mount_idmaps(o, m, path, dest, bind);
}

static int load_mounts(struct lct_oci *o, struct json_object *cfg)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *mounts;
	int r = lct_oci_get_array(cfg, "", "mounts", false, &mounts, o->err);

	if (r <= 0)
		return r;
	for (size_t i = 0; i < json_object_array_length(mounts); i++) {
		r = load_mount(o, json_object_array_get_idx(mounts, i),
			       lct_oci_path_index(path, "mounts", i));
		if (r < 0)
			return r;
	}
	return 0;
}

static int load_hook(struct lct_oci *o, enum libct_hook kind, struct json_object *h,
		     const char *path, struct libct_error *err)
{
	_cleanup_free_ const char **args = NULL, **env = NULL;
	const char *p;
	int64_t timeout;
	int r;

	if ((r = lct_oci_want_object(h, path, err)) < 0 ||
	    (r = lct_oci_get_string(h, path, "path", true, &p, err)) < 0)
		return r;
	if (p[0] != '/')
		return lct_err_msg(err, -EINVAL, "%s.path: must be an absolute path", path);
	if ((r = lct_oci_get_strv(h, path, "args", false, &args, NULL, err)) < 0 ||
	    (r = lct_oci_get_strv(h, path, "env", false, &env, NULL, err)) < 0 ||
	    (r = lct_oci_get_int(h, path, "timeout", false, 1, INT32_MAX, &timeout, err)) < 0)
		return r;
	if (r == 0)
		timeout = 0;
	r = libct_container_add_hook(o->ct, kind, p, args, env, (int)timeout, err);
	if (r < 0)
		return lct_err_prefix(err, "%s", path);
	return 0;
}

/* hooks: each kind in the order of enum libct_hook. */
static int load_hooks(struct lct_oci *o, struct json_object *cfg)
{
	static const char *const kinds[] = { "prestart",       "createRuntime", "createContainer",
					     "startContainer", "poststart",	"poststop" };
	char path[LCT_OCI_PATH_MAX], epath[LCT_OCI_PATH_MAX];
	struct json_object *hooks, *list;
	int r = lct_oci_get_object(cfg, "", "hooks", false, &hooks, o->err);

	if (r <= 0)
		return r;
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		r = lct_oci_get_array(hooks, "hooks", kinds[k], false, &list, o->err);
		if (r < 0)
			return r;
		if (r == 0)
			continue;
		lct_oci_path(path, "hooks", kinds[k]);
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			r = load_hook(o, (enum libct_hook)k, json_object_array_get_idx(list, i),
				      lct_oci_path_index(epath, path, i), o->err);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static int load_annotations(struct lct_oci *o, struct json_object *cfg)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *ann;
	const char *value;
	int r = lct_oci_get_object(cfg, "", "annotations", false, &ann, o->err);

	if (r <= 0)
		return r;
	json_object_object_foreach(ann, key, v) {
		r = lct_oci_want_string(v, lct_oci_path(path, "annotations", key), &value, o->err);
		if (r < 0)
			return r;
		r = libct_container_add_annotation(o->ct, key, value, o->err);
		if (r < 0)
			return lct_err_prefix(o->err, "annotations");
		/* crun's: present (whatever its value), init and the processes
		 * exec starts from this config keep their starter's groups */
		if (o->pd && strcmp(key, "run.oci.keep_original_groups") == 0)
			libct_process_desc_set_keep_groups(o->pd, true);
	}
	return 0;
}

static int load_names(struct lct_oci *o, struct json_object *cfg)
{
	const char *s;
	int r;

	r = lct_oci_get_string(cfg, "", "hostname", false, &s, o->err);
	if (r < 0)
		return r;
	if (r > 0 && *s && libct_container_set_hostname(o->ct, s, o->err) < 0)
		return lct_err_prefix(o->err, "hostname");
	r = lct_oci_get_string(cfg, "", "domainname", false, &s, o->err);
	if (r < 0)
		return r;
	if (r > 0 && *s && libct_container_set_domainname(o->ct, s, o->err) < 0)
		return lct_err_prefix(o->err, "domainname");
	return 0;
}

/* Parse a JSON text strictly; errors name the file (what), line and column. */
static int parse(const char *what, const char *json, struct json_object **ret,
		 struct libct_error *err)
{
	struct json_tokener *tok;
	struct json_object *obj;
	enum json_tokener_error jerr;
	size_t len = strlen(json), end, line = 1, col = 1;

	if (len > INT32_MAX)
		return lct_err_msg(err, -E2BIG, "%s: too large", what);
	tok = json_tokener_new();
	if (!tok)
		return lct_err(err, -ENOMEM, "%s", what);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	obj = json_tokener_parse_ex(tok, json, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!obj || jerr != json_tokener_success) {
		json_object_put(obj);
		for (size_t i = 0; i < end && i < len; i++, col++)
			if (json[i] == '\n') {
				line++;
				col = 0;
			}
		return lct_err_msg(err, -EINVAL, "%s: invalid JSON at line %zu, column %zu: %s",
				   what, line, col,
				   jerr == json_tokener_continue ? "unexpected end of input" :
								   json_tokener_error_desc(jerr));
	}
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return lct_err_msg(err, -EINVAL, "%s: must be a JSON object", what);
	}
	*ret = obj;
	return 0;
}

static int load(struct lct_oci *o, struct json_object *cfg)
{
	struct json_object *sect;
	int r;

	if ((r = check_version(cfg, o->err)) < 0 || (!o->saved && (r = load_root(o, cfg)) < 0))
		return r;
	/* process is optional here (state and exec do not need it); create refuses
	 * a description without args ("process: missing" in the CLI) */
	r = lct_oci_get_object(cfg, "", "process", false, &sect, o->err);
	if (r < 0 || (r > 0 && (r = lct_oci_process(o, sect)) < 0))
		return r;
	if ((r = load_names(o, cfg)) < 0 || (r = load_mounts(o, cfg)) < 0 ||
	    (r = load_hooks(o, cfg)) < 0 || (r = load_annotations(o, cfg)) < 0)
		return r;
	r = lct_oci_get_object(cfg, "", "linux", false, &sect, o->err);
	if (r < 0 || (r > 0 && (r = lct_oci_linux(o, sect)) < 0))
		return r;
	if (o->bundle && libct_container_set_bundle(o->ct, o->bundle, o->err) < 0)
		return lct_err_prefix(o->err, "bundle");
	return 0;
}

/* name: the config's name in errors ("config.json", or the file given) */
static int load_text(struct libct_container *ct, const char *bundle, bool saved, const char *name,
		     const char *json, struct libct_process_desc **ret_pd, struct libct_error *err)
{
	struct libct_process_desc *pd = NULL;
	struct json_object *cfg = NULL;
	_cleanup_free_ char *abs = NULL;
	struct lct_oci o;
	int r;

	if (bundle) {
		abs = saved ? strdup(bundle) : realpath(bundle, NULL);
		if (!abs)
			return lct_err(err, -errno, "bundle '%s'", bundle);
	}
	r = parse(name, json, &cfg, err);
	if (r < 0)
		return r;
	r = libct_process_desc_new(&pd, err);
	if (r < 0) {
		json_object_put(cfg);
		return r;
	}
	o = (struct lct_oci){ .ct = ct, .pd = pd, .bundle = abs, .saved = saved, .err = err };
	r = load(&o, cfg);
	json_object_put(cfg);
	/* create saves it beside the state, for the processes entered later */
	if (r == 0)
		r = lct_saved_config_keep(ct, json, err);
	if (r < 0) {
		libct_process_desc_free(pd);
		return r;
	}
	lct_trace(ct->session, "oci: config.json loaded");
	*ret_pd = pd;
	return 0;
}

/* Load a config text into ct and a new process description. On failure ct may
 * hold part of the configuration (callers free it) and *ret_pd is untouched. */
LCT_EXPORT int libct_oci_load_string(struct libct_container *ct, const char *bundle,
				     const char *json, struct libct_process_desc **ret_pd,
				     struct libct_error *err)
{
	if (!ct || !json || !ret_pd)
		return lct_err_msg(err, -EINVAL, "oci load: invalid argument");
	return load_text(ct, bundle, false, "config.json", json, ret_pd, err);
}

/* Read the config at path (named name in errors) and load it. */
static int load_file(struct libct_container *ct, const char *bundle, const char *path,
		     const char *name, struct libct_process_desc **ret_pd, struct libct_error *err)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r;

	r = lct_read_file_at(AT_FDCWD, path, &text, &len, err);
	if (r < 0)
		return r;
	if (strlen(text) != len)
		return lct_err_msg(err, -EINVAL, "%s: contains a NUL byte", name);
	return load_text(ct, bundle, false, name, text, ret_pd, err);
}

/* Read BUNDLE/config.json and load it. */
LCT_EXPORT int libct_oci_load(struct libct_container *ct, const char *bundle,
			      struct libct_process_desc **ret_pd, struct libct_error *err)
{
	_cleanup_free_ char *path = NULL;

	if (!ct || !ret_pd)
		return lct_err_msg(err, -EINVAL, "oci load: invalid argument");
	if (!bundle)
		bundle = ".";
	path = lct_asprintf("%s/config.json", bundle);
	if (!path)
		return lct_err(err, -ENOMEM, "config.json");
	return load_file(ct, bundle, path, "config.json", ret_pd, err);
}

/* Read a config from any file (crun's --config) and load it; its errors name
 * the file as given. */
LCT_EXPORT int libct_oci_load_file(struct libct_container *ct, const char *bundle, const char *path,
				   struct libct_process_desc **ret_pd, struct libct_error *err)
{
	if (!ct || !path || !*path || !ret_pd)
		return lct_err_msg(err, -EINVAL, "oci load: invalid argument");
	return load_file(ct, bundle, path, path, ret_pd, err);
}

/* The container's process as it was created (its config.json, saved at
 * create), without its seccomp filter, which the library applies to every
 * exec anyway; an empty description when it has no saved config. */
LCT_EXPORT int libct_oci_load_exec_template(struct libct_container *ct,
					    struct libct_process_desc **ret_pd,
					    struct libct_error *err)
{
	_cleanup_free_ char *json = NULL;
	struct libct_container *scratch = NULL;
	const char *bundle;
	int r;

	if (!ct || !ret_pd)
		return lct_err_msg(err, -EINVAL, "oci exec template: invalid argument");
	r = lct_saved_config_read(ct, &json, err);
	if (r < 0)
		return r;
	if (!json)
		return libct_process_desc_new(ret_pd, err);
	bundle = libct_container_bundle(ct);
	r = lct_saved_config_scratch(ct, &scratch, err);
	if (r == 0)
		r = load_text(scratch, *bundle ? bundle : NULL, true, "config.json", json, ret_pd,
			      err);
	libct_container_free(scratch);
	if (r < 0)
		return r;
	libct_process_desc_clear_seccomp(*ret_pd);
	return 0;
}

/* Read and parse a JSON file ("-": standard input) that must be one object. */
static int read_json(const char *path, struct json_object **ret, struct libct_error *err)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r;

	r = lct_read_stream_at(AT_FDCWD, strcmp(path, "-") ? path : "/dev/stdin", &text, &len, err);
	if (r < 0)
		return r;
	if (strlen(text) != len)
		return lct_err_msg(err, -EINVAL, "%s: contains a NUL byte", path);
	return parse(path, text, ret, err);
}

/* Read an OCI "process" object from a file (`exec --process`) into a new process
 * description. Messages use the same "process.*" paths as in config.json. */
LCT_EXPORT int libct_oci_load_process_file(const char *path, struct libct_process_desc **ret_pd,
					   struct libct_error *err)
{
	struct libct_process_desc *pd = NULL;
	struct json_object *obj = NULL;
	struct lct_oci o;
	int r;

	if (!path || !ret_pd)
		return lct_err_msg(err, -EINVAL, "oci process: invalid argument");
	r = read_json(path, &obj, err);
	if (r < 0)
		return r;
	r = libct_process_desc_new(&pd, err);
	if (r == 0) {
		/* no container: a process description only */
		o = (struct lct_oci){ .pd = pd, .err = err };
		r = lct_oci_process(&o, obj);
	}
	json_object_put(obj);
	if (r < 0) {
		libct_process_desc_free(pd);
		return r;
	}
	*ret_pd = pd;
	return 0;
}

/* memory.checkBeforeUpdate that an update's resources do not say: the
 * config.json's that the container was created from (as runc keeps it). */
static int saved_check_before_update(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_free_ char *json = NULL;
	struct json_object *obj = NULL, *v;
	int r;

	if (ct->cfg.res.has_mem_check_before_update)
		return 0;
	r = lct_saved_config_read(ct, &json, err);
	if (r < 0 || !json)
		return r;
	r = parse("the saved config.json", json, &obj, err);
	if (r < 0)
		return r;
	if (json_object_object_get_ex(obj, "linux", &v) &&
	    json_object_object_get_ex(v, "resources", &v) &&
	    json_object_object_get_ex(v, "memory", &v) &&
	    json_object_object_get_ex(v, "checkBeforeUpdate", &v) &&
	    json_object_is_type(v, json_type_boolean))
		libct_container_set_memory_check_before_update(ct, json_object_get_boolean(v));
	json_object_put(obj);
	return 0;
}

/* A LinuxResources object (`runc update -r`): into ct's resources, which
 * libct_container_update then applies. "-" reads standard input. */
LCT_EXPORT int libct_oci_load_resources_file(struct libct_container *ct, const char *path,
					     struct libct_error *err)
{
	struct json_object *obj = NULL;
	struct lct_oci o;
	int r;

	if (!ct || !path)
		return lct_err_msg(err, -EINVAL, "oci resources: invalid argument");
	r = read_json(path, &obj, err);
	if (r < 0)
		return r;
	o = (struct lct_oci){ .ct = ct, .err = err };
	r = lct_oci_resources(&o, obj);
	json_object_put(obj);
	if (r == 0)
		r = saved_check_before_update(ct, err);
	return r;
}
