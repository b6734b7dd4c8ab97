/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's confinement for processes that enter it (confine.c). */
#ifndef LCT_CONFINE_H
#define LCT_CONFINE_H

#include "core/internal.h"

struct lct_confine {
	bool no_new_privs;
	bool caps_set;
	uint64_t caps[LIBCT_CAP_SET__MAX];
	char *apparmor_profile, *selinux_label;
	void *seccomp; /* the saved program, as a filter lct_seccomp_load takes */
	/* the seccomp agent of a program that notifies, and its metadata */
	char *listener_path, *listener_metadata;
};

/* At create, into the new state directory: init's description and its
 * prepared seccomp filter (NULL: none). */
int lct_confine_save(int dirfd, const struct libct_process_desc *pd, void *seccomp,
		     struct libct_error *err);
/* At exec: what was saved (nothing, for a container that saved nothing). A
 * damaged record is an error (EUCLEAN) naming the file and field. */
int lct_confine_load(int dirfd, const char *id, struct lct_confine *c, struct libct_error *err);
/* Into a shallow copy of the exec's description: no_new_privs if either asks,
 * the container's LSM labels where the description has none, the container's
 * capability sets where it has none. The strings stay c's. */
void lct_confine_merge(const struct lct_confine *c, struct libct_process_desc *pd);
void lct_confine_free(struct lct_confine *c);

#endif
