/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* struct libct_error: fixed-size and caller-owned, so the child between clone
 * and exec can fill one and send it to the parent as it is. */
#include <stdio.h>

#include "util/util.h"

static int fill(struct libct_error *err, int code, bool with_strerror, const char *fmt, va_list ap)
{
	int saved = errno;

	if (code > 0)
		code = -code;
	if (code == 0)
		code = -EIO;
	if (err) {
		int n;

		err->code = code;
		n = vsnprintf(err->message, sizeof(err->message), fmt, ap);
		if (n < 0)
			n = 0;
		if (with_strerror && (size_t)n < sizeof(err->message))
			snprintf(err->message + n, sizeof(err->message) - n, ": %s",
				 strerror(-code));
	}
	errno = saved;
	return code;
}

int lct_err(struct libct_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = fill(err, code, true, fmt, ap);
	va_end(ap);
	return r;
}

int lct_err_msg(struct libct_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = fill(err, code, false, fmt, ap);
	va_end(ap);
	return r;
}

int lct_err_prefix(struct libct_error *err, const char *fmt, ...)
{
	char prefix[LIBCT_ERROR_MSG_MAX], old[LIBCT_ERROR_MSG_MAX];
	va_list ap;

	if (!err)
		return -EIO;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->message, sizeof(old));
	{
		size_t pl = strnlen(prefix, sizeof(err->message) - 3);
		size_t ol = strnlen(old, sizeof(old));

		if (pl + 2 + ol >= sizeof(err->message))
			ol = sizeof(err->message) - pl - 3;
		memcpy(err->message, prefix, pl);
		memcpy(err->message + pl, ": ", 2);
		memcpy(err->message + pl + 2, old, ol);
		err->message[pl + 2 + ol] = '\0';
	}
	return err->code ? err->code : -EIO;
}

void lct_err_clear(struct libct_error *err)
{
	if (err) {
		err->code = 0;
		err->message[0] = '\0';
	}
}
