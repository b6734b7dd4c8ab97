/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The sync socket between the runtime and the container's init, from clone to
 * exec. One SOCK_SEQPACKET pair; each message is a header and a payload.
 *
 *   parent                               child (init)
 *   clone3 --------------------------->  (blocked in recv; or, with the v1
 *   v1 cgroups made (cgroup_late)        cgroups made late, unshares its
 *                                        mount/UTS/IPC/net namespaces meanwhile)
 *   cgroup.procs, uid/gid maps,
 *   network (lo, veths, routes)
 *   GO (the late v1 cgroups' tasks ->  (joins them) namespaces
 *   files, SCM_RIGHTS)
 *   config.json, confine.json
 *   network, when init made its  <-----  NET (only when a namespace joined by
 *   namespace itself                     path made init unshare the network one)
 *   NET_DONE ------------------------->  mounts, devices
 *   prestart, createRuntime hooks <----  HOOKS (only when there are any)
 *   HOOKS_DONE ----------------------->  createContainer hooks, pivot_root, sysctl,
 *                                        hostname, rlimits, credentials, caps
 *   to the seccomp agent  <------------  SECCOMP_FD (only with SCMP_ACT_NOTIFY rules)
 *       <------------------------------  READY (or ERROR with a libct_error)
 *   state record written
 *   ACK ------------------------------>  waits for start
 *   START (run) or the start socket -->  seccomp, exec
 *       <------------------------------  EOF on exec (CLOEXEC) or ERROR
 *
 * At any point before READY's ACK (before exec with `run`), init may send LOG
 * lines: the parent hands them to the caller's log sink as it waits for its
 * next message. init never calls the caller's code itself. With LIBCT_TRACE
 * on, TRACE lines the same way, into the trace (lib/util/trace.c).
 */
#ifndef LCT_SYNC_H
#define LCT_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "libct/libct.h"

enum lct_sync_type {
	LCT_SYNC_GO = 1,
	LCT_SYNC_READY,
	LCT_SYNC_ACK,
	LCT_SYNC_START,
	LCT_SYNC_ERROR,
	LCT_SYNC_HOOKS,	     /* child -> parent: before pivot_root, run createRuntime hooks */
	LCT_SYNC_HOOKS_DONE, /* parent -> child: they ran */
	LCT_SYNC_NET,	     /* child -> parent: my new network namespace exists, set it up */
	LCT_SYNC_NET_DONE,   /* parent -> child: it is */
	LCT_SYNC_LOG,	     /* child -> parent: a log line (errnum: its level), any time */
	LCT_SYNC_SECCOMP_FD, /* child -> parent: the seccomp listener fd (SCM_RIGHTS),
			      * before READY, for the agent (lib/spawn/notify.c) */
	LCT_SYNC_TRACE,	     /* child -> parent: a LIBCT_TRACE line, any time */
};

struct lct_sync_hdr {
	uint32_t type;
	int32_t errnum;
	uint32_t len;
};

const char *lct_sync_type_to_string(enum lct_sync_type t);
/* Send a message with no payload. */
int lct_sync_send(int fd, enum lct_sync_type type);
/* Send an ERROR carrying err. */
int lct_sync_send_error(int fd, const struct libct_error *err);
/* Receive the next message and check it is `want`. An ERROR from the other
 * side is raised into err as it was sent; EOF is -EPIPE ("init exited").
 * LOG lines on the way are dropped. */
int lct_sync_expect(int fd, enum lct_sync_type want, struct libct_error *err);
/* The same, with the LOG lines on the way given to s's log sink. */
int lct_sync_expect_logged(int fd, enum lct_sync_type want, struct libct_session *s,
			   struct libct_error *err);
/* The same for a message that carries an fd (SCM_RIGHTS), into *ret_fd;
 * ret_fd NULL: fds that come are closed. */
int lct_sync_expect_fd(int fd, enum lct_sync_type want, struct libct_session *s, int *ret_fd,
		       struct libct_error *err);
/* The most fds one message carries. */
#define LCT_SYNC_FDS_MAX 16
/* The same for a message with up to LCT_SYNC_FDS_MAX fds, into ret_fds (their
 * number into *ret_n); ret_fds NULL: fds that come are closed. */
int lct_sync_expect_fds(int fd, enum lct_sync_type want, struct libct_session *s, int *ret_fds,
			size_t *ret_n, struct libct_error *err);
/* On the container's side: lct_sync_expect_fds (ret_fds NULL: no fds), and
 * a failure other than the runtime's end (EOF) sent back as an ERROR, so
 * that the runtime says why the process ended. */
int lct_sync_await(int fd, enum lct_sync_type want, int *ret_fds, size_t *ret_n);
/* On the runtime's side, after a send failed with r: whether the other side
 * ended (-EPIPE, -ECONNRESET) having sent an ERROR, then raised into err. */
bool lct_sync_peer_error(int fd, int r, struct libct_error *err);
/* Send a message with no payload and fds (SCM_RIGHTS, n <= LCT_SYNC_FDS_MAX). */
int lct_sync_send_fds(int fd, enum lct_sync_type type, const int *fds, size_t n);
/* Bound each wait for a message on fd (SO_RCVTIMEO) to ms milliseconds, 0
 * for none: a wait that runs out is -ETIMEDOUT, "sync: no READY within N s".
 * LOG lines on the way each start the count again. */
int lct_sync_set_timeout(int fd, long ms);
/* Whether err is such a wait that ran out (not another -ETIMEDOUT). */
bool lct_sync_timed_out(const struct libct_error *err);
/* In init: s's log lines (lct_log) go as LOG messages to *fd (while it is
 * >= 0) instead of to the caller's callback. */
void lct_sync_log_forward(struct libct_session *s, const int *fd);
/* In init, when s traces (LIBCT_TRACE): its steps go as TRACE messages to
 * *fd, written into the trace by the runtime. */
void lct_sync_trace_forward(struct libct_session *s, const int *fd);

#endif
