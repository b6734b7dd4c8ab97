/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroup v2 device control: cgroup2 has no devices controller, so the device
 * rules become a BPF_PROG_TYPE_CGROUP_DEVICE program attached to the
 * container's directory, as runc's devicefilter and crun's ebpf.c do.
 *
 * The rules are an implicit deny-all, the container's rules in order, then
 * the default allow list (the same list v1 writes). The program checks them
 * from last to first and the first that matches decides: return 1 allows,
 * 0 denies. Raw bpf(2), no libbpf. No program fd is kept after attaching: the
 * cgroup holds the only reference, so rmdir frees the program. */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

/* The name the kernel shows (bpftool prog); update replaces only programs so named. */
#define PROG_NAME "lct_devices"
#define MAX_ATTACHED 64	     /* BPF_CGROUP_MAX_PROGS */
#define LOG_SIZE (64 * 1024) /* verifier log, read only after a failed load */
#define LOG_TAIL 480	     /* what of it fits in an error message */
#define INSNS_PER_RULE 8     /* type 1, access 3, major 1, minor 1, result 2 */
#define PROLOGUE_INSNS 6

/* The instruction macros of the kernel's samples/bpf/bpf_insn.h (not in uapi). */
#define BPF_RAW_INSN(CODE, DST, SRC, OFF, IMM)                                                     \
	((struct bpf_insn){ .code = (CODE),                                                        \
			    .dst_reg = (DST),                                                      \
			    .src_reg = (SRC),                                                      \
			    .off = (OFF),                                                          \
			    .imm = (IMM) })
#ifndef BPF_LDX_MEM
#define BPF_LDX_MEM(SIZE, DST, SRC, OFF)                                                           \
	BPF_RAW_INSN(BPF_LDX | BPF_SIZE(SIZE) | BPF_MEM, DST, SRC, OFF, 0)
#endif
#ifndef BPF_ALU32_IMM
#define BPF_ALU32_IMM(OP, DST, IMM) BPF_RAW_INSN(BPF_ALU | BPF_OP(OP) | BPF_K, DST, 0, 0, IMM)
#endif
#ifndef BPF_MOV32_REG
#define BPF_MOV32_REG(DST, SRC) BPF_RAW_INSN(BPF_ALU | BPF_MOV | BPF_X, DST, SRC, 0, 0)
#endif
#ifndef BPF_MOV64_IMM
#define BPF_MOV64_IMM(DST, IMM) BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_K, DST, 0, 0, IMM)
#endif
#ifndef BPF_JMP_IMM
#define BPF_JMP_IMM(OP, DST, IMM, OFF) BPF_RAW_INSN(BPF_JMP | BPF_OP(OP) | BPF_K, DST, 0, OFF, IMM)
#endif
#ifndef BPF_JMP_REG
#define BPF_JMP_REG(OP, DST, SRC, OFF) BPF_RAW_INSN(BPF_JMP | BPF_OP(OP) | BPF_X, DST, SRC, OFF, 0)
#endif
#ifndef BPF_EXIT_INSN
#define BPF_EXIT_INSN() BPF_RAW_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#endif

/* Registers of the program: r1 the context, then what the prologue loads. */
enum {
	R0,
	R1,
	R_TYPE,
	R_ACCESS,
	R_MAJOR,
	R_MINOR
};

