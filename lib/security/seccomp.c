/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccomp: the typed configuration of a process description, and the filter built
 * from it with libseccomp (in the parent, before clone) and loaded in the child. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "security/security.h"
#include "util/util.h"

#define ERRNO_MAX 4095 /* the kernel's MAX_ERRNO */

/* ------------------------------------------------------------ configuration */

/* Free a seccomp configuration (NULL is fine). */
void lct_seccomp_config_free(struct lct_seccomp *cfg)
{
	if (!cfg)
		return;
	lct_strv_free(cfg->archs);
	free(cfg->listener_path);
	free(cfg->listener_metadata);
	for (size_t i = 0; i < cfg->n_rules; i++)
		free(cfg->rules[i].syscall);
	free(cfg->rules);
	free(cfg);
}

/* Deep copy of a seccomp configuration; NULL on ENOMEM. */
struct lct_seccomp *lct_seccomp_config_copy(const struct lct_seccomp *cfg)
{
	struct lct_seccomp *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	*c = *cfg;
	c->archs = NULL;
	c->rules = NULL;
	c->n_rules = 0;
	c->listener_path = c->listener_metadata = NULL;
	if (cfg->archs && !(c->archs = lct_strv_copy((const char *const *)cfg->archs)))
		goto fail;
	if ((cfg->listener_path && !(c->listener_path = strdup(cfg->listener_path))) ||
	    (cfg->listener_metadata && !(c->listener_metadata = strdup(cfg->listener_metadata))))
		goto fail;
	if (cfg->n_rules) {
		c->rules = calloc(cfg->n_rules, sizeof(*c->rules));
		if (!c->rules)
			goto fail;
		for (; c->n_rules < cfg->n_rules; c->n_rules++) {
			struct lct_seccomp_rule *r = &c->rules[c->n_rules];

			*r = cfg->rules[c->n_rules];
			r->syscall = strdup(r->syscall);
			if (!r->syscall)
				goto fail;
		}
	}
	return c;
fail:
	lct_seccomp_config_free(c);
	return NULL;
}

/* The seccomp config of pd, made on first use with default action ALLOW (so archs,
 * flags and rules may come before libct_process_desc_set_seccomp_default). */
static struct lct_seccomp *config_get(struct libct_process_desc *pd)
{
	if (!pd->seccomp) {
		pd->seccomp = calloc(1, sizeof(*pd->seccomp));
		if (pd->seccomp) {
			pd->seccomp->default_action = LIBCT_SECCOMP_ALLOW;
			pd->seccomp->default_errno = -1;
		}
	}
	return pd->seccomp;
}

/* Valid action, and errno_ret -1 (unset) or an errno the kernel can return. */
static int check_action(enum libct_seccomp_action action, int errno_ret, const char *what,
			struct libct_error *err)
{
	if ((unsigned)action > LIBCT_SECCOMP_NOTIFY)
		return lct_err_msg(err, -EINVAL, "seccomp: %s: unknown action %d", what,
				   (int)action);
	if (errno_ret < -1 || errno_ret > ERRNO_MAX)
		return lct_err_msg(err, -EINVAL, "seccomp: %s: invalid errnoRet %d", what,
				   errno_ret);
	return 0;
}

/* Turn seccomp on with this default action; NOTIFY is refused there (the
 * process could not even tell its agent). */
LCT_EXPORT int libct_process_desc_set_seccomp_default(struct libct_process_desc *pd,
						      enum libct_seccomp_action action,
						      int errno_ret, struct libct_error *err)
{
	struct lct_seccomp *cfg;
	int r = check_action(action, errno_ret, "default action", err);

	if (r < 0)
		return r;
	if (action == LIBCT_SECCOMP_NOTIFY)
		return lct_err_msg(err, -EINVAL,
				   "seccomp: SCMP_ACT_NOTIFY cannot be the default action");
	cfg = config_get(pd);
	if (!cfg)
		return lct_err(err, -ENOMEM, "seccomp");
	cfg->default_action = action;
	cfg->default_errno = errno_ret;
	return 0;
}

