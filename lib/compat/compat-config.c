/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Configuration of the original interface: namespaces, cgroups, the file
 * system, device nodes, user-namespace maps, names and sysctls. */
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "compat/compat.h"
#include "util/util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const unsigned long ns_flags[LIBCT_NS__MAX] = {
	[LIBCT_NS_PID] = CLONE_NEWPID,	     [LIBCT_NS_NET] = CLONE_NEWNET,
	[LIBCT_NS_IPC] = CLONE_NEWIPC,	     [LIBCT_NS_UTS] = CLONE_NEWUTS,
	[LIBCT_NS_MOUNT] = CLONE_NEWNS,	     [LIBCT_NS_USER] = CLONE_NEWUSER,
	[LIBCT_NS_CGROUP] = CLONE_NEWCGROUP, [LIBCT_NS_TIME] = CLONE_NEWTIME,
};

unsigned long lct_compat_ns_flag(int ns)
{
	return ns >= 0 && ns < LIBCT_NS__MAX ? ns_flags[ns] : 0;
}

static int ns_of_flag(unsigned long flag)
{
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (ns_flags[i] == flag)
			return i;
	return -1;
}

static bool stopped(struct ct_handler *h)
{
	return !lct_compat_running(h);
}

#define NEED_STOPPED(h)                                                                            \
	do {                                                                                       \
		if (!stopped(h))                                                                   \
			return lct_compat_fail_code((h)->s, -LCTERR_BADCTSTATE,                    \
						    "the container is running");                   \
	} while (0)

static int fail(struct ct_handler *h, int r, const struct libct_error *e)
{
	return r < 0 ? lct_compat_fail(h->s, e) : 0;
}

int lct_compat_apply_nsmask(struct ct_handler *h, struct libct_error *e)
{
	struct lct_config *cfg = &h->ct->cfg;

	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (!cfg->ns_path[i])
			cfg->ns_want[i] = h->nsmask & ns_flags[i];
	/* the original made a container's mounts in the caller's namespace
	 * and undid them on destroy; here they are made in a mount namespace
	 * of the container's own, which takes them away with it */
	if (cfg->n_mounts && !cfg->ns_path[LIBCT_NS_MOUNT])
		cfg->ns_want[LIBCT_NS_MOUNT] = true;
	(void)e;
	return 0;
}

LCT_EXPORT int COMPAT(container_set_nsmask)(ct_handler_t h, unsigned long mask)
{
	unsigned long all = 0;

	NEED_STOPPED(h);
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		all |= ns_flags[i];
	if (mask & ~all)
		return lct_compat_fail_code(h->s, -LCTERR_NONS, "unknown namespace flags");
	if ((mask & CLONE_NEWPID) && (h->flags & CF_TASKLESS))
		return lct_compat_fail_code(h->s, -LCTERR_INVARG,
					    "a taskless container has no pid namespace");
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if ((mask & ns_flags[i]) && h->ct->cfg.ns_path[i])
			return lct_compat_fail_code(h->s, -LCTERR_BADARG,
						    "that namespace is joined by path");
	h->nsmask = mask;
	return 0;
}

LCT_EXPORT int COMPAT(container_set_nspath)(ct_handler_t h, int ns, char *path)
{
	struct libct_error e;
	int i = ns_of_flag((unsigned long)ns);

	NEED_STOPPED(h);
	if (i < 0)
		return lct_compat_fail_code(h->s, -LCTERR_NONS, "unknown namespace flag");
	if (h->nsmask & ns_flags[i])
		return lct_compat_fail_code(h->s, -LCTERR_BADARG, "that namespace is made new");
	free(h->ct->cfg.ns_path[i]);
	h->ct->cfg.ns_path[i] = NULL;
	h->ct->cfg.ns_want[i] = false;
	return fail(h, libct_container_set_namespace(h->ct, i, path, &e), &e);
}

LCT_EXPORT int COMPAT(container_set_sysctl)(ct_handler_t h, char *name, char *val)
{
	struct libct_error e;

	NEED_STOPPED(h);
	return fail(h, libct_container_add_sysctl(h->ct, name, val, &e), &e);
}

LCT_EXPORT int COMPAT(container_uname)(ct_handler_t h, char *host, char *domain)
{
	struct libct_error e;
	int r = 0;

	NEED_STOPPED(h);
	if (host)
		r = libct_container_set_hostname(h->ct, host, &e);
	if (r == 0 && domain)
		r = libct_container_set_domainname(h->ct, domain, &e);
	return fail(h, r, &e);
}

static const char *const ctl_names[CT_NR_CONTROLLERS] = {
	[CTL_BLKIO] = "blkio",	   [CTL_CPU] = "cpu",	      [CTL_CPUACCT] = "cpuacct",
	[CTL_CPUSET] = "cpuset",   [CTL_DEVICES] = "devices", [CTL_FREEZER] = "freezer",
	[CTL_HUGETLB] = "hugetlb", [CTL_MEMORY] = "memory",   [CTL_NETCLS] = "net_cls",
};

/* Every container has a cgroup in every controller the host mounts; adding
 * one only checks the name. */