struct prog {
	struct bpf_insn *insn;
	size_t n;
};

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static uint64_t ptr_to_u64(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void emit(struct prog *p, struct bpf_insn insn)
{
	p->insn[p->n++] = insn;
}

/* r2 = device type (low 16 bits of access_type), r3 = access (high 16),
 * r4 = major, r5 = minor. */
static void emit_prologue(struct prog *p)
{
	emit(p, BPF_LDX_MEM(BPF_W, R_TYPE, R1, offsetof(struct bpf_cgroup_dev_ctx, access_type)));
	emit(p, BPF_ALU32_IMM(BPF_AND, R_TYPE, 0xffff));
	emit(p, BPF_LDX_MEM(BPF_W, R_ACCESS, R1, offsetof(struct bpf_cgroup_dev_ctx, access_type)));
	emit(p, BPF_ALU32_IMM(BPF_RSH, R_ACCESS, 16));
	emit(p, BPF_LDX_MEM(BPF_W, R_MAJOR, R1, offsetof(struct bpf_cgroup_dev_ctx, major)));
	emit(p, BPF_LDX_MEM(BPF_W, R_MINOR, R1, offsetof(struct bpf_cgroup_dev_ctx, minor)));
}

static int32_t access_bits(const char *access)
{
	int32_t bits = 0;

	if (!*access)
		return BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
	for (const char *c = access; *c; c++)
		bits |= *c == 'm' ? BPF_DEVCG_ACC_MKNOD :
			*c == 'r' ? BPF_DEVCG_ACC_READ :
			*c == 'w' ? BPF_DEVCG_ACC_WRITE :
				    0;
	return bits;
}

/* Whether rule d matches every access to every device. */
static bool catch_all(const struct lct_device_rule *d)
{
	int32_t all = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;

	return d->type == 'a' && d->major < 0 && d->minor < 0 && access_bits(d->access) == all;
}

/* One rule: each condition that fails jumps past the block to the next rule;
 * when all hold, return the rule's verdict. */
static int emit_rule(struct prog *p, const struct lct_device_rule *d, struct libct_error *err)
{
	int32_t all = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
	int32_t acc = access_bits(d->access);
	size_t jumps[4], n_jumps = 0;

	if (d->major > INT32_MAX || d->minor > INT32_MAX)
		return lct_err_msg(err, -EINVAL,
				   "device rule %c %" PRId64 ":%" PRId64 ": number out of range",
				   d->type, d->major, d->minor);
	if (d->type != 'a') {
		jumps[n_jumps++] = p->n;
		emit(p, BPF_JMP_IMM(BPF_JNE, R_TYPE,
				    d->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, 0));
	}
	if (acc != all) {
		/* the access asked for must be a subset of the rule's */
		emit(p, BPF_MOV32_REG(R1, R_ACCESS));
		emit(p, BPF_ALU32_IMM(BPF_AND, R1, acc));
		jumps[n_jumps++] = p->n;
		emit(p, BPF_JMP_REG(BPF_JNE, R1, R_ACCESS, 0));
	}
	if (d->major >= 0) {
		jumps[n_jumps++] = p->n;
		emit(p, BPF_JMP_IMM(BPF_JNE, R_MAJOR, (int32_t)d->major, 0));
	}
	if (d->minor >= 0) {
		jumps[n_jumps++] = p->n;
		emit(p, BPF_JMP_IMM(BPF_JNE, R_MINOR, (int32_t)d->minor, 0));
	}
	emit(p, BPF_MOV64_IMM(R0, d->allow ? 1 : 0));
	emit(p, BPF_EXIT_INSN());
	for (size_t i = 0; i < n_jumps; i++)
		p->insn[jumps[i]].off = (int16_t)(p->n - jumps[i] - 1);
	return 0;
}

/* The rule at position i of: deny-all, r's rules, the defaults. */
static const struct lct_device_rule *rule_at(const struct lct_resources *r, size_t i)
{
	static const struct lct_device_rule deny_all = { false, 'a', -1, -1, "rwm" };

	if (i == 0)
		return &deny_all;
	if (i <= r->n_dev_rules)
		return &r->dev_rules[i - 1];
	return &lct_cgroup_default_dev_rules[i - 1 - r->n_dev_rules];
}

/* The program for r's rules. It ends at the last catch-all rule (the
 * implicit deny-all at the latest): rules before it can never decide, and the
 * verifier refuses unreachable instructions. */
static int build(const struct lct_resources *r, struct prog *ret, size_t *ret_rules,
		 struct libct_error *err)
{
	size_t n_rules = 1 + r->n_dev_rules + lct_cgroup_n_default_dev_rules;
	struct prog p = { calloc(PROLOGUE_INSNS + n_rules * INSNS_PER_RULE, sizeof(*p.insn)), 0 };

	if (!p.insn)
		return lct_err(err, -ENOMEM, "device filter");
	emit_prologue(&p);
	for (size_t i = n_rules; i-- > 0;) {
		const struct lct_device_rule *d = rule_at(r, i);
		int ret_rule = emit_rule(&p, d, err);

		if (ret_rule < 0) {
			free(p.insn);
			return ret_rule;
		}
		if (catch_all(d))
			break;
	}
	*ret = p;
	*ret_rules = n_rules;
	return 0;
}

/* The verifier log's last lines on one line, for an error message. */
static const char *log_tail(char *log)
{
	size_t len = strnlen(log, LOG_SIZE - 1);
	char *tail;

	while (len > 0 && log[len - 1] == '\n')
		log[--len] = '\0';
	tail = log + (len > LOG_TAIL ? len - LOG_TAIL : 0);
	/* from the start of a line */
	if (tail > log && tail[-1] != '\n' && strchr(tail, '\n'))
		tail = strchr(tail, '\n') + 1;
	for (char *c = tail; *c; c++)
		if (*c == '\n')
			*c = ';';
	return tail;
}

static int load(const struct prog *p, size_t n_rules, bool with_log, struct libct_error *err)
{
	_cleanup_free_ char *log = with_log ? calloc(1, LOG_SIZE) : NULL;
	union bpf_attr attr = { 0 };
	int fd, e;

	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = ptr_to_u64(p->insn);
	attr.insn_cnt = (uint32_t)p->n;
	attr.license = ptr_to_u64("GPL");
	snprintf(attr.prog_name, sizeof(attr.prog_name), "%s", PROG_NAME);
	if (log) {
		attr.log_buf = ptr_to_u64(log);
		attr.log_size = LOG_SIZE;
		attr.log_level = 1;
	}
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd >= 0)
		return fd;
	e = errno;
	if ((e == EINVAL || e == EACCES) && !with_log)
		return load(p, n_rules, true, err);
	if (log && *log)
		return lct_err_msg(err, -e, "load the device filter (%zu rules): %s; verifier: %s",
				   n_rules, strerror(e), log_tail(log));
	return lct_err(err, -e, "load the device filter (%zu rules)", n_rules);
}