/* Add an architecture to the filter (duplicates are ignored). */
LCT_EXPORT int libct_process_desc_add_seccomp_arch(struct libct_process_desc *pd, const char *arch,
						   struct libct_error *err)
{
	struct lct_seccomp *cfg;
	char tok[32];

	if (lct_seccomp_arch_normalize(arch, tok, sizeof(tok)) < 0)
		return lct_err_msg(err, -EINVAL, "seccomp: unknown architecture '%s'",
				   arch ? arch : "");
	cfg = config_get(pd);
	if (!cfg)
		return lct_err(err, -ENOMEM, "seccomp");
	if (lct_strv_contains(cfg->archs, tok))
		return 0;
	if (lct_strv_push(&cfg->archs, tok) < 0)
		return lct_err(err, -ENOMEM, "seccomp");
	return 0;
}

/* Set a SECCOMP_FILTER_FLAG_* by its name. */
LCT_EXPORT int libct_process_desc_add_seccomp_flag(struct libct_process_desc *pd, const char *flag,
						   struct libct_error *err)
{
	struct lct_seccomp *cfg;
	unsigned int f;

	if (lct_seccomp_flag_from_string(flag, &f) < 0)
		return lct_err_msg(err, -EINVAL, "seccomp: unknown flag '%s'", flag ? flag : "");
	cfg = config_get(pd);
	if (!cfg)
		return lct_err(err, -ENOMEM, "seccomp");
	cfg->flags |= f;
	return 0;
}

/* Record a rule; the syscall name is resolved (or skipped) when the filter is built. */
LCT_EXPORT int libct_process_desc_add_seccomp_rule(struct libct_process_desc *pd,
						   const char *syscall,
						   enum libct_seccomp_action action, int errno_ret,
						   const struct libct_seccomp_arg *args,
						   size_t n_args, struct libct_error *err)
{
	struct lct_seccomp_rule *rule;
	struct lct_seccomp *cfg;
	_cleanup_free_ char *name = NULL;
	char what[128];
	int r;

	if (!syscall || !*syscall)
		return lct_err_msg(err, -EINVAL, "seccomp: empty syscall name");
	snprintf(what, sizeof(what), "syscall '%s'", syscall);
	r = check_action(action, errno_ret, what, err);
	if (r < 0)
		return r;
	if (n_args > ARRAY_SIZE(rule->args))
		return lct_err_msg(err, -E2BIG, "seccomp: %s: %zu argument conditions (at most 6)",
				   what, n_args);
	for (size_t i = 0; i < n_args; i++) {
		if (args[i].index >= 6)
			return lct_err_msg(err, -EINVAL, "seccomp: %s: argument index %u (0-5)",
					   what, args[i].index);
		if (args[i].op < LIBCT_SECCOMP_OP_NE || args[i].op > LIBCT_SECCOMP_OP_MASKED_EQ)
			return lct_err_msg(err, -EINVAL, "seccomp: %s: unknown operator %d", what,
					   (int)args[i].op);
	}
	name = strdup(syscall);
	cfg = config_get(pd);
	if (!name || !cfg)
		return lct_err(err, -ENOMEM, "seccomp");
	rule = lct_array_grow(&cfg->rules, &cfg->n_rules, sizeof(*rule));
	if (!rule)
		return lct_err(err, -ENOMEM, "seccomp");
	rule->syscall = TAKE_PTR(name);
	rule->action = action;
	rule->errno_ret = errno_ret;
	rule->n_args = n_args;
	if (n_args)
		memcpy(rule->args, args, n_args * sizeof(*args));
	return 0;
}

/* The unix socket of the seccomp agent that gets the listener fd of a
 * filter with SCMP_ACT_NOTIFY rules, and the metadata it is told. */
