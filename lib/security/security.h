/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Credentials, capabilities, seccomp and LSM labels of the process about to exec. */
#ifndef LCT_SECURITY_H
#define LCT_SECURITY_H

#include <linux/seccomp.h>

#include "core/config.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/* seccomp: the filter is built in the parent before clone (so errors surface
 * early and the child only loads it). *ret NULL when pd has no seccomp. The
 * opaque filter may also carry a saved BPF program (lct_seccomp_add_program):
 * a process entering a running container loads the container's too. */
int lct_seccomp_prepare(struct libct_session *s, const struct lct_seccomp *cfg, void **ret,
			struct libct_error *err);
int lct_seccomp_export(void *filter, int fd, struct libct_error *err);
int lct_seccomp_add_program(void **filter, const void *prog, size_t len, unsigned int flags,
			    struct libct_error *err);
int lct_seccomp_load(void *filter, struct libct_error *err);
/* Whether the filter has SCMP_ACT_NOTIFY rules (or is a saved program that
 * asks for a listener), and once loaded here, its listener fd (-1: none;
 * the filter does not own it). */
bool lct_seccomp_notifies(const void *filter);
/* Whether this kernel takes SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19). */
bool lct_seccomp_wait_killable_supported(void);
int lct_seccomp_listener(const void *filter);
void lct_seccomp_free(void *filter);
void *lct_seccomp_ctx(void *filter);

/* The typed seccomp configuration of a process description (deep free/copy;
 * free accepts NULL, copy returns NULL on ENOMEM). */
void lct_seccomp_config_free(struct lct_seccomp *cfg);
struct lct_seccomp *lct_seccomp_config_copy(const struct lct_seccomp *cfg);

/* Name tables (seccomp-names.c). "SCMP_ARCH_X86_64" or "x86_64" -> "x86_64" in
 * buf (the libseccomp token); -EINVAL when the name is no architecture at all. */
int lct_seccomp_arch_normalize(const char *name, char *buf, size_t size);
/* "SECCOMP_FILTER_FLAG_LOG" -> SECCOMP_FILTER_FLAG_LOG; -EINVAL when unknown. */
int lct_seccomp_flag_from_string(const char *name, unsigned int *ret);
/* "SCMP_ACT_ERRNO" etc. for messages; "?" for values out of range. */
const char *lct_seccomp_action_to_string(enum libct_seccomp_action action);

/* Drop from the bounding set every capability not in pd's bounding set. Runs
 * while still privileged, before the uid change. */
int lct_caps_drop_bounding(const struct libct_process_desc *pd, struct libct_error *err);
/* Change to pd's uid/gid/additional gids keeping capabilities, then set the
 * effective, permitted, inheritable and ambient sets. */
int lct_caps_set_user(const struct libct_process_desc *pd, struct libct_error *err);

/* LSM labels for the next exec. A label asked for on a kernel without that
 * LSM is an error ("apparmor is not enabled on this host"). */
/* The label writes go through procfd, a procfs root opened before the
 * process joined the container (lct_open_proc): never the container's /proc,
 * whose files its processes may cover with their own mounts. */
int lct_lsm_apparmor_exec(int procfd, const char *profile, struct libct_error *err);
int lct_lsm_selinux_exec(int procfd, const char *label, struct libct_error *err);
bool lct_lsm_apparmor_enabled(void);
bool lct_lsm_selinux_enabled(void);

#endif
