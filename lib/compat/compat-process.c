/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Process descriptions and processes of the original interface. */
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat/compat.h"
#include "util/util.h"

LCT_EXPORT ct_process_desc_t COMPAT(process_desc_create)(libct_session_t s)
{
	struct ct_process_desc *p = calloc(1, sizeof(*p));
	struct libct_error e;

	if (!p)
		return lct_compat_err_handle(-ENOMEM);
	if (libct_process_desc_new(&p->pd, &e) < 0) {
		free(p);
		return lct_compat_err_handle(lct_compat_fail(s, &e));
	}
	p->s = s;
	return p;
}

LCT_EXPORT void COMPAT(process_desc_destroy)(ct_process_desc_t p)
{
	if (!p || libct_compat_handle_is_err(p))
		return;
	libct_process_desc_free(p->pd);
	free(p->fds);
	free(p);
}

LCT_EXPORT ct_process_desc_t COMPAT(process_desc_copy)(ct_process_desc_t p)
{
	struct ct_process_desc *c = calloc(1, sizeof(*c));

	if (!c)
		return lct_compat_err_handle(-ENOMEM);
	*c = *p;
	c->pd = lct_process_desc_copy(p->pd);
	c->fds = p->n_fds ? malloc(p->n_fds * sizeof(int)) : NULL;
	if (!c->pd || (p->n_fds && !c->fds)) {
		libct_process_desc_free(c->pd);
		free(c->fds);
		free(c);
		return lct_compat_err_handle(-ENOMEM);
	}
	if (p->n_fds)
		memcpy(c->fds, p->fds, p->n_fds * sizeof(int));
	return c;
}

/* The uid and gid are set one at a time here, together in the modern call. */
LCT_EXPORT int COMPAT(process_desc_setuid)(ct_process_desc_t p, unsigned int uid)
{
	libct_process_desc_set_user(p->pd, uid, p->pd->gid);
	p->uid_set = true;
	return 0;
}

LCT_EXPORT int COMPAT(process_desc_setgid)(ct_process_desc_t p, unsigned int gid)
{
	libct_process_desc_set_user(p->pd, p->pd->uid, gid);
	p->gid_set = true;
	return 0;
}

static int fail(struct ct_process_desc *p, int r, const struct libct_error *e)
{
	return r < 0 ? lct_compat_fail(p->s, e) : 0;
}

LCT_EXPORT int COMPAT(process_desc_set_user)(ct_process_desc_t p, char *user)
{
	struct libct_error e;

	return fail(p, libct_process_desc_set_user_name(p->pd, user, &e), &e);
}

LCT_EXPORT int COMPAT(process_desc_set_groups)(ct_process_desc_t p, unsigned int size,
					       unsigned int groups[])
{
	struct libct_error e;
	gid_t g[size ? size : 1];

	for (unsigned int i = 0; i < size; i++)
		g[i] = groups[i];
	return fail(p, libct_process_desc_set_additional_gids(p->pd, g, size, &e), &e);
}

/* A second limit of one resource replaces the first. */
LCT_EXPORT int COMPAT(process_desc_set_rlimit)(ct_process_desc_t p, int resource, uint64_t soft,
					       uint64_t hard)
{
	struct libct_error e;

	for (size_t i = 0; i < p->pd->n_rlimits; i++)
		if (p->pd->rlimits[i].resource == resource) {
			p->pd->rlimits[i].soft = soft;
			p->pd->rlimits[i].hard = hard;
			return 0;
		}
	return fail(p, libct_process_desc_add_rlimit(p->pd, resource, soft, hard, &e), &e);
}

static bool apparmor_enabled(void)
{
	char c = 0;
	FILE *f = fopen("/sys/module/apparmor/parameters/enabled", "re");

	if (f) {
		c = (char)fgetc(f);
		fclose(f);
	}
	return c == 'Y';
}

LCT_EXPORT int COMPAT(process_desc_set_lsm_label)(ct_process_desc_t p, char *label)
{
	struct libct_error e;
	int r = apparmor_enabled() ? libct_process_desc_set_apparmor_profile(p->pd, label, &e) :
				     libct_process_desc_set_selinux_label(p->pd, label, &e);

	return fail(p, r, &e);
}

static uint64_t all_caps(void)
{
	int last = 40;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");

	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = 40;
		fclose(f);
	}
	return last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

/* The original's two targets over the five sets: the bounding set, and the
 * process's own (effective, permitted, inheritable). A target not given
 * keeps every capability, as it would have without the call. */