LCT_EXPORT int libct_process_desc_set_seccomp_listener(struct libct_process_desc *pd,
						       const char *path, const char *metadata,
						       struct libct_error *err)
{
	struct lct_seccomp *cfg;
	char *p, *m = NULL;

	if (!path || path[0] != '/')
		return lct_err_msg(err, -EINVAL,
				   "seccomp: listener path '%s' must be an absolute path",
				   path ? path : "");
	cfg = config_get(pd);
	p = strdup(path);
	if (metadata && !(m = strdup(metadata)))
		free(TAKE_PTR(p));
	if (!cfg || !p) {
		free(p);
		return lct_err(err, -ENOMEM, "seccomp");
	}
	free(cfg->listener_path);
	free(cfg->listener_metadata);
	cfg->listener_path = p;
	cfg->listener_metadata = m;
	return 0;
}

/* ------------------------------------------------------------------- filter */

LCT_EXPORT void libct_process_desc_clear_seccomp(struct libct_process_desc *pd)
{
	lct_seccomp_config_free(pd->seccomp);
	pd->seccomp = NULL;
}

/* The libseccomp action for ours; -1 = EPERM for ERRNO and TRACE (as runc).
 * KILL is SCMP_ACT_KILL, which libseccomp defines as kill-thread. */
static uint32_t scmp_action(enum libct_seccomp_action action, int errno_ret)
{
	int e = errno_ret < 0 ? EPERM : errno_ret;

	switch (action) {
	case LIBCT_SECCOMP_KILL:
	case LIBCT_SECCOMP_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case LIBCT_SECCOMP_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case LIBCT_SECCOMP_TRAP:
		return SCMP_ACT_TRAP;
	case LIBCT_SECCOMP_ERRNO:
		return SCMP_ACT_ERRNO(e);
	case LIBCT_SECCOMP_TRACE:
		return SCMP_ACT_TRACE(e);
	case LIBCT_SECCOMP_LOG:
		return SCMP_ACT_LOG;
	case LIBCT_SECCOMP_NOTIFY:
		return SCMP_ACT_NOTIFY;
	case LIBCT_SECCOMP_ALLOW:
	default:
		return SCMP_ACT_ALLOW;
	}
}

static const enum scmp_compare scmp_ops[] = {
	[LIBCT_SECCOMP_OP_NE] = SCMP_CMP_NE,
	[LIBCT_SECCOMP_OP_LT] = SCMP_CMP_LT,
	[LIBCT_SECCOMP_OP_LE] = SCMP_CMP_LE,
	[LIBCT_SECCOMP_OP_EQ] = SCMP_CMP_EQ,
	[LIBCT_SECCOMP_OP_GE] = SCMP_CMP_GE,
	[LIBCT_SECCOMP_OP_GT] = SCMP_CMP_GT,
	[LIBCT_SECCOMP_OP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
};

static int add_archs(struct libct_session *s, scmp_filter_ctx ctx, const struct lct_seccomp *cfg,
		     struct libct_error *err)
{
	for (size_t i = 0; cfg->archs && cfg->archs[i]; i++) {
		uint32_t arch = seccomp_arch_resolve_name(cfg->archs[i]);
		int r;

		if (arch == 0) {
			lct_log(s, LIBCT_LOG_DEBUG,
				"seccomp: architecture '%s' unknown to libseccomp, skipped",
				cfg->archs[i]);
			continue;
		}
		/* the native architecture is in every new filter already */
		r = seccomp_arch_add(ctx, arch);
		if (r < 0 && r != -EEXIST)
			return lct_err(err, r, "seccomp: add architecture '%s'", cfg->archs[i]);
	}
	return 0;
}

static int set_attrs(scmp_filter_ctx ctx, unsigned int flags, struct libct_error *err)
{
	static const struct {
		unsigned int flag;
		enum scmp_filter_attr attr;
		const char *name;
	} map[] = {
		{ SECCOMP_FILTER_FLAG_TSYNC, SCMP_FLTATR_CTL_TSYNC, "SECCOMP_FILTER_FLAG_TSYNC" },
		{ SECCOMP_FILTER_FLAG_LOG, SCMP_FLTATR_CTL_LOG, "SECCOMP_FILTER_FLAG_LOG" },
		{ SECCOMP_FILTER_FLAG_SPEC_ALLOW, SCMP_FLTATR_CTL_SSB,
		  "SECCOMP_FILTER_FLAG_SPEC_ALLOW" },
	};
	/* the runtime sets no_new_privs itself, only when the process asks for it */
	int r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);

	if (r < 0)
		return lct_err(err, r, "seccomp: clear no_new_privs attribute");
#if SCMP_VER_MAJOR > 2 || (SCMP_VER_MAJOR == 2 && SCMP_VER_MINOR >= 5)
	/* the kernel's errno from seccomp_load (EACCES...) instead of libseccomp's ECANCELED */
	seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
#endif
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		if (!(flags & map[i].flag))
			continue;
		r = seccomp_attr_set(ctx, map[i].attr, 1);
		if (r < 0)
			return lct_err(err, r, "seccomp: flag %s", map[i].name);
	}
	return 0;
}

