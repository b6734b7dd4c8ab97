/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Containers: creation of the handle and the typed configuration setters. */
#include <sys/mount.h>

#include "cgroup/cgroup.h"
#include "core/internal.h"
#include "fs/fs.h"
#include "net/net.h"
#include "util/util.h"

#define LCT_ID_MAX 255

static bool id_valid(const char *id)
{
	size_t n = strlen(id);

	/* 255: one file name in the state root; no leading '.': hidden there, and
	 * refused as a session keyring name */
	if (n == 0 || n > LCT_ID_MAX || id[0] == '.')
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("_+.-", *p)))
			return false;
	return true;
}

/* Allocate a container handle; shared by new and open. */
int lct_container_alloc(struct libct_session *s, const char *id, struct libct_container **ret,
			struct libct_error *err)
{
	struct libct_container *ct;

	if (!id_valid(id))
		return lct_err_msg(err, -EINVAL,
				   "invalid container id '%.64s%s': use 1-%d characters of "
				   "[A-Za-z0-9_+.-], not starting with '.'",
				   id, strlen(id) > 64 ? "..." : "", LCT_ID_MAX);
	ct = calloc(1, sizeof(*ct));
	if (!ct)
		return lct_err(err, -ENOMEM, "new container");
	ct->id = strdup(id);
	if (!ct->id) {
		free(ct);
		return lct_err(err, -ENOMEM, "new container");
	}
	ct->session = s;
	ct->pidfd = -EBADF;
	ct->netns_fd = -EBADF;
	ct->notify_fd = -EBADF;
	ct->exit_status = -1;
	*ret = ct;
	return 0;
}

LCT_EXPORT int libct_container_new(struct libct_session *s, const char *id,
				   struct libct_container **ret, struct libct_error *err)
{
	return lct_container_alloc(s, id, ret, err);
}

