/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The original libct interface (<libct/compat.h>) over the modern one: the
 * handles and what the files of lib/compat share. */
#ifndef LCT_COMPAT_H
#define LCT_COMPAT_H

#define LIBCT_COMPAT_IMPL
#include "core/internal.h"
#include "libct/compat.h"

/* Every function of <libct/compat.h> is exported under this name. */
#define COMPAT(name) libct_compat_##name

enum {
	CF_AUTO_PROC = 1 << 0,
	CF_KILLABLE = 1 << 1,
	CF_NOSETSID = 1 << 2,
	CF_TASKLESS = 1 << 3,
	CF_CGROUP_SUBMOUNT = 1 << 4,
};

struct ct_net;
struct ct_net_route;

struct ct_process {
	pid_t pid;
	struct libct_process *p; /* entered processes */
	struct ct_handler *init; /* the container's init */
	int status;		 /* waitpid form, -1 until known */
};

/* What the original interface keeps per session, as the session's extension
 * (struct lct_session_ext_ops): its open containers, its last error, and the
 * caller's mount namespace and root before its first switch into a container
 * (fds, valid when switched), where destroy works from. */
struct lct_compat_session {
	struct ct_handler *cts;
	char error[LIBCT_ERROR_MSG_MAX];
	bool switched;
	int home_mntns, home_root;
};

/* The compat state of s, attached on first use; NULL on ENOMEM. */
struct lct_compat_session *lct_compat_session(struct libct_session *s);

struct ct_handler {
	struct libct_session *s;
	struct libct_container *ct;
	struct ct_handler *next; /* in the session's list */
	unsigned long nsmask;
	unsigned flags;
	unsigned applied; /* CF_* already turned into mounts */
	char *cgroup_submount;
	char *private_dir; /* CT_FS_SUBDIR */
	bool private_mounted;
	int console_fd;
	struct ct_process init;
	struct ct_net *nets;
	struct ct_net_route *routes;
	/* a taskless container's namespaces and root, open with no process
	 * in them (the container's ns_source); NULL: none */
	struct lct_ns_fds *held;
};

struct ct_process_desc {
	struct libct_session *s;
	struct libct_process_desc *pd;
	int *fds; /* may hold LIBCT_CONSOLE_FD */
	int n_fds;
	bool uid_set, gid_set;
};

/* Keep e's message as the session's last error; returns e->code. */
int lct_compat_fail(struct libct_session *s, const struct libct_error *e);
/* The same for a code without a message of its own. */
int lct_compat_fail_code(struct libct_session *s, int code, const char *what);
/* ERR_PTR: a negative code as a handle. */
void *lct_compat_err_handle(long code);
/* lct_compat_fail_code, as a handle. */
void *lct_compat_fail_handle(struct libct_session *s, int code, const char *what);
bool lct_compat_running(struct ct_handler *h);

void libct_compat_container_destroy(ct_handler_t h);
int libct_compat_handle_is_err(void *handle);
long libct_compat_handle_to_err(void *handle);
libct_session_t libct_compat_session_open(char *url);

int libct_compat_process_wait(ct_process_t p, int *status);
ct_process_t libct_compat_container_spawn_execve(ct_handler_t h, ct_process_desc_t pd, char *path,
						 char **argv, char **env);
ct_process_t libct_compat_container_enter_execve(ct_handler_t h, ct_process_desc_t pd, char *path,
						 char **argv, char **env);

/* compat-config.c */
/* CLONE_NEW* of a namespace type. */
unsigned long lct_compat_ns_flag(int ns);
/* A path as the original read it: a relative one from the caller's cwd
 * (host) or from the container's root (ct); malloc'd, NULL on ENOMEM. */
char *lct_compat_host_path(const char *path);
char *lct_compat_ct_path(const char *path);
/* h->nsmask into the container's namespaces (joined ones kept). */
int lct_compat_apply_nsmask(struct ct_handler *h, struct libct_error *e);

/* log.c */
/* The fd and level of libct_log_init, for a new session. */
void lct_compat_log_apply(struct libct_session *s);

/* net.c */
void lct_compat_net_free(struct ct_handler *h);

#endif