/* One rule, as runc and crun add it: the conditions ANDed in one libseccomp rule,
 * except when an argument index appears more than once (e.g. two EQ tests on arg 0,
 * meant as "either value"): then every condition becomes a rule of its own, ORed. */
static int add_rule(struct libct_session *s, scmp_filter_ctx ctx, uint32_t def,
		    const struct lct_seccomp_rule *rule, struct libct_error *err)
{
	struct scmp_arg_cmp cmp[6];
	uint32_t act = scmp_action(rule->action, rule->errno_ret);
	unsigned int seen = 0;
	bool repeated = false;
	int nr, r;

	nr = seccomp_syscall_resolve_name(rule->syscall);
	if (nr == __NR_SCMP_ERROR) {
		lct_log(s, LIBCT_LOG_DEBUG, "seccomp: unknown syscall '%s', skipped",
			rule->syscall);
		return 0;
	}
	/* libseccomp rejects a rule with the default action; it would change nothing */
	if (act == def)
		return 0;
	for (size_t i = 0; i < rule->n_args; i++) {
		const struct libct_seccomp_arg *a = &rule->args[i];

		cmp[i] = (struct scmp_arg_cmp){ a->index, scmp_ops[a->op], a->value, a->value_two };
		repeated |= seen & (1U << a->index);
		seen |= 1U << a->index;
	}
	if (!repeated)
		r = seccomp_rule_add_array(ctx, act, nr, rule->n_args, cmp);
	else
		for (size_t i = r = 0; r == 0 && i < rule->n_args; i++)
			r = seccomp_rule_add_array(ctx, act, nr, 1, &cmp[i]);
	if (r < 0)
		return lct_err(err, r, "seccomp: add rule for '%s'", rule->syscall);
	return 0;
}

/* What a process loads: the filter built from its own configuration, the
 * container's saved program (for a process entering a running container), or
 * both; the kernel applies every filter loaded. */
struct lct_seccomp_filter {
	scmp_filter_ctx ctx;
	struct sock_filter *prog;
	unsigned short prog_len;
	unsigned int prog_flags;
	/* ctx as a BPF program, when it must be loaded with flags libseccomp
	 * cannot pass (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV before 2.6) */
	struct sock_filter *own_prog;
	unsigned short own_len;
	unsigned int own_flags;
	bool notify;	 /* a rule notifies: loading makes a listener */
	bool loaded;	 /* in the process that loaded it */
	int listener_fd; /* the listener, once loaded (-1: none) */
};

static struct lct_seccomp_filter *filter_get(void **f)
{
	if (!*f) {
		struct lct_seccomp_filter *n = calloc(1, sizeof(*n));

		if (n)
			n->listener_fd = -1;
		*f = n;
	}
	return *f;
}

