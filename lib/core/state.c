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
#include <time.h>

#include "cgroup/cgroup.h"
#include "core/state.h"
#include "net/net.h"
#include "util/util.h"

/* Directories an older create made under a temporary name and did not
 * rename: unlocked ones are a dead create's and go (they hold nothing). */
static void sweep_temporaries(struct libct_session *s, int rootfd)
{
	DIR *d = fdopendir(dup(rootfd));
	struct dirent *de;

	while (d && (de = readdir(d))) {
		_cleanup_close_ int fd = -EBADF;

		if (strncmp(de->d_name, ".new-", 5) != 0)
			continue;
		fd = openat(rootfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0)
			continue;
		lct_log(s, LIBCT_LOG_WARNING, "removing '%s/%s' of a create that did not finish",
			s->state_dir, de->d_name);
		lct_dir_empty_at(fd);
		unlinkat(rootfd, de->d_name, AT_REMOVEDIR);
	}
	if (d)
		closedir(d);
}

/* The words for a missing container, which engines match (containerd's
 * shim looks for "does not exist"): the same from every call. */
int lct_state_err_missing(const char *id, struct libct_error *err)
{
	return lct_err_msg(err, -ENOENT, "container '%s' does not exist", id);
}

/* Whether the directory fd was removed (a delete that held its lock). */
static bool dir_removed(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_nlink == 0;
}

/* Under the state root's lock: make <root>/<id> and lock it, or find the one
 * there. Nobody can find a directory made here before it is locked, so an
 * unlocked one without state.json is a dead create's. A delete (which does
 * not take the root's lock) may remove the one found before it is opened or
 * locked: then it is made again. */
static int make_locked(struct libct_container *ct, int rootfd, bool *ret_stale,
		       struct libct_error *err)
{
	const char *root = ct->session->state_dir;
	bool made;
	int fd, locked, r, tries = 0;

again:
	made = mkdirat(rootfd, ct->id, 0700) == 0;
	if (!made && errno != EEXIST)
		return lct_err(err, -errno, "mkdir '%s/%s'", root, ct->id);
	fd = openat(rootfd, ct->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && !made && errno == ENOENT && ++tries < 100)
		goto again;
	if (fd < 0 && !made && (errno == ENOTDIR || errno == ELOOP))
		return lct_err_msg(err, -EEXIST,
				   "container '%s' already exists (its state "
				   "'%s/%s' is not a directory; 'ct delete -f %s' removes it)",
				   ct->id, root, ct->id, ct->id);
	if (fd < 0) {
		r = lct_err(err, -errno, "open '%s/%s'", root, ct->id);
		goto fail;
	}
	locked = flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : -errno;
	if (locked < 0 && locked != -EWOULDBLOCK) {
		r = lct_err(err, locked, "lock '%s/%s'", root, ct->id);
		close(fd);
		goto fail;
	}
	if (locked < 0 ||
	    (!made && faccessat(fd, LCT_STATE_FILE, F_OK, AT_SYMLINK_NOFOLLOW) == 0)) {
		close(fd);
		return lct_err_msg(err, -EEXIST, "container '%s' already exists", ct->id);
	}
	if (!made && dir_removed(fd) && ++tries < 100) {
		close(fd);
		goto again;
	}
	*ret_stale = !made;
	return fd;

fail:
	/* one made here is nobody else's yet */
	if (made)
		unlinkat(rootfd, ct->id, AT_REMOVEDIR);
	return r;
}

int lct_state_root_lock(struct libct_session *s, int how, struct libct_error *err)
{
	int fd = openat(s->state_dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || flock(fd, how) < 0) {
		int r = lct_err(err, -errno, "lock '%s'", s->state_dir);

		if (fd >= 0)
			close(fd);
		return r;
	}
	return fd;
}

int lct_state_dir_create(struct libct_container *ct, bool *ret_stale, struct libct_error *err)
{
	_cleanup_close_ int rootfd = lct_state_root_lock(ct->session, LOCK_EX, err);
	int fd;

	if (rootfd < 0)
		return rootfd;
	sweep_temporaries(ct->session, rootfd);
	fd = make_locked(ct, rootfd, ret_stale, err);
	flock(rootfd, LOCK_UN);
	return fd;
}

int lct_state_dir_open(struct libct_container *ct, struct libct_error *err)
{
	int fd = openat(ct->session->state_dirfd, ct->id, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return lct_state_err_missing(ct->id, err);
		return lct_err(err, -errno, "open '%s/%s'", ct->session->state_dir, ct->id);
	}
	return fd;
}

