/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Namespaces: the CLONE_NEW* table, joining by path, user-namespace id maps. */
#ifndef LCT_NS_H
#define LCT_NS_H

#include <sys/types.h>

#include "core/config.h"

/* CLONE_NEW* flag of a namespace type. */
unsigned long lct_ns_flag(enum libct_ns ns);
/* "/proc/PID/ns/<name>" entry name: "pid", "net", "ipc", ... */
const char *lct_ns_proc_name(enum libct_ns ns);
/* Whether this process is in the namespace of fd (a namespace file; for a
 * time namespace: lives in it, not only its children), where a setns into
 * it would be refused (a user namespace) or do nothing. */
bool lct_ns_is_current(int fd, enum libct_ns ns);
/* Flags of the new (not joined) namespaces that clone3 can create at once. */
unsigned long lct_ns_clone_flags(const struct lct_config *cfg);
/* Whether cfg joins any namespace by path. */
bool lct_ns_joins_any(const struct lct_config *cfg);
/* Open cfg's path of a namespace of type ns to join, without blocking; an
 * error unless it is a namespace of that type. */
int lct_ns_open(const struct lct_config *cfg, enum libct_ns ns, struct libct_error *err);
/* In the child: join the namespaces given by path (the others before the
 * user namespace, those refused then after it), then unshare the new ones
 * not in *made (the flags of those made so far: by clone3, by an earlier
 * call), and add them to it. */
int lct_ns_join(const struct lct_config *cfg, unsigned long *made, struct libct_error *err);
/* In the intermediate that clones init inside a user namespace joined by
 * path (lct_ns_born_in_userns), before it joins that: the namespaces joined
 * by path that it may enter with the caller's privilege, which init then
 * inherits (lct_ns_join finds them joined); the rest is init's to join and
 * to report. */
void lct_ns_join_early(const struct lct_config *cfg);
/* Whether init is cloned from inside the user namespace cfg joins by path,
 * by an intermediate that joined it (lct_clone3_in_userns): with a new pid
 * namespace among the clone flags, which must then belong to the joined
 * user namespace, as the container's other namespaces do (a pid namespace
 * of the host's would not let the container mount its /proc); a time
 * namespace with offsets made with it belongs to it too. */
bool lct_ns_born_in_userns(const struct lct_config *cfg, unsigned long cloned);
/* Whether cfg sets a clock offset. Its time namespace is then made by the
 * process that clones init, which unshares it for its children, writes the
 * offsets (the kernel takes them only while no process is in it) and clones
 * init into it: CLONE_NEWTIME among the clone flags means that. */
bool lct_ns_time_offsets(const struct lct_config *cfg);
/* cfg's offsets as /proc/PID/timens_offsets takes them, in buf; their length
 * (0: none, or buf too small). */
size_t lct_ns_render_time_offsets(const struct lct_config *cfg, char *buf, size_t size);
/* In the parent (lib/ns/id-maps.c): write /proc/PID/{uid_map,gid_map}
 * directly; what this process may not write itself goes through newuidmap
 * and newgidmap, and a gid map of only its own gid after setgroups "deny". */
int lct_ns_write_id_maps(pid_t pid, const struct lct_config *cfg, struct libct_error *err);

/* The sysctls of cfg each belong to a kernel namespace the container has for
 * itself (lib/ns/sysctl.c); else an error naming the sysctl and namespace. */
int lct_sysctl_check(const struct lct_config *cfg, struct libct_error *err);

#endif