bool lct_seccomp_wait_killable_supported(void)
{
	/* the flags are checked before the program is read: a kernel that knows
	 * them fails on the NULL program (EFAULT), one that does not with EINVAL */
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		       SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
		       NULL) < 0 &&
	       errno == EFAULT;
}

/* Whether len bytes are a whole BPF program the kernel takes. */
static bool bpf_len_valid(size_t len)
{
	return len && len % sizeof(struct sock_filter) == 0 &&
	       len / sizeof(struct sock_filter) <= BPF_MAXINSNS;
}

/* The BPF program of ctx, in memory, as the kernel takes it. */
static int export_program(struct lct_seccomp_filter *f, struct libct_error *err)
{
	_cleanup_close_ int fd = memfd_create("seccomp", MFD_CLOEXEC);
	struct stat st;
	int r;

	if (fd < 0)
		return lct_err(err, -errno, "seccomp: export the filter");
	r = lct_seccomp_export(f, fd, err);
	if (r < 0)
		return r;
	if (fstat(fd, &st) < 0)
		return lct_err(err, -errno, "seccomp: export the filter");
	if (!bpf_len_valid((size_t)st.st_size))
		return lct_err_msg(err, -E2BIG, "seccomp: a filter of %lld bytes",
				   (long long)st.st_size);
	f->own_prog = malloc((size_t)st.st_size);
	if (!f->own_prog)
		return lct_err(err, -ENOMEM, "seccomp");
	if (pread(fd, f->own_prog, (size_t)st.st_size, 0) != st.st_size)
		return lct_err(err, -EIO, "seccomp: read the exported filter back");
	f->own_len = (unsigned short)(st.st_size / sizeof(struct sock_filter));
	return 0;
}

/* A filter that notifies and asks its notifications' waits to become
 * killable once the agent has received them: loaded by the raw system call
 * (libseccomp 2.5 has no attribute for the flag). Without a notifying rule
 * the flag means nothing and is left out, as the kernel refuses it without
 * a listener. */
static int prepare_wait_killable(struct lct_seccomp_filter *f, unsigned int flags,
				 struct libct_error *err)
{
	if (!lct_seccomp_wait_killable_supported())
		return lct_err_msg(err, -EOPNOTSUPP,
				   "seccomp: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV is not "
				   "supported by this kernel (5.19 or later)");
	f->own_flags = SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV |
		       (flags & (SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW));
	/* with a listener, the kernel takes TSYNC only with TSYNC_ESRCH */
	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		f->own_flags |= SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	return export_program(f, err);
}

/* Build the libseccomp filter for cfg: default action, architectures, attributes,
 * rules; into *ret (made when NULL; it may hold a saved program already). */
int lct_seccomp_prepare(struct libct_session *s, const struct lct_seccomp *cfg, void **ret,
			struct libct_error *err)
{
	struct lct_seccomp_filter *f;
	uint32_t def;
	scmp_filter_ctx ctx;
	bool notifies = false;
	int r;

	if (!cfg)
		return 0;
	def = scmp_action(cfg->default_action, cfg->default_errno);
	ctx = seccomp_init(def);
	if (!ctx)
		return lct_err_msg(err, -EINVAL,
				   "seccomp: cannot create a filter with default "
				   "action %s",
				   lct_seccomp_action_to_string(cfg->default_action));
	r = add_archs(s, ctx, cfg, err);
	if (r == 0)
		r = set_attrs(ctx, cfg->flags, err);
	for (size_t i = 0; r == 0 && i < cfg->n_rules; i++)
		r = add_rule(s, ctx, def, &cfg->rules[i], err);
	if (r == 0 && !(f = filter_get(ret)))
		r = lct_err(err, -ENOMEM, "seccomp");
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	f->ctx = ctx;
	for (size_t i = 0; i < cfg->n_rules; i++)
		notifies |= cfg->rules[i].action == LIBCT_SECCOMP_NOTIFY;
	f->notify |= notifies;
	if (notifies && (cfg->flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV))
		return prepare_wait_killable(f, cfg->flags, err);
	return 0;
}

