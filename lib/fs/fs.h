/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Root filesystem, mounts, devices, masked and read-only paths. */
#ifndef LCT_FS_H
#define LCT_FS_H

#include "core/config.h"

struct lct_cgroup;

/* Copy the contents of directory src into directory dst (both open fds):
 * files, directories, symlinks and nodes, with owner and mode. */
int lct_copy_tree(int src, int dst, struct libct_error *err);

/* "rprivate" -> MS_REC|MS_PRIVATE, ... */
int lct_mount_propagation_from_string(const char *s, unsigned long *ret);
/* Translate mount(8) option words into m's flags, propagation and data. */
int lct_mount_parse_options(const char *const *opts, size_t n, struct lct_mount *m,
			    struct libct_error *err);

/* The option words the parser knows (for `features`); returns how many. */
size_t lct_mount_option_names(const char **buf, size_t max);
/* Add mount flags (MS_RDONLY, ..., one atime mode) to a's attributes to
 * set; an atime mode given replaces the source's (as a whole, as the kernel
 * locks it), none keeps it. false: more than one atime mode (none is
 * added), left to mount(2) to refuse. */
struct mount_attr;
bool lct_mount_flags_to_attrs(unsigned long flags, struct mount_attr *a);
/* data with context="label" added (linux.mountLabel), for a filesystem of
 * type that takes one from the runtime (not proc, sysfs or mqueue, as runc):
 * a new string, or NULL when nothing is to be added (no label, another
 * type) or memory ran out (*oom set). */
char *lct_mount_data_with_label(const char *type, const char *data, const char *label, bool *oom);

/* Open path inside the root at rootfd without leaving it (openat2
 * RESOLVE_IN_ROOT), creating missing directories (and, when as_file, the last
 * component as an empty file). Returns an O_PATH fd. */
int lct_open_in_root(int rootfd, const char *path, bool create, bool as_file,
		     struct libct_error *err);
/* The directory path inside the root at rootfd, reached through no symlink
 * (RESOLVE_NO_SYMLINKS), missing directories made: -ELOOP naming the
 * component that is a symlink, -ENOTDIR when path is not a directory.
 * Returns an O_PATH fd. */
int lct_open_dir_in_root_nosym(int rootfd, const char *path, struct libct_error *err);

/* Whether m is a cgroup filesystem (what lct_cgroup_mount makes). */
bool lct_mount_is_cgroup(const struct lct_mount *m);
/* In the child, in its new mount namespace: make the container's root with
 * its mounts and devices (and, with console, the file init's terminal is
 * bound on, /dev/console), and pivot_root (or chroot) into it. Then the
 * masked and read-only paths and the read-only root. Its steps go to s's
 * trace. */
typedef int (*lct_before_pivot_fn)(void *userdata, struct libct_error *err);
int lct_rootfs_setup(const struct libct_session *s, const struct lct_config *cfg,
		     struct lct_cgroup *cg, bool in_userns, bool console,
		     lct_before_pivot_fn before_pivot, void *userdata, struct libct_error *err);
/* Without a mount namespace: the mounts in the inherited one, then chroot
 * into the root (before_pivot first). */
int lct_rootfs_chroot(const struct lct_config *cfg, struct lct_cgroup *cg,
		      lct_before_pivot_fn before_pivot, void *userdata, struct libct_error *err);

/* Device nodes: the defaults and cfg->devices, under rootfd (before pivot). */
int lct_devices_create(int rootfd, const struct lct_config *cfg, bool in_userns,
		       struct libct_error *err);

/* Bind sources opened on the host side (idmap.c). In the parent before init
 * is cloned: the detached, idmapped clone of each idmapped mount's source
 * (tree_fd), or an error naming the mount; and, when init has a user and a
 * mount namespace of its own, the detached clone of each bind mount's source
 * (those it cannot make, or beyond the fd budget, init binds itself);
 * release closes them (after the clone). */
int lct_idmap_prepare(struct lct_config *cfg, struct libct_error *err);
void lct_idmap_release(struct lct_config *cfg);
/* The prepared clones' fds into buf (room for one per mount); how many. */
size_t lct_idmap_fds(const struct lct_config *cfg, int *buf);
/* In init: move m's prepared clone onto its destination under rootfd. */
int lct_idmap_attach(int rootfd, const struct lct_mount *m, struct libct_error *err);

#endif
