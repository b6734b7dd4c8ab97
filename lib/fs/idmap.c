/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Bind sources opened on the host side: the detached clone of a bind mount's
 * source made in the parent before init is cloned (open_tree), and its move
 * into place in init (move_mount). Idmapped bind mounts take this way always,
 * with the mount's own uid/gid mappings (or the container's) set on the clone
 * (mount_setattr(MOUNT_ATTR_IDMAP) with a user namespace that carries them);
 * plain bind mounts take it when init has a user namespace of its own.
 *
 * The clone is made on the host side because idmapping a filesystem needs
 * CAP_SYS_ADMIN in the user namespace that owns it (the initial one for a
 * disk), which init in a user namespace of its own no longer has, and because
 * init there may not even reach a source the host's root can (a parent
 * directory of mode 0700 or 000 owned by the host's root); a detached mount
 * may then be moved into any mount namespace its holder can mount in. */
#include <dirent.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "fs/fs.h"
#include "ns/ns.h"
#include "util/util.h"

#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
/* from linux/mount.h, which clashes with sys/mount.h on some libcs */
#define LCT_OPEN_TREE_CLONE 1
#define LCT_AT_RECURSIVE 0x8000
#define LCT_MOVE_MOUNT_F_EMPTY_PATH 0x4
#define LCT_MOVE_MOUNT_T_EMPTY_PATH 0x40
#ifndef MOUNT_ATTR_IDMAP
#define MOUNT_ATTR_IDMAP 0x00100000
#endif

#define MAX_MAPS 340 /* the kernel's limit of lines in uid_map */

/* ------------------------------------------------------------ configuration */

static struct lct_mount *last_mount(struct libct_container *ct, const char *destination)
{
	for (size_t i = ct->cfg.n_mounts; i-- > 0;)
		if (destination && strcmp(ct->cfg.mounts[i].destination, destination) == 0)
			return &ct->cfg.mounts[i];
	return NULL;
}

static int add_mount_map(struct libct_container *ct, const char *destination, bool gid,
			 uint32_t container_id, uint32_t host_id, uint32_t size,
			 struct libct_error *err)
{
	struct lct_mount *m = ct ? last_mount(ct, destination) : NULL;
	struct lct_idmap **maps, *slot;
	size_t *n;

	if (!m)
		return lct_err_msg(err, -ENOENT, "mount %s map: no mount on '%s'",
				   gid ? "gid" : "uid", destination ? destination : "");
	if (size == 0)
		return lct_err_msg(err, -EINVAL, "mount '%s': %s map: size must be greater than 0",
				   m->destination, gid ? "gid" : "uid");
	if ((uint64_t)container_id + size - 1 > UINT32_MAX - 1 ||
	    (uint64_t)host_id + size - 1 > UINT32_MAX - 1)
		return lct_err_msg(err, -ERANGE,
				   "mount '%s': %s map %u %u %u: range beyond the last id",
				   m->destination, gid ? "gid" : "uid", container_id, host_id,
				   size);
	maps = gid ? &m->gid_maps : &m->uid_maps;
	n = gid ? &m->n_gid_maps : &m->n_uid_maps;
	if (*n >= MAX_MAPS)
		return lct_err_msg(err, -E2BIG, "mount '%s': too many %s mappings", m->destination,
				   gid ? "gid" : "uid");
	slot = lct_array_grow(maps, n, sizeof(**maps));
	if (!slot)
		return lct_err(err, -ENOMEM, "mount '%s'", m->destination);
	*slot = (struct lct_idmap){ container_id, host_id, size };
	m->idmap = true;
	return 0;
}

/* A uid mapping of the last mount added with this destination, which
 * becomes an idmapped mount. */
LCT_EXPORT int libct_container_add_mount_uid_map(struct libct_container *ct,
						 const char *destination, uint32_t container_id,
						 uint32_t host_id, uint32_t size,
						 struct libct_error *err)
{
	return add_mount_map(ct, destination, false, container_id, host_id, size, err);
}

/* The same for gids. */
LCT_EXPORT int libct_container_add_mount_gid_map(struct libct_container *ct,
						 const char *destination, uint32_t container_id,
						 uint32_t host_id, uint32_t size,
						 struct libct_error *err)
{
	return add_mount_map(ct, destination, true, container_id, host_id, size, err);
}

/* ------------------------------------------------ the parent, before clone */

/* A user namespace with these mappings, as an fd: a child is cloned into a
 * new one, its maps are written, the namespace is opened, and the child goes.
 * Mappings the kernel refuses fail here, with its errno. */