/* A program fd for id when it is one of ours (a device program named
 * PROG_NAME); -EBADF when it is someone else's or already gone. */
static int our_prog(uint32_t id)
{
	struct bpf_prog_info info = { 0 };
	union bpf_attr attr = { 0 };
	int fd;

	attr.prog_id = id;
	fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
	if (fd < 0)
		return -EBADF;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (uint32_t)fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = ptr_to_u64(&info);
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0 &&
	    info.type == BPF_PROG_TYPE_CGROUP_DEVICE && strcmp(info.name, PROG_NAME) == 0)
		return fd;
	close(fd);
	return -EBADF;
}

/* Fds of our device programs attached to dirfd itself (not inherited ones). */
static int query_ours(int dirfd, const char *dir, int *fds, size_t *ret_n, struct libct_error *err)
{
	uint32_t ids[MAX_ATTACHED];
	union bpf_attr attr = { 0 };
	size_t n = 0;

	attr.query.target_fd = (uint32_t)dirfd;
	attr.query.attach_type = BPF_CGROUP_DEVICE;
	attr.query.prog_ids = ptr_to_u64(ids);
	attr.query.prog_cnt = MAX_ATTACHED;
	if (sys_bpf(BPF_PROG_QUERY, &attr) < 0)
		return lct_err(err, -errno, "query the device filters of '%s'", dir);
	for (uint32_t i = 0; i < attr.query.prog_cnt && i < MAX_ATTACHED; i++) {
		int fd = our_prog(ids[i]);

		if (fd >= 0)
			fds[n++] = fd;
	}
	*ret_n = n;
	return 0;
}

static int attach(int dirfd, int prog_fd, int replace_fd)
{
	union bpf_attr attr = { 0 };

	attr.target_fd = (uint32_t)dirfd;
	attr.attach_bpf_fd = (uint32_t)prog_fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (replace_fd >= 0) {
		attr.attach_flags |= BPF_F_REPLACE;
		attr.replace_bpf_fd = (uint32_t)replace_fd;
	}
	return sys_bpf(BPF_PROG_ATTACH, &attr) < 0 ? -errno : 0;
}

static int detach(int dirfd, int prog_fd)
{
	union bpf_attr attr = { 0 };

	attr.target_fd = (uint32_t)dirfd;
	attr.attach_bpf_fd = (uint32_t)prog_fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	return sys_bpf(BPF_PROG_DETACH, &attr) < 0 ? -errno : 0;
}

/* Attach prog in place of old: atomically with BPF_F_REPLACE when there is
 * exactly one (Linux 5.6+), else attach and then detach the old ones. Both
 * attached at once is safe: the kernel allows only what every program allows.
 * Returns 1 when replaced atomically. */
static int swap_progs(int dirfd, const char *dir, int prog, const int *old, size_t n_old,
		      struct libct_error *err)
{
	int r = -EINVAL;

	if (n_old == 1)
		r = attach(dirfd, prog, old[0]);
	if (r == 0)
		return 1;
	r = attach(dirfd, prog, -EBADF);
	if (r < 0)
		return lct_err(err, r, "attach the device filter to '%s'", dir);
	for (size_t i = 0; i < n_old; i++) {
		r = detach(dirfd, old[i]);
		if (r < 0 && r != -ENOENT)
			return lct_err(err, r, "detach the old device filter from '%s'", dir);
	}
	return 0;
}

static void close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		closep(&fds[i]);
}

int lct_cgroup_devices_bpf_apply(struct lct_cgroup *cg, struct lct_cgroup_hier *h,
				 const struct lct_resources *r, struct libct_error *err)
{
	_cleanup_close_ int dirfd = -EBADF, prog = -EBADF;
	_cleanup_free_ struct bpf_insn *insn = NULL;
	int old[MAX_ATTACHED];
	struct prog p = { 0 };
	size_t n_rules = 0, n_old = 0;
	int ret;

	if (!h->owned)
		return lct_err_msg(err, -EPERM,
				   "device rules: the cgroup '%s' was not created "
				   "by this runtime, its device filter is left alone",
				   h->dir);
	ret = build(r, &p, &n_rules, err);
	if (ret < 0)
		return ret;
	insn = p.insn;
	prog = load(&p, n_rules, false, err);
	if (prog < 0)
		return prog;
	dirfd = open(h->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return lct_err(err, -errno, "open '%s'", h->dir);
	ret = query_ours(dirfd, h->dir, old, &n_old, err);
	if (ret == 0)
		ret = swap_progs(dirfd, h->dir, prog, old, n_old, err);
	close_all(old, n_old);
	if (ret < 0)
		return ret;
	lct_log(cg->s, LIBCT_LOG_DEBUG,
		"device filter of %zu rules (%zu instructions) attached "
		"to '%s'%s",
		n_rules, p.n, h->dir,
		ret == 1 ? ", replacing the old one atomically" :
		n_old	 ? ", old ones detached" :
			   "");
	/* prog closes here: from now on the cgroup holds the program's only reference */
	return 0;
}
