/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Handles, errors and sessions of the original interface. */
#include <stdio.h>
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

int lct_compat_fail(struct libct_session *s, const struct libct_error *e)
{
	if (s) {
		snprintf(s->compat_error, sizeof(s->compat_error), "%s", e->message);
		lct_log(s, LIBCT_LOG_ERROR, "%s", e->message);
	}
	return e->code < 0 ? e->code : -LCTERR_INVARG;
}

int lct_compat_fail_code(struct libct_session *s, int code, const char *what)
{
	if (s) {
		snprintf(s->compat_error, sizeof(s->compat_error), "%s", what);
		lct_log(s, LIBCT_LOG_ERROR, "%s", what);
	}
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
	lct_compat_log_apply(s);
	return s;
}

LCT_EXPORT libct_session_t COMPAT(session_open_local)(void)
{
	return libct_compat_session_open(NULL);
}

LCT_EXPORT const char *COMPAT(session_last_error)(libct_session_t s)
{
	return s ? s->compat_error : "";
}

LCT_EXPORT void COMPAT(session_close)(libct_session_t s)
{
	if (!s || libct_compat_handle_is_err(s))
		return;
	while (s->compat_cts)
		libct_compat_container_destroy(s->compat_cts);
	if (s->compat_switched) {
		close(s->compat_home_mntns);
		close(s->compat_home_root);
	}
	libct_session_free(s);
}
