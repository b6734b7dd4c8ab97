/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Handles, errors and sessions of the original interface. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compat/compat.h"
#include "util/util.h"

#define MAX_ERRNO 4095

void *lct_compat_err_handle(long code)
{
	return (void *)code;
}

LCT_EXPORT void *COMPAT(err_to_handle)(long err)
{
	return lct_compat_err_handle(err);
}

LCT_EXPORT long COMPAT(handle_to_err)(void *handle)
{
	return (long)handle;
}

LCT_EXPORT int COMPAT(handle_is_err)(void *handle)
{
	return (unsigned long)handle >= (unsigned long)-MAX_ERRNO;
}

static void session_destroy(struct libct_session *s, void *ext)
{
	struct lct_compat_session *cs = ext;

	while (cs->cts)
		libct_compat_container_destroy(cs->cts);
	if (cs->switched) {
		close(cs->home_mntns);
		close(cs->home_root);
	}
	free(cs);
	s->ext = NULL;
	s->ext_ops = NULL;
}

static const struct lct_session_ext_ops session_ext_ops = {
	.destroy = session_destroy,
};

struct lct_compat_session *lct_compat_session(struct libct_session *s)
{
	struct lct_compat_session *cs;

	if (s->ext_ops == &session_ext_ops)
		return s->ext;
	if (s->ext_ops)
		return NULL; /* another extension's session */
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return NULL;
	s->ext = cs;
	s->ext_ops = &session_ext_ops;
	return cs;
}

/* The session's last error is msg (where it has compat state). */
static void keep_error(struct libct_session *s, const char *msg)
{
	struct lct_compat_session *cs;

	if (!s)
		return;
	cs = lct_compat_session(s);
	if (cs)
		snprintf(cs->error, sizeof(cs->error), "%s", msg);
	lct_log(s, LIBCT_LOG_ERROR, "%s", msg);
}

int lct_compat_fail(struct libct_session *s, const struct libct_error *e)
{
	keep_error(s, e->message);
	return e->code < 0 ? e->code : -LCTERR_INVARG;
}

int lct_compat_fail_code(struct libct_session *s, int code, const char *what)
{
	keep_error(s, what);
	return code;
}

void *lct_compat_fail_handle(struct libct_session *s, int code, const char *what)
{
	return lct_compat_err_handle(lct_compat_fail_code(s, code, what));
}

/* "local", NULL, or "local:DIR" (a state directory other than /run/ct). */
LCT_EXPORT libct_session_t COMPAT(session_open)(char *url)
{
	struct libct_session *s;
	struct libct_error e;
	const char *dir = NULL;

	if (url && strcmp(url, "local") != 0) {
		if (strncmp(url, "local:", 6) != 0 || !url[6])
			return lct_compat_err_handle(-LCTERR_INVARG);
		dir = url + 6;
	}
	if (libct_session_new(dir, &s, &e) < 0)
		return lct_compat_err_handle(e.code);
	if (!lct_compat_session(s)) {
		libct_session_free(s);
		return lct_compat_err_handle(-ENOMEM);
	}
	lct_compat_log_apply(s);
	return s;
}

LCT_EXPORT libct_session_t COMPAT(session_open_local)(void)
{
	return libct_compat_session_open(NULL);
}

LCT_EXPORT const char *COMPAT(session_last_error)(libct_session_t s)
{
	struct lct_compat_session *cs = s ? lct_compat_session(s) : NULL;

	return cs ? cs->error : "";
}

LCT_EXPORT void COMPAT(session_close)(libct_session_t s)
{
	if (!s || libct_compat_handle_is_err(s))
		return;
	/* the session's extension destroys the containers still open */
	libct_session_free(s);
}