int lct_state_dir_remove(struct libct_container *ct, struct libct_error *err)
{
	int dfd = ct->session->state_dirfd;
	_cleanup_close_ int fd = openat(dfd, ct->id,
					O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0)
		lct_dir_empty_at(fd);
	else if ((errno == ENOTDIR || errno == ELOOP) && unlinkat(dfd, ct->id, 0) == 0)
		return 0;
	if (unlinkat(dfd, ct->id, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return lct_err(err, -errno, "remove '%s/%s'", ct->session->state_dir, ct->id);
	return 0;
}

int lct_state_lock(struct libct_container *ct, struct libct_error *err)
{
	int fd = lct_state_dir_open(ct, err);
	long waited = 0, step = 1;
	int r;

	if (fd < 0)
		return fd;
	/* bounded: a call that holds the lock longer (a create stuck in a hook)
	 * is reported, not waited for forever. flock has no timeout: looked
	 * at again after 1, 2, 4, 8, then every 10 ms, so that a short holder
	 * (another call's few ms) costs about its own time */
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK && waited < LCT_STATE_LOCK_WAIT_MS) {
			waited += lct_backoff_sleep(&step);
			continue;
		}
		if (errno == EWOULDBLOCK)
			r = lct_err_msg(err, -EBUSY,
					"container '%s' is busy: another call has held "
					"its lock for %d s",
					ct->id, LCT_STATE_LOCK_WAIT_MS / 1000);
		else
			r = lct_err(err, -errno, "lock '%s/%s'", ct->session->state_dir, ct->id);
		close(fd);
		return r;
	}
	/* removed while this call waited (by the delete that held the lock) */
	if (dir_removed(fd)) {
		close(fd);
		return lct_state_err_missing(ct->id, err);
	}
	return fd;
}

int lct_state_lock_settled(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_close_ int rootfd = lct_state_root_lock(ct->session, LOCK_EX, err);
	int fd;

	if (rootfd < 0)
		return rootfd;
	/* a create makes and locks the directory under the root's lock: taken
	 * here under it, the lock is not one a create was about to take */
	fd = openat(rootfd, ct->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && !dir_removed(fd))
		return fd;
	if (fd >= 0)
		close(fd);
	flock(rootfd, LOCK_UN);
	/* held by a call under way (or gone): wait for it as any call does */
	return lct_state_lock(ct, err);
}

/* What <root>/<id> is now, looked at under the root's lock (shared; closed
 * last), so never between a create's mkdir and its lock; the record is
 * looked for after the directory's lock, so that an unheld directory
 * without one is nobody's work under way. */
