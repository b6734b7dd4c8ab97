/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include "spawn/sync.h"
#include "util/util.h"

static const char *const names[] = {
	[LCT_SYNC_GO] = "GO",
	[LCT_SYNC_READY] = "READY",
	[LCT_SYNC_ACK] = "ACK",
	[LCT_SYNC_START] = "START",
	[LCT_SYNC_ERROR] = "ERROR",
	[LCT_SYNC_HOOKS] = "HOOKS",
	[LCT_SYNC_HOOKS_DONE] = "HOOKS_DONE",
	[LCT_SYNC_NET] = "NET",
	[LCT_SYNC_NET_DONE] = "NET_DONE",
	[LCT_SYNC_LOG] = "LOG",
	[LCT_SYNC_SECCOMP_FD] = "SECCOMP_FD",
	[LCT_SYNC_TRACE] = "TRACE",
};

const char *lct_sync_type_to_string(enum lct_sync_type t)
{
	return t >= LCT_SYNC_GO && t <= LCT_SYNC_TRACE ? names[t] : "?";
}

_Static_assert(LCT_SYNC_FDS_MAX <= LCT_SEND_FDS_MAX, "a sync message's fds fit one send");

static int send_msg(int fd, enum lct_sync_type type, int errnum, const void *p, size_t len)
{
	struct lct_sync_hdr h = { type, errnum, (uint32_t)len };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)p, len } };

	return lct_send_fds(fd, iov, len ? 2 : 1, NULL, 0);
}

int lct_sync_send(int fd, enum lct_sync_type type)
{
	return send_msg(fd, type, 0, NULL, 0);
}

int lct_sync_send_fds(int fd, enum lct_sync_type type, const int *fds, size_t n)
{
	struct lct_sync_hdr h = { type, 0, 0 };
	struct iovec iov = { &h, sizeof(h) };

	return lct_send_fds(fd, &iov, 1, fds, n);
}

int lct_sync_send_error(int fd, const struct libct_error *err)
{
	size_t len = strnlen(err->message, sizeof(err->message));

	return send_msg(fd, LCT_SYNC_ERROR, err->code, err->message, len);
}

#define SYNC_TIMEOUT_PREFIX "sync: no "

bool lct_sync_timed_out(const struct libct_error *err)
{
	return err && err->code == -ETIMEDOUT &&
	       strncmp(err->message, SYNC_TIMEOUT_PREFIX, strlen(SYNC_TIMEOUT_PREFIX)) == 0;
}

int lct_sync_set_timeout(int fd, long ms)
{
	return lct_sock_set_timeout(fd, SO_RCVTIMEO, ms);
}

static void forward_log(void *userdata, enum libct_log_level level, const char *message)
{
	int fd = *(const int *)userdata;

	if (fd >= 0)
		send_msg(fd, LCT_SYNC_LOG, (int)level, message,
			 strnlen(message, LIBCT_ERROR_MSG_MAX - 1));
}

void lct_sync_log_forward(struct libct_session *s, const int *fd)
{
	if (!s->log_fn)
		return; /* the caller keeps no log: nothing to send */
	s->log_fn = forward_log;
	s->log_userdata = (void *)fd;
}

static void forward_trace(void *userdata, const char *line, size_t len)
{
	int fd = *(const int *)userdata;

	if (fd >= 0)
		send_msg(fd, LCT_SYNC_TRACE, 0, line, len);
}

void lct_sync_trace_forward(struct libct_session *s, const int *fd)
{
	if (s->trace_fd < 0)
		return; /* not tracing */
	/* init's copy of the trace fd is closed with the runtime's other fds */
	s->trace_fd = -1;
	s->trace_fn = forward_trace;
	s->trace_userdata = (void *)fd;
}

/* One message into m; the fds it carries (SCM_RIGHTS) into fds (LCT_SYNC_FDS_MAX
 * of them), their number into *ret_n. */
static ssize_t recv_msg(int fd, void *m, size_t size, int *fds, size_t *ret_n, bool reset_is_eof)
{
	ssize_t n = lct_recv_fds(fd, m, size, fds, LCT_SYNC_FDS_MAX, ret_n);

	/* a peer that died with a message of ours unread resets the connection:
	 * it is gone all the same (but when its exec is awaited, the message
	 * unread says there was none) */
	if (n < 0 && errno == ECONNRESET && reset_is_eof)
		n = 0;
	return n;
}

int lct_sync_expect(int fd, enum lct_sync_type want, struct libct_error *err)
{
	return lct_sync_expect_logged(fd, want, NULL, err);
}

int lct_sync_expect_logged(int fd, enum lct_sync_type want, struct libct_session *s,
			   struct libct_error *err)
{
	return lct_sync_expect_fd(fd, want, s, NULL, err);
}

static void close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		close(fds[i]);
}

int lct_sync_expect_fd(int fd, enum lct_sync_type want, struct libct_session *s, int *ret_fd,
		       struct libct_error *err)
{
	int fds[LCT_SYNC_FDS_MAX];
	size_t n = 0;
	int r = lct_sync_expect_fds(fd, want, s, ret_fd ? fds : NULL, ret_fd ? &n : NULL, err);

