/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct create: set the container up; init waits for `ct start`. */
#include "cli.h"

int cmd_create(int argc, char **argv)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd = NULL;
	struct ct_create_opts o;
	int r;

	r = ct_parse_create_opts(argc, argv, false, &o);
	if (r)
		return r;
	if ((r = ct_session(&s)) || (r = ct_prepare(s, &o, &ct, &pd)))
		goto out;
	if (libct_container_create(ct, pd, &err) < 0) {
		r = ct_fail_err(&err, NULL);
		goto out;
	}
	if ((r = ct_send_init_pidfd(ct, &o)) ||
	    (o.pid_file && (r = ct_write_pid_file(o.pid_file, libct_container_pid(ct))))) {
		libct_container_delete(ct, true, NULL);
		goto out;
	}
out:
	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