enum lct_state_dir lct_state_dir_state(struct libct_container *ct)
{
	_cleanup_close_ int rootfd = lct_state_root_lock(ct->session, LOCK_SH, NULL);
	_cleanup_close_ int fd = openat(ct->session->state_dirfd, ct->id,
					O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	bool held;

	if (fd < 0)
		return errno == ENOENT ? LCT_DIR_GONE : LCT_DIR_FREE;
	held = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	if (faccessat(fd, LCT_STATE_FILE, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return LCT_DIR_RECORD;
	return held ? LCT_DIR_HELD : LCT_DIR_FREE;
}

static json_object *strv_to_json(char **v)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; v && v[i]; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
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

/* The record is untrusted input: each reader checks the type of what it
 * takes and says which field is wrong. */
struct reader {
	const char *id;
	struct libct_error *err;
};

static int bad(struct reader *rd, const char *field, const char *want)
{
	return lct_err_msg(rd->err, -EINVAL,
			   "state of container '%s' is damaged: '%s' is "
			   "not %s",
			   rd->id, field, want);
}

/* o[key] when present (NULL when not) and of type t; -EINVAL otherwise. */
static int get(struct reader *rd, json_object *o, const char *key, const char *field, json_type t,
	       json_object **ret)
{
	static const char *const names[] = {
		[json_type_null] = "null",	  [json_type_boolean] = "a boolean",
		[json_type_double] = "a number",  [json_type_int] = "an integer",
		[json_type_object] = "an object", [json_type_array] = "an array",
		[json_type_string] = "a string",
	};

	*ret = NULL;
	if (!json_object_object_get_ex(o, key, ret) || !*ret)
		return *ret = NULL, 0;
	if (!json_object_is_type(*ret, t))
		return bad(rd, field, names[t]);
	return 0;
}

static int get_strdup(struct reader *rd, json_object *o, const char *key, char **ret)
{
	json_object *v;
	int r = get(rd, o, key, key, json_type_string, &v);

	if (r < 0 || !v || !*json_object_get_string(v))
		return r;
	*ret = strdup(json_object_get_string(v));
	return *ret ? 0 : -ENOMEM;
}

/* An array of strings, appended to *v. */
static int get_strv(struct reader *rd, json_object *a, const char *field, char ***v)
{
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);

		if (!json_object_is_type(e, json_type_string))
			return bad(rd, field, "an array of strings");
		if (lct_strv_push(v, json_object_get_string(e)) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int hook_from_json(struct reader *rd, struct libct_container *ct, int k, json_object *h,
			  const char *field)
{
	_cleanup_strv_ char **argv = NULL, **env = NULL;
	json_object *path, *args, *envs, *timeout;
	int r;

	if (!json_object_is_type(h, json_type_object))
		return bad(rd, field, "an object");
	if ((r = get(rd, h, "path", field, json_type_string, &path)) < 0 ||
	    (r = get(rd, h, "args", field, json_type_array, &args)) < 0 ||
	    (r = get(rd, h, "env", field, json_type_array, &envs)) < 0 ||
	    (r = get(rd, h, "timeout", field, json_type_int, &timeout)) < 0)
		return r;
	if (!path || !*json_object_get_string(path))
		return bad(rd, field, "a hook with a path");
	if (!(argv = calloc(1, sizeof(char *))) || !(env = calloc(1, sizeof(char *))))
		return -ENOMEM;
	if ((r = get_strv(rd, args, field, &argv)) < 0 || (r = get_strv(rd, envs, field, &env)) < 0)
		return r;
	return libct_container_add_hook(ct, k, json_object_get_string(path),
					(const char *const *)argv, (const char *const *)env,
					timeout ? json_object_get_int(timeout) : 0, rd->err);
}

static int hooks_from_json(struct reader *rd, struct libct_container *ct, json_object *o)
{
	for (int k = 0; k < LIBCT_HOOK__MAX; k++) {
		char field[64];
		json_object *a;
		int r;

		snprintf(field, sizeof(field), "hooks.%s", libct_hook_to_string(k));
		r = get(rd, o, libct_hook_to_string(k), field, json_type_array, &a);
		if (r < 0)
			return r;
		for (size_t i = 0; a && i < json_object_array_length(a); i++) {
			char item[96];

			snprintf(item, sizeof(item), "%s[%zu]", field, i);
			r = hook_from_json(rd, ct, k, json_object_array_get_idx(a, i), item);
			if (r < 0)
				return r;
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
		json_object_object_add(d, "kind",
				       json_object_new_string(
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

static int net_from_json(struct reader *rd, struct libct_container *ct, json_object *a)
{
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *d = json_object_array_get_idx(a, i), *kind, *host, *in, *hi, *ci, *mb,
			    *up;
		struct lct_net_link *l;
		char field[32];
		int r;

		snprintf(field, sizeof(field), "net[%zu]", i);
		if (!json_object_is_type(d, json_type_object))
			return bad(rd, field, "an object");
		if ((r = get(rd, d, "kind", field, json_type_string, &kind)) < 0 ||
		    (r = get(rd, d, "host", field, json_type_string, &host)) < 0 ||
		    (r = get(rd, d, "ct", field, json_type_string, &in)) < 0 ||
		    (r = get(rd, d, "host_ifindex", field, json_type_int, &hi)) < 0 ||
		    (r = get(rd, d, "ct_ifindex", field, json_type_int, &ci)) < 0 ||
		    (r = get(rd, d, "move_back", field, json_type_boolean, &mb)) < 0 ||
		    (r = get(rd, d, "was_up", field, json_type_boolean, &up)) < 0)
			return r;
		/* interface names: 1-15 characters */
		if (!kind || !host || !in || !json_object_get_string_len(host) ||
		    !json_object_get_string_len(in) || json_object_get_string_len(host) > 15 ||
		    json_object_get_string_len(in) > 15)
			return bad(rd, field,
				   "a device with a kind and two names of 1-15 characters");
		r = lct_net_link_add(&ct->cfg,
				     strcmp(json_object_get_string(kind), "veth") ?
					     LCT_NET_HOST_DEV :
					     LCT_NET_VETH,
				     json_object_get_string(host), json_object_get_string(in), &l);
		if (r < 0)
			return -ENOMEM;
		l->made = true;
		l->host_ifindex = hi ? json_object_get_int(hi) : 0;
		l->ct_ifindex = ci ? json_object_get_int(ci) : 0;
		l->move_back = mb && json_object_get_boolean(mb);
		l->was_up = up && json_object_get_boolean(up);
	}
	return 0;
}

int lct_state_save(struct libct_container *ct, struct libct_error *err)
{
	json_object *o = json_object_new_object(), *ns = json_object_new_object();
	_cleanup_close_ int dfd = -EBADF;
	const char *text;
	int r;

	json_object_object_add(o, "id", json_object_new_string(ct->id));
	json_object_object_add(o, "pid", json_object_new_int64(ct->pid));
	json_object_object_add(o, "pid_start_time", json_object_new_uint64(ct->pid_start_time));
	json_object_object_add(o, "bundle",
			       json_object_new_string(ct->cfg.bundle ? ct->cfg.bundle : ""));
	json_object_object_add(o, "root", json_object_new_string(ct->cfg.root ? ct->cfg.root : ""));
	json_object_object_add(o, "created",
			       json_object_new_string(ct->created ? ct->created : ""));
	if (ct->cgroup)
		json_object_object_add(o, "cgroup", lct_cgroup_to_json(ct->cgroup));
	json_object_object_add(o, "annotations", strv_to_json(ct->cfg.annotations));
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (ct->cfg.ns_want[i])
			json_object_object_add(ns, libct_ns_to_string(i),
					       json_object_new_string(ct->cfg.ns_path[i] ?
									      ct->cfg.ns_path[i] :
									      ""));
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

static int load_namespaces(struct reader *rd, struct libct_container *ct, json_object *v)
{
	json_object_object_foreach(v, key, val) {
		enum libct_ns ns;
		const char *p;

		if (libct_ns_from_string(key, &ns) < 0)
			return bad(rd, "namespaces", "an object of known namespaces");
		if (!json_object_is_type(val, json_type_string))
			return bad(rd, "namespaces", "an object of strings");
		p = json_object_get_string(val);
		ct->cfg.ns_want[ns] = true;
		if (*p && !(ct->cfg.ns_path[ns] = strdup(p)))
			return -ENOMEM;
	}
	return 0;
}

static int load_fields(struct libct_container *ct, json_object *o, struct libct_error *err)
{
	struct reader rd = { ct->id, err };
	json_object *v;
	int r;

	if ((r = get(&rd, o, "id", "id", json_type_string, &v)) < 0)
		return r;
	if (v && strcmp(json_object_get_string(v), ct->id) != 0)
		return bad(&rd, "id", "the container's id");
	if ((r = get(&rd, o, "pid", "pid", json_type_int, &v)) < 0)
		return r;
	if (!v || json_object_get_int64(v) <= 0 || json_object_get_int64(v) > INT32_MAX)
		return bad(&rd, "pid", "a process id");
	ct->pid = (pid_t)json_object_get_int64(v);
	if ((r = get(&rd, o, "pid_start_time", "pid_start_time", json_type_int, &v)) < 0)
		return r;
	if (!v || json_object_get_int64(v) < 0)
		return bad(&rd, "pid_start_time", "a start time");
	ct->pid_start_time = json_object_get_uint64(v);
	if ((r = get_strdup(&rd, o, "bundle", &ct->cfg.bundle)) < 0 ||
	    (r = get_strdup(&rd, o, "root", &ct->cfg.root)) < 0 ||
	    (r = get_strdup(&rd, o, "created", &ct->created)) < 0)
		return r;
	if (!ct->created)
		return bad(&rd, "created", "a time");
	/* as libct_container_set_root takes it: `state` prints it as rootfs */
	if (ct->cfg.root && ct->cfg.root[0] != '/')
		return bad(&rd, "root", "an absolute path");
	if ((r = get(&rd, o, "annotations", "annotations", json_type_array, &v)) < 0 ||
	    (r = get_strv(&rd, v, "annotations", &ct->cfg.annotations)) < 0)
		return r;
	if ((r = get(&rd, o, "namespaces", "namespaces", json_type_object, &v)) < 0 ||
	    (v && (r = load_namespaces(&rd, ct, v)) < 0))
		return r;
	if ((r = get(&rd, o, "hooks", "hooks", json_type_object, &v)) < 0 ||
	    (v && (r = hooks_from_json(&rd, ct, v)) < 0))
		return r;
	if ((r = get(&rd, o, "net", "net", json_type_array, &v)) < 0 ||
	    (r = net_from_json(&rd, ct, v)) < 0)
		return r;
	if ((r = get(&rd, o, "cgroup", "cgroup", json_type_object, &v)) < 0)
		return r;
	if (!v)
		return 0;
	r = lct_cgroup_from_json(ct->session, v, &ct->cgroup, err);
	if (r == -EINVAL)
		lct_err_prefix(err, "state of container '%s' is damaged", ct->id);
	return r;
}

static int parse_record(const char *id, const char *file, const char *text, json_object **ret,
			struct libct_error *err)
{
	json_tokener *tok = json_tokener_new();
	json_object *o;

	if (!tok)
		return lct_err(err, -ENOMEM, "read %s", file);
	o = json_tokener_parse_ex(tok, text, (int)strlen(text));
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    text[json_tokener_get_parse_end(tok) +
		 strspn(text + json_tokener_get_parse_end(tok), " \t\n")] != '\0' ||
	    !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		json_tokener_free(tok);
		return lct_err_msg(err, -EINVAL,
				   "state of container '%s' is damaged: %s is not "
				   "a JSON object",
				   id, file);
	}
	json_tokener_free(tok);
	*ret = o;
	return 0;
}

int lct_state_load(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_close_ int dfd = openat(ct->session->state_dirfd, ct->id,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_free_ char *text = NULL;
	struct libct_error e = { 0 };
	json_object *o;
	int r;

	if (dfd < 0 && errno == ENOENT)
		return lct_state_err_missing(ct->id, err);
	if (dfd < 0 && (errno == ENOTDIR || errno == ELOOP))
		return lct_err_msg(err, -EUCLEAN,
				   "state of container '%s' is damaged: '%s/%s' is "
				   "not a directory",
				   ct->id, ct->session->state_dir, ct->id);
	if (dfd < 0)
		return lct_err(err, -errno, "open '%s/%s'", ct->session->state_dir, ct->id);
	r = lct_read_file_at(dfd, LCT_STATE_FILE, &text, NULL, &e);
	/* removed since it was opened (a delete that held its lock) */
	if (r == -ENOENT && dir_removed(dfd))
		return lct_state_err_missing(ct->id, err);
	if (r == -ENOENT)
		return lct_err_msg(err, -EUCLEAN,
				   "container '%s' has no state record (a create "
				   "that did not finish, or one removed)",
				   ct->id);
	/* a FIFO, a device or a huge file where the record was: damaged */
	if (r == -EINVAL || r == -EFBIG)
		return lct_err_msg(err, -EUCLEAN, "state of container '%s' is damaged: %s", ct->id,
				   e.message);
	if (r < 0)
		return lct_err(err, r, "read state of container '%s'", ct->id);
	r = parse_record(ct->id, LCT_STATE_FILE, text, &o, err);
	if (r < 0)
		return -EUCLEAN;
	r = load_fields(ct, o, err);
	json_object_put(o);
	if (r == -ENOMEM)
		return lct_err(err, r, "load state of container '%s'", ct->id);
	return r < 0 ? -EUCLEAN : 0;
}

int lct_state_journal_write(struct libct_container *ct, int dirfd, struct libct_error *err)
{
	json_object *o = json_object_new_object();
	const char *text;
	int r;

	json_object_object_add(o, "id", json_object_new_string(ct->id));
	if (ct->cgroup)
		json_object_object_add(o, "cgroup", lct_cgroup_to_json(ct->cgroup));
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	r = lct_write_atomic_at(dirfd, LCT_JOURNAL_FILE, text, strlen(text), err);
	json_object_put(o);
	return r;
}

int lct_state_journal_load(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_close_ int dfd = openat(ct->session->state_dirfd, ct->id,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_free_ char *text = NULL;
	struct reader rd = { ct->id, err };
	json_object *o, *v;
	int r;

	if (dfd < 0)
		return lct_err(err, -errno, "open '%s/%s'", ct->session->state_dir, ct->id);
	r = lct_read_file_at(dfd, LCT_JOURNAL_FILE, &text, NULL, NULL);
	if (r < 0)
		return lct_err(err, r, "read '%s/%s/%s'", ct->session->state_dir, ct->id,
			       LCT_JOURNAL_FILE);
	r = parse_record(ct->id, LCT_JOURNAL_FILE, text, &o, err);
	if (r < 0)
		return r;
	r = get(&rd, o, "cgroup", "cgroup", json_type_object, &v);
	if (r == 0 && v)
		r = lct_cgroup_from_json(ct->session, v, &ct->cgroup, err);
	json_object_put(o);
	return r;
}