LCT_EXPORT int COMPAT(process_desc_set_caps)(ct_process_desc_t p, unsigned long mask,
					     unsigned int apply_to)
{
	struct libct_process_desc *pd = p->pd;
	uint64_t all = all_caps(), m = mask & all, bset, own;

	if (!apply_to || (apply_to & ~CAPS_ALL))
		return lct_compat_fail_code(p->s, -LCTERR_INVARG, "caps apply to BSET or ALLCAPS");
	bset = pd->caps_set ? libct_process_desc_get_caps(pd, LIBCT_CAP_BOUNDING) : all;
	own = pd->caps_set ? libct_process_desc_get_caps(pd, LIBCT_CAP_PERMITTED) : all;
	if (apply_to & CAPS_BSET)
		bset = m;
	if (apply_to & CAPS_ALLCAPS)
		own = m;
	/* a process holds no capability outside its bounding set (an exec
	 * would drop it anyway) */
	own &= bset;
	libct_process_desc_set_caps(pd, LIBCT_CAP_BOUNDING, bset);
	libct_process_desc_set_caps(pd, LIBCT_CAP_EFFECTIVE, own);
	libct_process_desc_set_caps(pd, LIBCT_CAP_PERMITTED, own);
	libct_process_desc_set_caps(pd, LIBCT_CAP_INHERITABLE, own);
	return 0;
}

LCT_EXPORT int COMPAT(process_desc_set_pdeathsig)(ct_process_desc_t p, int sig)
{
	if (sig < 0 || sig >= _NSIG)
		return lct_compat_fail_code(p->s, -LCTERR_INVARG, "invalid signal");
	libct_process_desc_set_pdeathsig(p->pd, sig);
	return 0;
}

LCT_EXPORT int COMPAT(process_desc_set_fds)(ct_process_desc_t p, int *fds, int n)
{
	int *c = NULL;

	if (n < 0 || n > 12)
		return lct_compat_fail_code(p->s, -LCTERR_INVARG, "0 to 12 fds");
	for (int i = 0; i < n; i++)
		if (fds[i] < 0 && fds[i] != LIBCT_CONSOLE_FD)
			return lct_compat_fail_code(p->s, -EBADF, "not an fd");
	if (n && !(c = malloc(n * sizeof(int))))
		return -ENOMEM;
	if (n)
		memcpy(c, fds, n * sizeof(int));
	free(p->fds);
	p->fds = c;
	p->n_fds = n;
	return 0;
}

LCT_EXPORT int COMPAT(process_desc_set_env)(ct_process_desc_t p, char **env, int envn)
{
	struct libct_error e;
	const char *v[envn > 0 ? envn + 1 : 1];
	int n = 0;

	for (int i = 0; i < envn && env && env[i]; i++)
		v[n++] = env[i];
	v[n] = NULL;
	return fail(p, libct_process_desc_set_env(p->pd, v, &e), &e);
}

/* The waitpid form of a pidfd's exit, without reaping it (WNOWAIT): the
 * modern wait reaps and keeps its own figure. */
static int peek_status(int pidfd, int *status)
{
	siginfo_t si = { 0 };

	if (waitid(P_PIDFD, (id_t)pidfd, &si, WEXITED | WNOWAIT) < 0)
		return -errno;
	if (si.si_code == CLD_EXITED)
		*status = (si.si_status & 0xff) << 8;
	else
		*status = (si.si_status & 0x7f) | (si.si_code == CLD_DUMPED ? 0x80 : 0);
	return 0;
}

LCT_EXPORT int COMPAT(process_wait)(ct_process_t p, int *status)
{
	struct libct_error e;
	int st = 0, r;

	/* the handle of a failed spawn or enter is its error */
	if (!p || libct_compat_handle_is_err(p))
		return p ? (int)libct_compat_handle_to_err(p) : -LCTERR_INVARG;
	if (p->status >= 0)
		goto done;
	if (p->init) {
		struct libct_container *ct = p->init->ct;
		int fd = libct_container_pidfd(ct);

		if (ct->own_child && fd >= 0 && peek_status(fd, &st) < 0)
			st = 0;
		r = libct_container_wait(ct, NULL, &e);
		/* ECHILD: the caller reaped it itself (wait(2)), as the
		 * original allowed; it has exited all the same */
		if (r < 0 && ct->own_child && e.code != -ECHILD)
			return lct_compat_fail(p->init->s, &e);
		/* not ours: waited for through its pidfd, status unknown */
	} else {
		if (peek_status(libct_process_pidfd(p->p), &st) < 0)
			st = 0;
		r = libct_process_wait(p->p, NULL, &e);
		if (r < 0)
			return e.code;
	}
	p->status = st;
done:
	if (status)
		*status = p->status;
	return 0;
}

LCT_EXPORT void COMPAT(process_destroy)(ct_process_t p)
{
	if (!p || libct_compat_handle_is_err(p) || p->init)
		return;
	libct_process_free(p->p);
	free(p);
}

LCT_EXPORT int COMPAT(process_get_pid)(ct_process_t p)
{
	if (!p || libct_compat_handle_is_err(p))
		return -1;
	return p->pid;
}