static void free_kv(struct lct_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void cmd_free(struct lct_cmd *c)
{
	free(c->path);
	free(c->dir);
	lct_strv_free(c->argv);
	lct_strv_free(c->env);
}

void lct_mount_free(struct lct_mount *m)
{
	free(m->source);
	free(m->destination);
	free(m->type);
	free(m->data);
	for (int w = 0; w < 2; w++) {
		for (size_t j = 0; j < m->n_cmds[w]; j++)
			cmd_free(&m->cmds[w][j]);
		free(m->cmds[w]);
	}
	free(m->uid_maps);
	free(m->gid_maps);
}

void lct_config_free(struct lct_config *cfg)
{
	struct lct_resources *r = &cfg->res;

	for (int i = 0; i < LIBCT_NS__MAX; i++)
		free(cfg->ns_path[i]);
	free(cfg->uid_maps);
	free(cfg->gid_maps);
	free(cfg->root);
	for (size_t i = 0; i < cfg->n_mounts; i++)
		lct_mount_free(&cfg->mounts[i]);
	free(cfg->mounts);
	lct_strv_free(cfg->masked_paths);
	lct_strv_free(cfg->readonly_paths);
	for (size_t i = 0; i < cfg->n_devices; i++)
		free(cfg->devices[i].path);
	free(cfg->devices);
	free(cfg->hostname);
	free(cfg->domainname);
	free_kv(cfg->sysctls, cfg->n_sysctls);
	free(cfg->cgroup_path);
	free(r->cpuset_cpus);
	free(r->cpuset_mems);
	free(r->dev_rules);
	for (int i = 0; i < 4; i++)
		free(r->throttle[i]);
	free(r->weight_dev);
	free_kv(r->hugetlb, r->n_hugetlb);
	free_kv(r->net_prio, r->n_net_prio);
	free_kv(r->rdma, r->n_rdma);
	free_kv(r->unified, r->n_unified);
	for (size_t i = 0; i < r->n_raw; i++) {
		free(r->raw[i].controller);
		free(r->raw[i].file);
		free(r->raw[i].value);
	}
	free(r->raw);
	lct_hooks_free(cfg);
	lct_net_config_free(cfg);
	free(cfg->bundle);
	free(cfg->mount_label);
	lct_strv_free(cfg->annotations);
	memset(cfg, 0, sizeof(*cfg));
}

LCT_EXPORT void libct_container_free(struct libct_container *ct)
{
	if (!ct)
		return;
	lct_config_free(&ct->cfg);
	lct_cgroup_free(ct->cgroup);
	closep(&ct->pidfd);
	closep(&ct->netns_fd);
	closep(&ct->notify_fd);
	free(ct->created);
	free(ct->damage);
	free(ct->config_text);
	free(ct->id);
	free(ct);
}

LCT_EXPORT const char *libct_container_id(const struct libct_container *ct)
{
	return ct->id;
}

LCT_EXPORT pid_t libct_container_pid(const struct libct_container *ct)
{
	return ct->pid;
}

LCT_EXPORT const char *libct_container_bundle(const struct libct_container *ct)
{
	return ct->cfg.bundle ? ct->cfg.bundle : "";
}

LCT_EXPORT const char *libct_container_created(const struct libct_container *ct)
{
	return ct->created;
}

LCT_EXPORT const char *const *libct_container_annotations(const struct libct_container *ct)
{
	static const char *const none[] = { NULL };

	return ct->cfg.annotations ? (const char *const *)ct->cfg.annotations : none;
}

LCT_EXPORT const char *libct_container_cgroup_path(const struct libct_container *ct)
{
	if (ct->cgroup)
		return lct_cgroup_path(ct->cgroup);
	return ct->cfg.cgroup_path;
}

static int set_str(char **dst, const char *v, const char *what, struct libct_error *err)
{
	char *c = strdup(v);

	if (!c)
		return lct_err(err, -ENOMEM, "%s", what);
	free(*dst);
	*dst = c;
	return 0;
}

static bool abs_path(const char *p)
{
	return p && p[0] == '/';
}

LCT_EXPORT int libct_container_set_namespace(struct libct_container *ct, enum libct_ns ns,
					     const char *path, struct libct_error *err)
{
	if ((unsigned)ns >= LIBCT_NS__MAX)
		return lct_err_msg(err, -EINVAL, "unknown namespace %d", (int)ns);
	if (ct->cfg.ns_want[ns])
		return lct_err_msg(err, -EINVAL, "namespace '%s' given twice",
				   libct_ns_to_string(ns));
	if (path && *path) {
		if (!abs_path(path))
			return lct_err_msg(err, -EINVAL,
					   "namespace '%s': path '%s' must be absolute",
					   libct_ns_to_string(ns), path);
		if (set_str(&ct->cfg.ns_path[ns], path, "namespace path", err) < 0)
			return -ENOMEM;
	}
	ct->cfg.ns_want[ns] = true;
	return 0;
}

LCT_EXPORT int libct_container_set_time_offset(struct libct_container *ct, const char *clock,
					       int64_t secs, uint32_t nanosecs,
					       struct libct_error *err)
{
	struct lct_time_offset *o;

	if (!clock || (strcmp(clock, "monotonic") != 0 && strcmp(clock, "boottime") != 0))
		return lct_err_msg(err, -EINVAL,
				   "time offset: unknown clock '%s' (monotonic or boottime)",
				   clock ? clock : "(null)");
	if (nanosecs >= 1000000000U)
		return lct_err_msg(err, -EINVAL,
				   "time offset of '%s': nanosecs %u is not below 1000000000",
				   clock, nanosecs);
	o = &ct->cfg.time_offsets[strcmp(clock, "boottime") == 0];
	if (o->set)
		return lct_err_msg(err, -EINVAL, "time offset of '%s' given twice", clock);
	*o = (struct lct_time_offset){ true, secs, nanosecs };
	return 0;
}

static int add_map(struct lct_idmap **maps, size_t *n, uint32_t cid, uint32_t hid, uint32_t size,
		   const char *what, struct libct_error *err)
{
	struct lct_idmap *m;

	if (size == 0)
		return lct_err_msg(err, -EINVAL, "%s: size must be greater than 0", what);
	if (*n >= 340)
		return lct_err_msg(err, -E2BIG, "%s: too many mappings", what);
	m = lct_array_grow(maps, n, sizeof(**maps));
	if (!m)
		return lct_err(err, -ENOMEM, "%s", what);
	*m = (struct lct_idmap){ cid, hid, size };
	return 0;
}

LCT_EXPORT int libct_container_add_uid_map(struct libct_container *ct, uint32_t container_id,
					   uint32_t host_id, uint32_t size, struct libct_error *err)
{
	return add_map(&ct->cfg.uid_maps, &ct->cfg.n_uid_maps, container_id, host_id, size,
		       "uid map", err);
}

LCT_EXPORT int libct_container_add_gid_map(struct libct_container *ct, uint32_t container_id,
					   uint32_t host_id, uint32_t size, struct libct_error *err)
{
	return add_map(&ct->cfg.gid_maps, &ct->cfg.n_gid_maps, container_id, host_id, size,
		       "gid map", err);
}

LCT_EXPORT int libct_container_set_root(struct libct_container *ct, const char *path, bool readonly,
					struct libct_error *err)
{
	if (!abs_path(path))
		return lct_err_msg(err, -EINVAL, "root path '%s' must be absolute",
				   path ? path : "");
	ct->cfg.root_readonly = readonly;
	return set_str(&ct->cfg.root, path, "root path", err);
}

LCT_EXPORT void libct_container_set_no_pivot(struct libct_container *ct, bool no_pivot)
{
	ct->cfg.no_pivot = no_pivot;
}

LCT_EXPORT int libct_container_set_root_propagation(struct libct_container *ct,
						    const char *propagation,
						    struct libct_error *err)
{
	unsigned long flags;

	if (lct_mount_propagation_from_string(propagation, &flags) < 0)
		return lct_err_msg(err, -EINVAL, "unknown root propagation '%s'", propagation);
	ct->cfg.root_propagation = flags;
	return 0;
}

LCT_EXPORT int libct_container_set_mount_label(struct libct_container *ct, const char *label,
					       struct libct_error *err)
{
	/* a context option is quoted: no quote, comma-safe, one line */
	if (label && (strchr(label, '"') || strchr(label, '\n')))
		return lct_err_msg(err, -EINVAL, "mount label '%s': a quote or a newline", label);
	if (!label || !*label) {
		free(ct->cfg.mount_label);
		ct->cfg.mount_label = NULL;
		return 0;
	}
	return set_str(&ct->cfg.mount_label, label, "mount label", err);
}

LCT_EXPORT int libct_container_set_bundle(struct libct_container *ct, const char *path,
					  struct libct_error *err)
{
	return set_str(&ct->cfg.bundle, path, "bundle", err);
}

LCT_EXPORT int libct_container_add_annotation(struct libct_container *ct, const char *key,
					      const char *value, struct libct_error *err)
{
	if (!key || !*key)
		return lct_err_msg(err, -EINVAL, "annotation key must not be empty");
	if (lct_strv_push(&ct->cfg.annotations, key) < 0 ||
	    lct_strv_push(&ct->cfg.annotations, value ? value : "") < 0)
		return lct_err(err, -ENOMEM, "annotation");
	return 0;
}

LCT_EXPORT int libct_container_add_mount(struct libct_container *ct, const char *source,
					 const char *destination, const char *type,
					 const char *const *options, size_t n_options,
					 struct libct_error *err)
{
	struct lct_mount m = { 0 }, *slot;
	int r;

	if (!abs_path(destination))
		return lct_err_msg(err, -EINVAL, "mount destination '%s' must be an absolute path",
				   destination ? destination : "");
	r = lct_mount_parse_options(options, n_options, &m, err);
	if (r < 0)
		return r;
	/* mount(2) makes nothing of no filesystem type but a bind */
	if (!m.bind && !(type && *type && strcmp(type, "none") != 0)) {
		free(m.data);
		return lct_err_msg(err, -EINVAL,
				   "mount on '%s': no type, and not a bind mount (options bind or "
				   "rbind)",
				   destination);
	}
	m.tree_fd = -EBADF;
	m.source = lct_strdup_null(source);
	m.destination = strdup(destination);
	if (type && *type && strcmp(type, "none") != 0)
		m.type = strdup(type);
	slot = lct_array_grow(&ct->cfg.mounts, &ct->cfg.n_mounts, sizeof(m));
	if (!slot || (source && !m.source) || !m.destination ||
	    (type && *type && strcmp(type, "none") != 0 && !m.type)) {
		if (slot)
			ct->cfg.n_mounts--;
		free(m.source);
		free(m.destination);
		free(m.type);
		free(m.data);
		return lct_err(err, -ENOMEM, "mount");
	}
	*slot = m;
	return 0;
}

LCT_EXPORT int libct_container_add_mount_command(struct libct_container *ct,
						 const char *destination, bool after,
						 const char *path, const char *const *argv,
						 const char *const *env, const char *dir,
						 struct libct_error *err)
{
	struct lct_mount *m = NULL;
	struct lct_cmd c = { 0 }, *slot;

	for (size_t i = ct->cfg.n_mounts; i-- > 0 && !m;)
		if (destination && strcmp(ct->cfg.mounts[i].destination, destination) == 0)
			m = &ct->cfg.mounts[i];
	if (!m)
		return lct_err_msg(err, -ENOENT, "mount command: no mount on '%s'",
				   destination ? destination : "");
	if (!abs_path(path))
		return lct_err_msg(err, -EINVAL, "mount command '%s' must be an absolute path",
				   path ? path : "");
	c.path = strdup(path);
	c.dir = lct_strdup_null(dir);
	c.argv = argv && argv[0] ? lct_strv_copy(argv) : NULL;
	c.env = env ? lct_strv_copy(env) : NULL;
	slot = lct_array_grow(&m->cmds[after], &m->n_cmds[after], sizeof(c));
	if (!slot || !c.path || (dir && !c.dir) || (argv && argv[0] && !c.argv) ||
	    (env && !c.env)) {
		if (slot)
			m->n_cmds[after]--;
		cmd_free(&c);
		return lct_err(err, -ENOMEM, "mount command");
	}
	*slot = c;
	return 0;
}

static int add_path(char ***list, const char *path, const char *what, struct libct_error *err)
{
	if (!abs_path(path))
		return lct_err_msg(err, -EINVAL, "%s '%s' must be an absolute path", what,
				   path ? path : "");
	if (lct_strv_push(list, path) < 0)
		return lct_err(err, -ENOMEM, "%s", what);
	return 0;
}

LCT_EXPORT int libct_container_add_masked_path(struct libct_container *ct, const char *path,
					       struct libct_error *err)
{
	return add_path(&ct->cfg.masked_paths, path, "masked path", err);
}

LCT_EXPORT int libct_container_add_readonly_path(struct libct_container *ct, const char *path,
						 struct libct_error *err)
{
	return add_path(&ct->cfg.readonly_paths, path, "readonly path", err);
}

LCT_EXPORT int libct_container_add_device(struct libct_container *ct, const char *path, char type,
					  int64_t major, int64_t minor, uint32_t file_mode,
					  uint32_t uid, uint32_t gid, struct libct_error *err)
{
	struct lct_device *d;

	if (!abs_path(path))
		return lct_err_msg(err, -EINVAL, "device path '%s' must be absolute",
				   path ? path : "");
	if (!strchr("cbup", type) || !type)
		return lct_err_msg(err, -EINVAL, "device '%s': unknown type '%c'", path, type);
	if (type != 'p' && (major < 0 || minor < 0))
		return lct_err_msg(err, -EINVAL, "device '%s': major and minor are required", path);
	d = lct_array_grow(&ct->cfg.devices, &ct->cfg.n_devices, sizeof(*d));
	if (!d)
		return lct_err(err, -ENOMEM, "device");
	d->path = strdup(path);
	if (!d->path) {
		ct->cfg.n_devices--;
		return lct_err(err, -ENOMEM, "device");
	}
	/* "/dev/fuse/" is /dev/fuse (as runc and crun take it) */
	for (size_t n = strlen(d->path); n > 1 && d->path[n - 1] == '/'; n--)
		d->path[n - 1] = '\0';
	if (strcmp(d->path, "/") == 0) {
		free(d->path);
		ct->cfg.n_devices--;
		return lct_err_msg(err, -EINVAL, "device path '%s' names no file", path);
	}
	d->type = type;
	d->major = major;
	d->minor = minor;
	d->mode = (file_mode & 07777) ? (file_mode & 07777) : 0666;
	d->uid = uid;
	d->gid = gid;
	return 0;
}

LCT_EXPORT void libct_container_set_default_devices(struct libct_container *ct, bool on)
{
	ct->cfg.no_default_devices = !on;
}

LCT_EXPORT int libct_container_set_hostname(struct libct_container *ct, const char *hostname,
					    struct libct_error *err)
{
	if (strlen(hostname) > 64)
		return lct_err_msg(err, -EINVAL, "hostname '%s' is longer than 64 characters",
				   hostname);
	return set_str(&ct->cfg.hostname, hostname, "hostname", err);
}

LCT_EXPORT int libct_container_set_domainname(struct libct_container *ct, const char *domainname,
					      struct libct_error *err)
{
	if (strlen(domainname) > 64)
		return lct_err_msg(err, -EINVAL, "domainname '%s' is longer than 64 characters",
				   domainname);
	return set_str(&ct->cfg.domainname, domainname, "domainname", err);
}

/* Append a key/value pair to a list. */
int lct_kv_push(struct lct_kv **list, size_t *n, const char *key, const char *value)
{
	struct lct_kv *kv = lct_array_grow(list, n, sizeof(**list));

	if (!kv)
		return -ENOMEM;
	kv->key = strdup(key);
	kv->value = strdup(value);
	if (!kv->key || !kv->value) {
		free(kv->key);
		free(kv->value);
		(*n)--;
		return -ENOMEM;
	}
	return 0;
}

LCT_EXPORT int libct_container_add_sysctl(struct libct_container *ct, const char *key,
					  const char *value, struct libct_error *err)
{
	if (!key || !*key || strstr(key, "..") || key[0] == '.' || key[0] == '/')
		return lct_err_msg(err, -EINVAL, "invalid sysctl name '%s'", key ? key : "");
	if (lct_kv_push(&ct->cfg.sysctls, &ct->cfg.n_sysctls, key, value) < 0)
		return lct_err(err, -ENOMEM, "sysctl");
	return 0;
}