LCT_EXPORT int COMPAT(controller_add)(ct_handler_t h, enum ct_controller ctype)
{
	if ((unsigned)ctype >= CT_NR_CONTROLLERS)
		return lct_compat_fail_code(h->s, -LCTERR_BADTYPE, "unknown controller");
	return 0;
}

LCT_EXPORT int COMPAT(controller_configure)(ct_handler_t h, enum ct_controller ctype, char *param,
					    char *value)
{
	struct libct_error e;

	if ((unsigned)ctype >= CT_NR_CONTROLLERS)
		return lct_compat_fail_code(h->s, -LCTERR_BADTYPE, "unknown controller");
	if (libct_container_set_cgroup_file(h->ct, ctl_names[ctype], param, value, &e) < 0) {
		lct_compat_fail(h->s, &e);
		return e.code == -EINVAL || e.code == -ENOENT ? e.code : -LCTERR_CGCONFIG;
	}
	return 0;
}

LCT_EXPORT int COMPAT(controller_read)(ct_handler_t h, enum ct_controller ctype, char *param,
				       void *buf, size_t len)
{
	struct libct_error e;
	int r;

	if ((unsigned)ctype >= CT_NR_CONTROLLERS)
		return lct_compat_fail_code(h->s, -LCTERR_BADTYPE, "unknown controller");
	r = libct_container_read_cgroup_file(h->ct, ctl_names[ctype], param, buf, len, &e);
	return r < 0 ? lct_compat_fail(h->s, &e) : r;
}