static int userns_with_maps(const struct lct_idmap *uids, size_t n_uids,
			    const struct lct_idmap *gids, size_t n_gids, struct libct_error *err)
{
	struct clone_args args = { .flags = CLONE_NEWUSER, .exit_signal = SIGCHLD };
	struct lct_config maps = { .uid_maps = (struct lct_idmap *)uids,
				   .n_uid_maps = n_uids,
				   .gid_maps = (struct lct_idmap *)gids,
				   .n_gid_maps = n_gids };
	int pipefd[2], fd = -EBADF, r;
	char path[64];
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return lct_err(err, -errno, "pipe");
	/* the bare syscall: the child only reads and exits, so it needs none of
	 * libc's state (locks another thread may hold included) */
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0) {
		char c;

		close(pipefd[1]);
		/* lives until the parent has opened its namespace */
		while (read(pipefd[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(pipefd[0]);
	if (pid < 0) {
		r = lct_err(err, -errno, "clone a user namespace for the mapping");
		close(pipefd[1]);
		return r;
	}
	r = lct_ns_write_id_maps(pid, &maps, err);
	if (r == 0) {
		snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			r = lct_err(err, -errno, "open '%s'", path);
	}
	close(pipefd[1]);
	if (r < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return r < 0 ? r : fd;
}

/* The user namespace that carries m's mapping: its own mappings, else the
 * container's user namespace (joined by path, or one with its mappings). */
static int mapping_userns(const struct lct_config *cfg, const struct lct_mount *m,
			  struct libct_error *err)
{
	if (m->n_uid_maps || m->n_gid_maps) {
		if (!m->n_uid_maps || !m->n_gid_maps)
			return lct_err_msg(err, -EINVAL,
					   "idmapped mount needs both uid and gid mappings");
		return userns_with_maps(m->uid_maps, m->n_uid_maps, m->gid_maps, m->n_gid_maps,
					err);
	}
	if (cfg->ns_path[LIBCT_NS_USER])
		return lct_ns_open(cfg, LIBCT_NS_USER, err);
	if (!cfg->ns_want[LIBCT_NS_USER] || !cfg->n_uid_maps || !cfg->n_gid_maps)
		return lct_err_msg(err, -EINVAL,
				   "option idmap without mappings of its own needs the container "
				   "to have a user namespace with uid and gid mappings");
	return userns_with_maps(cfg->uid_maps, cfg->n_uid_maps, cfg->gid_maps, cfg->n_gid_maps,
				err);
}

static int setattr_error(const struct lct_mount *m, int e, struct libct_error *err)
{
	switch (e) {
	case ENOSYS:
		return lct_err_msg(err, -e,
				   "idmap '%s': the kernel has no idmapped mounts "
				   "(mount_setattr needs Linux 5.12)",
				   m->source);
	case EINVAL:
		return lct_err_msg(err, -e,
				   "idmap '%s': the filesystem does not support "
				   "idmapped mounts on this kernel (%s)",
				   m->source, strerror(e));
	case EPERM:
		return lct_err_msg(err, -e,
				   "idmap '%s': not permitted (the runtime needs "
				   "CAP_SYS_ADMIN over the filesystem) (%s)",
				   m->source, strerror(e));
	default:
		return lct_err(err, -e, "idmap '%s'", m->source);
	}
}

/* The detached clone of m's source, as an fd: the source's own mount, or
 * with recursive every mount under it too (rbind). Its propagation is what a
 * bind made by init in its copy of the host's tree would have: by default
 * (rslave) a slave of the source, so that the host's mounts under it reach
 * the container and the container's do not reach the host; private under a
 * private rootfsPropagation; under a shared one the source's peer, as is. */
static int clone_source(const struct lct_config *cfg, const struct lct_mount *m, bool recursive,
			struct libct_error *err)
{
	struct mount_attr prop = { .propagation = (cfg->root_propagation & MS_PRIVATE) ?
							  MS_PRIVATE :
							  MS_SLAVE };
	_cleanup_close_ int tree = -EBADF;

	tree = (int)syscall(SYS_open_tree, AT_FDCWD, m->source,
			    LCT_OPEN_TREE_CLONE | O_CLOEXEC | (recursive ? LCT_AT_RECURSIVE : 0));
	if (tree < 0) {
		if (errno == ENOSYS)
			return lct_err_msg(err, -ENOSYS,
					   "bind mount source '%s': the kernel has "
					   "no open_tree (needs Linux 5.2)",
					   m->source);
		return lct_err(err, -errno, "bind mount source '%s'", m->source);
	}
	if (!(cfg->root_propagation & MS_SHARED) &&
	    syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (recursive ? LCT_AT_RECURSIVE : 0),
		    &prop, sizeof(prop)) < 0)
		return lct_err(err, -errno, "bind mount source '%s': make the clone a slave",
			       m->source);
	return TAKE_FD(tree);
}

/* The detached, idmapped clone of m's source, as an fd. */
static int make_tree(const struct lct_config *cfg, const struct lct_mount *m,
		     struct libct_error *err)
{
	bool rec_tree = m->idmap_recursive || (m->flags & MS_REC);
	_cleanup_close_ int userns = -EBADF, tree = -EBADF;
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };

	if (!m->bind)
		return lct_err_msg(err, -EINVAL,
				   "idmapped mounts need a bind mount (option "
				   "bind or rbind)");
	if (!m->source || !*m->source)
		return lct_err_msg(err, -EINVAL, "idmapped mount without a source");
	userns = mapping_userns(cfg, m, err);
	if (userns < 0)
		return userns;
	tree = clone_source(cfg, m, rec_tree, err);
	if (tree < 0)
		return tree;
	/* the flags as attributes of the clone, set with the idmap (two
	 * atime modes: none, as before) */
	lct_mount_flags_to_attrs(m->flags, &attr);
	attr.userns_fd = (uint64_t)userns;
	if (syscall(SYS_mount_setattr, tree, "",
		    AT_EMPTY_PATH | (m->idmap_recursive ? LCT_AT_RECURSIVE : 0), &attr,
		    sizeof(attr)) < 0)
		return setattr_error(m, errno, err);
	return TAKE_FD(tree);
}

/* A plain bind mount whose source the parent clones: init has a user
 * namespace and a mount namespace of its own (without them it opens the
 * source as well as the parent would), and no command of the mount's own
 * runs before it (one may make the source). */
static bool host_bind(const struct lct_config *cfg, const struct lct_mount *m)
{
	return m->bind && !m->idmap && m->source && *m->source && !m->n_cmds[0] &&
	       cfg->ns_want[LIBCT_NS_USER] && cfg->ns_want[LIBCT_NS_MOUNT] &&
	       !cfg->ns_path[LIBCT_NS_MOUNT];
}

/* How many more fds the parent may hold open until init is cloned: the
 * soft RLIMIT_NOFILE less those open now and a reserve for the spawn's own
 * (sockets, pidfd, cgroup and namespace fds). */
static size_t fd_budget(void)
{
	const size_t reserve = 64;
	struct rlimit rl;
	size_t open_fds = 0;
	struct dirent *e;
	DIR *d;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 0;
	d = opendir("/proc/self/fd");
	if (!d)
		return 0;
	while ((e = readdir(d)))
		open_fds += e->d_name[0] != '.';
	closedir(d);
	if (rl.rlim_cur == RLIM_INFINITY)
		return SIZE_MAX;
	return rl.rlim_cur > open_fds + reserve ? rl.rlim_cur - open_fds - reserve : 0;
}

int lct_idmap_prepare(struct lct_config *cfg, struct libct_error *err)
{
	size_t n_binds = 0, budget = 0;

	for (size_t i = 0; i < cfg->n_mounts; i++) {
		cfg->mounts[i].tree_fd = -EBADF;
		n_binds += host_bind(cfg, &cfg->mounts[i]);
	}
	if (n_binds)
		budget = fd_budget();
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		struct lct_mount *m = &cfg->mounts[i];
		int fd;

		if (m->idmap) {
			fd = make_tree(cfg, m, err);
			if (fd < 0) {
				lct_err_prefix(err, "mount on '%s'", m->destination);
				lct_idmap_release(cfg);
				return fd;
			}
			m->tree_fd = fd;
		} else if (host_bind(cfg, m) && budget > 0) {
			/* any failure (no such source, no open_tree, ...) leaves
			 * the source to init, which reports it as it always has;
			 * so do the binds beyond the fd budget */
			fd = clone_source(cfg, m, m->flags & MS_REC, NULL);
			if (fd >= 0) {
				m->tree_fd = fd;
				budget--;
			}
		}
	}
	return 0;
}

void lct_idmap_release(struct lct_config *cfg)
{
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		struct lct_mount *m = &cfg->mounts[i];

		if (m->tree_fd >= 0)
			close(m->tree_fd);
		m->tree_fd = -EBADF;
	}
}

size_t lct_idmap_fds(const struct lct_config *cfg, int *buf)
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->n_mounts; i++)
		if (cfg->mounts[i].tree_fd >= 0)
			buf[n++] = cfg->mounts[i].tree_fd;
	return n;
}

/* -------------------------------------------------------------- init */

int lct_idmap_attach(int rootfd, const struct lct_mount *m, struct libct_error *err)
{
	_cleanup_close_ int dst = -EBADF;
	struct stat st;

	if (m->tree_fd < 0)
		return lct_err_msg(err, -EBADF, "idmapped mount on '%s' was not prepared",
				   m->destination);
	if (fstat(m->tree_fd, &st) < 0)
		return lct_err(err, -errno, "bind mount source '%s'", m->source);
	dst = lct_open_in_root(rootfd, m->destination, true, !S_ISDIR(st.st_mode), err);
	if (dst < 0)
		return dst;
	if (syscall(SYS_move_mount, m->tree_fd, "", dst, "",
		    LCT_MOVE_MOUNT_F_EMPTY_PATH | LCT_MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return lct_err(err, -errno, "move %smount of '%s' on '%s'",
			       m->idmap ? "idmapped " : "bind ", m->source, m->destination);
	return 0;
}