/* The libseccomp filter inside (for the unit tests' PFC dumps). */
void *lct_seccomp_ctx(void *filter)
{
	return filter ? ((struct lct_seccomp_filter *)filter)->ctx : NULL;
}

/* The BPF program of a prepared filter, written to fd (what exec loads later). */
int lct_seccomp_export(void *filter, int fd, struct libct_error *err)
{
	struct lct_seccomp_filter *f = filter;
	int r;

	if (!f || !f->ctx)
		return 0;
	r = seccomp_export_bpf(f->ctx, fd);
	if (r < 0)
		return lct_err(err, r, "seccomp: export the filter");
	return 0;
}

/* Add a saved program (a whole number of BPF instructions, at most
 * BPF_MAXINSNS: anything else is refused) to what *filter loads. */
int lct_seccomp_add_program(void **filter, const void *prog, size_t len, unsigned int flags,
			    struct libct_error *err)
{
	struct lct_seccomp_filter *f;

	if (!bpf_len_valid(len))
		return lct_err_msg(err, -EINVAL,
				   "seccomp: a saved program of %zu bytes is no "
				   "BPF program",
				   len);
	if (flags & ~(unsigned int)(SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW |
				    SECCOMP_FILTER_FLAG_NEW_LISTENER |
				    SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) ||
	    ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) &&
	     !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)))
		return lct_err_msg(err, -EINVAL, "seccomp: saved flags 0x%x", flags);
	f = filter_get(filter);
	if (!f || !(f->prog = malloc(len)))
		return lct_err(err, -ENOMEM, "seccomp");
	memcpy(f->prog, prog, len);
	f->prog_len = (unsigned short)(len / sizeof(struct sock_filter));
	f->prog_flags = flags;
	f->notify |= (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) != 0;
	return 0;
}

static int load_error(int r, struct libct_error *err)
{
	if (r == -EACCES)
		return lct_err(err, r,
			       "seccomp: load filter (the process has neither "
			       "no_new_privs nor CAP_SYS_ADMIN)");
	return lct_err(err, r, "seccomp: load filter");
}

/* Load the prepared filter into the calling process (NULL: nothing to do;
 * a second call neither). A filter that notifies leaves its listener fd. */
int lct_seccomp_load(void *filter, struct libct_error *err)
{
	struct lct_seccomp_filter *f = filter;
	int r;

	if (!f || f->loaded)
		return 0;
	if (f->prog) {
		struct sock_fprog fp = { f->prog_len, f->prog };

		r = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, f->prog_flags, &fp);
		if (r < 0)
			return load_error(-errno, err);
		if (f->prog_flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)
			f->listener_fd = r;
	}
	if (f->own_prog) {
		struct sock_fprog fp = { f->own_len, f->own_prog };

		r = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, f->own_flags, &fp);
		if (r < 0)
			return load_error(-errno, err);
		f->listener_fd = r;
	} else if (f->ctx && (r = seccomp_load(f->ctx)) < 0) {
		return load_error(r, err);
	} else if (f->ctx && f->notify) {
		/* libseccomp asked for a listener itself: a rule notifies */
		r = seccomp_notify_fd(f->ctx);
		if (r < 0)
			return lct_err(err, r < -1 ? r : -EBADF,
				       "seccomp: the listener of the filter");
		f->listener_fd = r;
	}
	f->loaded = true;
	return 0;
}

bool lct_seccomp_notifies(const void *filter)
{
	return filter && ((const struct lct_seccomp_filter *)filter)->notify;
}

int lct_seccomp_listener(const void *filter)
{
	return filter ? ((const struct lct_seccomp_filter *)filter)->listener_fd : -1;
}

/* Release a prepared filter (NULL is fine). */
void lct_seccomp_free(void *filter)
{
	struct lct_seccomp_filter *f = filter;

	if (!f)
		return;
	if (f->ctx)
		seccomp_release(f->ctx);
	free(f->prog);
	free(f->own_prog);
	free(f);
}
