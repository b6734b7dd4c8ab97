/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The state record. JSON is used here as a storage format (json-c); it is not
 * OCI configuration, which only lib/oci reads. */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "cgroup/cgroup.h"
#include "core/state.h"
#include "net/net.h"
#include "util/util.h"

/* A directory left by a create that died before its state record: nobody
 * holds its lock and it has no state.json. Emptied and removed. */
static bool remove_stale(struct libct_container *ct)
{
	_cleanup_close_ int fd = openat(ct->session->state_dirfd, ct->id,
					O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0 ||
	    faccessat(fd, LCT_STATE_FILE, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return false;
	lct_log(ct->session, LIBCT_LOG_WARNING,
		"container '%s': removing the state directory of a create that did not finish",
		ct->id);
	return lct_state_dir_remove(ct, NULL) == 0;
}

/* The directory is made under a temporary name, locked, and renamed into
 * place: nobody sees it unlocked, so an unlocked one without state.json is
 * a dead create's. */
int lct_state_dir_create(struct libct_container *ct, struct libct_error *err)
{
	int dfd = ct->session->state_dirfd;
	char tmp[64];
	int fd, r;

	snprintf(tmp, sizeof(tmp), ".new-%d-%lx", (int)getpid(), (unsigned long)(uintptr_t)ct);
	if (mkdirat(dfd, tmp, 0700) < 0)
		return lct_err(err, -errno, "mkdir '%s/%s'", ct->session->state_dir, tmp);
	fd = openat(dfd, tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		r = lct_err(err, -errno, "lock '%s/%s'", ct->session->state_dir, tmp);
		goto fail;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		if (renameat2(dfd, tmp, dfd, ct->id, RENAME_NOREPLACE) == 0)
			return fd;
		if (errno != EEXIST || !remove_stale(ct))
			break;
	}
	r = errno == EEXIST ? lct_err_msg(err, -EEXIST, "container '%s' already exists", ct->id) :
			      lct_err(err, -errno, "rename '%s' to '%s'", tmp, ct->id);
fail:
	if (fd >= 0)
		close(fd);
	unlinkat(dfd, tmp, AT_REMOVEDIR);
	return r;
}

int lct_state_dir_open(struct libct_container *ct, struct libct_error *err)
{
	int fd = openat(ct->session->state_dirfd, ct->id, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return lct_err_msg(err, -ENOENT, "container '%s' does not exist", ct->id);
		return lct_err(err, -errno, "open '%s/%s'", ct->session->state_dir, ct->id);
	}
	return fd;
}

int lct_state_dir_remove(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_close_ int fd = lct_state_dir_open(ct, NULL);
	DIR *d;
	struct dirent *de;

	if (fd >= 0) {
		d = fdopendir(TAKE_FD(fd));
		if (d) {
			while ((de = readdir(d)))
				if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
					unlinkat(dirfd(d), de->d_name, 0);
			closedir(d);
		}
	}
	if (unlinkat(ct->session->state_dirfd, ct->id, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return lct_err(err, -errno, "remove '%s/%s'", ct->session->state_dir, ct->id);
	return 0;
}

int lct_state_lock(struct libct_container *ct, struct libct_error *err)
{
	int fd = lct_state_dir_open(ct, err);

	if (fd < 0)
		return fd;
	if (flock(fd, LOCK_EX) < 0) {
		int r = lct_err(err, -errno, "lock '%s/%s'", ct->session->state_dir, ct->id);

		close(fd);
		return r;
	}
	return fd;
}

static json_object *strv_to_json(char **v)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; v && v[i]; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

/* Hooks are kept: poststart and poststop run in later calls. */
static json_object *hooks_to_json(const struct lct_config *cfg)
{
	json_object *o = json_object_new_object();

	for (int k = 0; k < LIBCT_HOOK__MAX; k++) {
		json_object *a;

		if (!cfg->n_hooks[k])
			continue;
		a = json_object_new_array();
		for (size_t i = 0; i < cfg->n_hooks[k]; i++) {
			const struct lct_hook *h = &cfg->hooks[k][i];
			json_object *ho = json_object_new_object();

			json_object_object_add(ho, "path", json_object_new_string(h->path));
			json_object_object_add(ho, "args", strv_to_json(h->argv));
			json_object_object_add(ho, "env", strv_to_json(h->env));
			json_object_object_add(ho, "timeout", json_object_new_int(h->timeout));
			json_object_array_add(a, ho);
		}
		json_object_object_add(o, libct_hook_to_string(k), a);
	}
	return o;
}

static char **json_to_strv(json_object *a)
{
	char **v = calloc(1, sizeof(char *));

	for (size_t i = 0; v && json_object_is_type(a, json_type_array) &&
			   i < json_object_array_length(a); i++)
		if (lct_strv_push(&v, json_object_get_string(json_object_array_get_idx(a, i))) < 0) {
			lct_strv_free(v);
			return NULL;
		}
	return v;
}

static int hooks_from_json(struct libct_container *ct, json_object *o)
{
	for (int k = 0; k < LIBCT_HOOK__MAX; k++) {
		json_object *a, *v;

		if (!json_object_object_get_ex(o, libct_hook_to_string(k), &a))
			continue;
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			json_object *h = json_object_array_get_idx(a, i);
			_cleanup_strv_ char **argv = NULL, **env = NULL;
			int timeout = 0;

			if (json_object_object_get_ex(h, "args", &v))
				argv = json_to_strv(v);
			if (json_object_object_get_ex(h, "env", &v))
				env = json_to_strv(v);
			if (json_object_object_get_ex(h, "timeout", &v))
				timeout = json_object_get_int(v);
			if (libct_container_add_hook(ct, k, get_str(h, "path"),
						     (const char *const *)argv,
						     (const char *const *)env, timeout, NULL) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* The network devices create made, as much as delete needs to undo them
 * from another process: a veth by its host end, a host device by its index
 * in the container and its name to take back. */
static json_object *net_to_json(const struct lct_config *cfg)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < cfg->n_net_links; i++) {
		const struct lct_net_link *l = cfg->net_links[i];
		json_object *d;

		if (!l->made)
			continue;
		d = json_object_new_object();
		json_object_object_add(d, "kind", json_object_new_string(
						      l->kind == LCT_NET_VETH ? "veth" : "host-dev"));
		json_object_object_add(d, "host", json_object_new_string(l->host.name));
		json_object_object_add(d, "ct", json_object_new_string(l->ct.name));
		json_object_object_add(d, "host_ifindex", json_object_new_int(l->host_ifindex));
		json_object_object_add(d, "ct_ifindex", json_object_new_int(l->ct_ifindex));
		json_object_object_add(d, "move_back", json_object_new_boolean(l->move_back));
		json_object_object_add(d, "was_up", json_object_new_boolean(l->was_up));
		json_object_array_add(a, d);
	}
	return a;
}

static int net_from_json(struct libct_container *ct, json_object *a)
{
	for (size_t i = 0; json_object_is_type(a, json_type_array) &&
			   i < json_object_array_length(a); i++) {
		json_object *d = json_object_array_get_idx(a, i), *v;
		enum lct_net_kind kind = strcmp(get_str(d, "kind"), "veth") ? LCT_NET_HOST_DEV
									       : LCT_NET_VETH;
		struct lct_net_link *l;

		/* interface names: 1-15 characters */
		if (!*get_str(d, "host") || !*get_str(d, "ct") || strlen(get_str(d, "host")) > 15 ||
		    strlen(get_str(d, "ct")) > 15)
			continue;
		if (lct_net_link_add(&ct->cfg, kind, get_str(d, "host"), get_str(d, "ct"), &l) < 0)
			return -ENOMEM;
		l->made = true;
		if (json_object_object_get_ex(d, "host_ifindex", &v))
			l->host_ifindex = json_object_get_int(v);
		if (json_object_object_get_ex(d, "ct_ifindex", &v))
			l->ct_ifindex = json_object_get_int(v);
		if (json_object_object_get_ex(d, "move_back", &v))
			l->move_back = json_object_get_boolean(v);
		if (json_object_object_get_ex(d, "was_up", &v))
			l->was_up = json_object_get_boolean(v);
	}
	return 0;
}

int lct_state_save(struct libct_container *ct, struct libct_error *err)
{
	json_object *o = json_object_new_object(), *ns = json_object_new_object();
	_cleanup_free_ char *cg = ct->cgroup ? lct_cgroup_serialize(ct->cgroup) : NULL;
	_cleanup_close_ int dfd = -EBADF;
	const char *text;
	int r;

	json_object_object_add(o, "id", json_object_new_string(ct->id));
	json_object_object_add(o, "pid", json_object_new_int64(ct->pid));
	json_object_object_add(o, "pid_start_time", json_object_new_uint64(ct->pid_start_time));
	json_object_object_add(o, "bundle", json_object_new_string(ct->cfg.bundle ? ct->cfg.bundle : ""));
	json_object_object_add(o, "root", json_object_new_string(ct->cfg.root ? ct->cfg.root : ""));
	json_object_object_add(o, "created", json_object_new_string(ct->created ? ct->created : ""));
	json_object_object_add(o, "cgroup", json_object_new_string(cg ? cg : ""));
	json_object_object_add(o, "annotations", strv_to_json(ct->cfg.annotations));
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (ct->cfg.ns_want[i])
			json_object_object_add(ns, libct_ns_to_string(i),
					       json_object_new_string(ct->cfg.ns_path[i] ?
								      ct->cfg.ns_path[i] : ""));
	json_object_object_add(o, "namespaces", ns);
	json_object_object_add(o, "hooks", hooks_to_json(&ct->cfg));
	json_object_object_add(o, "net", net_to_json(&ct->cfg));
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	dfd = lct_state_dir_open(ct, err);
	if (dfd < 0) {
		json_object_put(o);
		return dfd;
	}
	r = lct_write_atomic_at(dfd, LCT_STATE_FILE, text, strlen(text), err);
	json_object_put(o);
	return r;
}

static int load_fields(struct libct_container *ct, json_object *o, struct libct_error *err)
{
	json_object *v;
	const char *cg;

	if (json_object_object_get_ex(o, "pid", &v))
		ct->pid = json_object_get_int64(v);
	if (json_object_object_get_ex(o, "pid_start_time", &v))
		ct->pid_start_time = json_object_get_uint64(v);
	if (*get_str(o, "bundle") && !(ct->cfg.bundle = strdup(get_str(o, "bundle"))))
		return -ENOMEM;
	if (*get_str(o, "root") && !(ct->cfg.root = strdup(get_str(o, "root"))))
		return -ENOMEM;
	if (*get_str(o, "created") && !(ct->created = strdup(get_str(o, "created"))))
		return -ENOMEM;
	if (json_object_object_get_ex(o, "annotations", &v) &&
	    json_object_is_type(v, json_type_array))
		for (size_t i = 0; i < json_object_array_length(v); i++)
			if (lct_strv_push(&ct->cfg.annotations,
					  json_object_get_string(json_object_array_get_idx(v, i))) < 0)
				return -ENOMEM;
	if (json_object_object_get_ex(o, "namespaces", &v)) {
		json_object_object_foreach(v, key, val)
		{
			enum libct_ns ns;
			const char *p = json_object_get_string(val);

			if (libct_ns_from_string(key, &ns) < 0)
				continue;
			ct->cfg.ns_want[ns] = true;
			if (p && *p && !(ct->cfg.ns_path[ns] = strdup(p)))
				return -ENOMEM;
		}
	}
	if (json_object_object_get_ex(o, "hooks", &v) && hooks_from_json(ct, v) < 0)
		return -ENOMEM;
	if (json_object_object_get_ex(o, "net", &v) && net_from_json(ct, v) < 0)
		return -ENOMEM;
	cg = get_str(o, "cgroup");
	if (*cg)
		return lct_cgroup_deserialize(ct->session, cg, &ct->cgroup, err);
	return 0;
}

int lct_state_load(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_close_ int dfd = lct_state_dir_open(ct, err);
	_cleanup_free_ char *text = NULL;
	json_object *o;
	int r;

	if (dfd < 0)
		return dfd;
	r = lct_read_file_at(dfd, LCT_STATE_FILE, &text, NULL, NULL);
	if (r == -ENOENT)
		return lct_err_msg(err, -ENOENT, "container '%s' does not exist", ct->id);
	if (r < 0)
		return lct_err(err, r, "read state of container '%s'", ct->id);
	o = json_tokener_parse(text);
	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return lct_err_msg(err, -EINVAL, "state of container '%s' is corrupt", ct->id);
	}
	r = load_fields(ct, o, err);
	json_object_put(o);
	if (r == -ENOMEM)
		return lct_err(err, r, "load state of container '%s'", ct->id);
	return r;
}