char *lct_compat_host_path(const char *path)
{
	_cleanup_free_ char *cwd = NULL;

	if (!path || !*path || path[0] == '/')
		return path ? strdup(path) : NULL;
	cwd = getcwd(NULL, 0);
	return cwd ? lct_asprintf("%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "", path) : NULL;
}

char *lct_compat_ct_path(const char *path)
{
	if (!path || !*path || path[0] == '/')
		return path ? strdup(path) : NULL;
	return lct_asprintf("/%s", path);
}

/* The root as the original took it: a relative path from the caller's cwd. */
LCT_EXPORT int COMPAT(fs_set_root)(ct_handler_t h, char *root)
{
	_cleanup_free_ char *abs = NULL;
	struct libct_error e;

	NEED_STOPPED(h);
	if (!root || !*root)
		return lct_compat_fail_code(h->s, -LCTERR_INVARG, "no root path");
	abs = lct_compat_host_path(root);
	if (!abs)
		return lct_compat_fail_code(h->s, -errno, "root path");
	return fail(h, libct_container_set_root(h->ct, abs, false, &e), &e);
}

LCT_EXPORT int COMPAT(fs_set_private)(ct_handler_t h, enum ct_fs_type type, void *arg)
{
	NEED_STOPPED(h);
	if (type == CT_FS_NONE) {
		free(h->private_dir);
		h->private_dir = NULL;
		return 0;
	}
	if (type != CT_FS_SUBDIR)
		return lct_compat_fail_code(h->s, -LCTERR_BADTYPE, "unknown private type");
	if (!arg || !*(char *)arg)
		return lct_compat_fail_code(h->s, -LCTERR_INVARG, "no private directory");
	free(h->private_dir);
	h->private_dir = lct_compat_host_path(arg);
	return h->private_dir ? 0 : -ENOMEM;
}

/* CT_FS_* flags as mount(8) words. */
static size_t flag_words(int flags, bool bind, const char **w)
{
	size_t n = 0;

	if (bind)
		w[n++] = flags & CT_FS_REC ? "rbind" : "bind";
	if (flags & CT_FS_RDONLY)
		w[n++] = "ro";
	if (flags & CT_FS_NOEXEC)
		w[n++] = "noexec";
	if (flags & CT_FS_NOSUID)
		w[n++] = "nosuid";
	if (flags & CT_FS_NODEV)
		w[n++] = "nodev";
	if (flags & CT_FS_STRICTATIME)
		w[n++] = "strictatime";
	if (flags & CT_FS_PRIVATE)
		w[n++] = flags & CT_FS_REC ? "rprivate" : "private";
	return n;
}

/* A relative destination is in the container's root, as a relative bind
 * source is in the caller's cwd (the original's readings of them). */
static int add_mount(struct ct_handler *h, const char *src, const char *dst, int flags,
		     const char *fstype, const char *data, struct libct_error *e)
{
	bool bind = (flags & CT_FS_BIND) || !fstype;
	_cleanup_free_ char *copy = data ? strdup(data) : NULL;
	_cleanup_free_ char *abs_dst = lct_compat_ct_path(dst);
	_cleanup_free_ char *abs_src = bind ? lct_compat_host_path(src) : NULL;
	const char *w[64];
	size_t n = flag_words(flags, bind, w);

	if ((data && !copy) || (dst && !abs_dst) || (bind && src && !abs_src))
		return lct_err(e, -ENOMEM, "mount");
	for (char *s = copy, *tok; s && (tok = strsep(&s, ",")) && n < ARRAY_SIZE(w);)
		if (*tok)
			w[n++] = tok;
	return libct_container_add_mount(h->ct, bind ? abs_src : src, abs_dst, bind ? NULL : fstype,
					 w, n, e);
}

LCT_EXPORT int COMPAT(fs_add_bind_mount)(ct_handler_t h, char *src, char *dst, int flags)
{
	struct libct_error e;

	NEED_STOPPED(h);
	return fail(h, add_mount(h, src, dst, flags | CT_FS_BIND, NULL, NULL, &e), &e);
}

LCT_EXPORT int COMPAT(fs_del_bind_mount)(ct_handler_t h, char *dst_given)
{
	struct lct_config *cfg = &h->ct->cfg;
	_cleanup_free_ char *dst = lct_compat_ct_path(dst_given);

	NEED_STOPPED(h);
	for (size_t i = cfg->n_mounts; dst && i-- > 0;) {
		struct lct_mount *m = &cfg->mounts[i];

		if (!m->bind || strcmp(m->destination, dst) != 0)
			continue;
		lct_mount_free(m);
		memmove(m, m + 1, (cfg->n_mounts - i - 1) * sizeof(*m));
		cfg->n_mounts--;
		return 0;
	}
	return lct_compat_fail_code(h->s, -LCTERR_NOTFOUND, "no bind mount on that destination");
}

LCT_EXPORT int COMPAT(fs_add_mount)(ct_handler_t h, char *src, char *dst, int flags, char *fstype,
				    char *data)
{
	struct libct_error e;

	NEED_STOPPED(h);
	return fail(h, add_mount(h, src, dst, flags, fstype, data, &e), &e);
}

/* A command name found in the caller's PATH, as the original's execvp did;
 * malloc'd (a copy of name when not found: the run then says so). */
static char *find_in_path(const char *name)
{
	const char *path = getenv("PATH");

	if (strchr(name, '/') || !path)
		return strdup(name);
	for (const char *p = path; p; p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL) {
		int dl = (int)strcspn(p, ":");
		char *c = lct_asprintf("%.*s%s%s", dl, p, dl ? "/" : "", name);

		if (!c || access(c, X_OK) == 0)
			return c;
		free(c);
	}
	return strdup(name);
}

extern char **environ;

/* The commands run as the original's did: found in PATH, with the caller's
 * environment and cwd unless given theirs. */
static int add_cmds(struct ct_handler *h, const char *dst, bool after, struct libct_cmd *c,
		    struct libct_error *e)
{
	_cleanup_free_ char *cwd = getcwd(NULL, 0);

	if (!cwd)
		return lct_err(e, -errno, "getcwd");
	for (; c; c = c->next) {
		_cleanup_free_ char *path = c->path ? find_in_path(c->path) : NULL;
		int r;

		if (c->path && !path)
			return lct_err(e, -ENOMEM, "mount command");
		r = libct_container_add_mount_command(h->ct, dst, after, path,
						      (const char *const *)c->argv,
						      (const char *const *)(c->envp ? c->envp :
										      environ),
						      c->dir ? c->dir : cwd, e);
		if (r < 0)
			return r;
	}
	return 0;
}

LCT_EXPORT int COMPAT(fs_add_mount_with_actions)(ct_handler_t h, char *src, char *dst, int flags,
						 char *fstype, char *data, struct libct_cmd *pre,
						 struct libct_cmd *post)
{
	_cleanup_free_ char *abs_dst = lct_compat_ct_path(dst);
	struct libct_error e;
	int r;

	NEED_STOPPED(h);
	r = add_mount(h, src, dst, flags, fstype, data, &e);
	if (r == 0)
		r = add_cmds(h, abs_dst, false, pre, &e);
	if (r == 0)
		r = add_cmds(h, abs_dst, true, post, &e);
	return fail(h, r, &e);
}

/* The node, and a device-cgroup rule that lets the container use it. */
LCT_EXPORT int COMPAT(fs_add_devnode)(ct_handler_t h, char *path, int mode, int major, int minor)
{
	struct libct_error e;
	char type;
	int r;

	NEED_STOPPED(h);
	if (S_ISCHR(mode))
		type = 'c';
	else if (S_ISBLK(mode))
		type = 'b';
	else
		return lct_compat_fail_code(h->s, -LCTERR_INVARG,
					    "a device node is S_IFCHR or S_IFBLK");
	r = libct_container_add_device(h->ct, path, type, major, minor, mode & 07777, 0, 0, &e);
	if (r == 0)
		r = libct_container_add_device_rule(h->ct, true, type, major, minor, "rwm", &e);
	return fail(h, r, &e);
}

LCT_EXPORT int COMPAT(userns_add_uid_map)(ct_handler_t h, unsigned int first,
					  unsigned int lower_first, unsigned int count)
{
	struct libct_error e;

	NEED_STOPPED(h);
	return fail(h, libct_container_add_uid_map(h->ct, first, lower_first, count, &e), &e);
}

LCT_EXPORT int COMPAT(userns_add_gid_map)(ct_handler_t h, unsigned int first,
					  unsigned int lower_first, unsigned int count)
{
	struct libct_error e;

	NEED_STOPPED(h);
	return fail(h, libct_container_add_gid_map(h->ct, first, lower_first, count, &e), &e);
}