	if (r < 0 || !ret_fd)
		return r;
	if (n != 1) {
		close_all(fds, n);
		return n ? lct_err_msg(err, -EPROTO, "sync: %s came with %zu fds, not 1",
				       lct_sync_type_to_string(want), n) :
			   lct_err_msg(err, -EPROTO, "sync: %s came without its fd",
				       lct_sync_type_to_string(want));
	}
	*ret_fd = fds[0];
	return 0;
}

/* lct_sync_expect_fds; *ret_peer (when not NULL): whether the error in err
 * is one the other side sent */
static int expect(int fd, enum lct_sync_type want, struct libct_session *s, int *ret_fds,
		  size_t *ret_n, bool *ret_peer, struct libct_error *err)
{
	struct {
		struct lct_sync_hdr h;
		char payload[LIBCT_ERROR_MSG_MAX];
	} m;
	int got[LCT_SYNC_FDS_MAX];
	size_t k = 0;
	ssize_t n;
	int e;

	/* init's log and trace lines come first, whenever it sent them (and
	 * carry no fd) */
	while ((n = recv_msg(fd, &m, sizeof(m), got, &k, want != 0)) >= (ssize_t)sizeof(m.h) &&
	       (m.h.type == LCT_SYNC_LOG || m.h.type == LCT_SYNC_TRACE)) {
		size_t len = (size_t)n - sizeof(m.h);

		close_all(got, k);
		if (len >= sizeof(m.payload))
			len = sizeof(m.payload) - 1;
		m.payload[len] = '\0';
		if (m.h.type == LCT_SYNC_TRACE)
			lct_trace_write(s, m.payload, len);
		else
			lct_log(s, (enum libct_log_level)m.h.errnum, "%s", m.payload);
	}
	e = errno;
	if (n < (ssize_t)sizeof(m.h) || m.h.type != want || !ret_fds)
		close_all(got, k);
	if (n < 0 && (e == EAGAIN || e == EWOULDBLOCK)) {
		struct timeval tv = { 0 };
		socklen_t len = sizeof(tv);

		getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
		return lct_err_msg(err, -ETIMEDOUT,
				   SYNC_TIMEOUT_PREFIX
				   "%s from the container's process within %.3g s (the "
				   "setup timeout)",
				   want ? lct_sync_type_to_string(want) : "exec",
				   (double)tv.tv_sec + (double)tv.tv_usec / 1e6);
	}
	if (n < 0 && e == ECONNRESET)
		return lct_err_msg(err, -ECONNRESET,
				   "sync: the container's process exited before its exec");
	if (n < 0)
		return lct_err(err, -e, "sync: waiting for %s",
			       want ? lct_sync_type_to_string(want) : "the exec");
	if (n == 0)
		return lct_err_msg(err, -EPIPE, "sync: container init exited before %s",
				   lct_sync_type_to_string(want));
	if ((size_t)n < sizeof(m.h))
		return lct_err_msg(err, -EPROTO, "sync: short message");
	if (m.h.type == LCT_SYNC_ERROR) {
		size_t len = (size_t)n - sizeof(m.h);

		if (len >= sizeof(m.payload))
			len = sizeof(m.payload) - 1;
		m.payload[len] = '\0';
		if (ret_peer)
			*ret_peer = true;
		return lct_err_msg(err, m.h.errnum < 0 ? m.h.errnum : -EIO, "%s", m.payload);
	}
	if (m.h.type != want)
		return lct_err_msg(err, -EPROTO, "sync: expected %s, got %s",
				   lct_sync_type_to_string(want),
				   lct_sync_type_to_string(m.h.type));
	if (ret_fds) {
		memcpy(ret_fds, got, sizeof(int) * k);
		*ret_n = k;
	}
	return 0;
}

int lct_sync_expect_fds(int fd, enum lct_sync_type want, struct libct_session *s, int *ret_fds,
			size_t *ret_n, struct libct_error *err)
{
	return expect(fd, want, s, ret_fds, ret_n, NULL, err);
}

int lct_sync_await(int fd, enum lct_sync_type want, int *ret_fds, size_t *ret_n)
{
	struct libct_error err = { 0 };
	int r = expect(fd, want, NULL, ret_fds, ret_n, NULL, &err);

	if (r < 0 && r != -EPIPE)
		lct_sync_send_error(fd, &err);
	return r;
}

bool lct_sync_peer_error(int fd, int r, struct libct_error *err)
{
	struct libct_error why = { 0 };
	bool peer = false;

	if (r != -EPIPE && r != -ECONNRESET)
		return false;
	/* gone: what it sent is queued before its end, and read at once */
	if (expect(fd, LCT_SYNC_ERROR, NULL, NULL, NULL, &peer, &why) < 0 && peer) {
		if (err)
			*err = why;
		return true;
	}
	return false;
}
