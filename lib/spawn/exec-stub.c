/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The exec stub: a tiny freestanding program that every process entering a
 * container executes first, from a sealed memfd, and that executes the real
 * binary in turn.
 *
 * Why: the process that enters a container is a copy of the runtime until it
 * calls execve. If what it executes is a script whose interpreter is
 * /proc/self/exe, the kernel resolves that interpreter in the exec'ing
 * process, and so would start the runtime binary inside the container, where
 * a container process could reopen it through /proc/PID/exe and overwrite it
 * on the host (CVE-2019-5736). With the stub in between, /proc/self/exe at
 * the last exec is the stub's sealed memfd: it can be executed again (it then
 * exits), never written, and it holds nothing of the host.
 *
 * Invocation: argv[0] = the path to execute, argv[1] = the decimal number of
 * the runtime's report socket ("-1": none), argv[2...] = the process's argv.
 * An execve failure is sent on the report socket in the sync protocol's ERROR
 * shape (lib/spawn/sync.h), with runc's wording; the stub then exits 127.
 *
 * Built with -nostdlib -static -ffreestanding (see lib/spawn/meson.build): no
 * libc, no relocations, one page of code; raw system calls for x86_64 and
 * aarch64. */

#if defined(__x86_64__)
#define NR_write 1
#define NR_fcntl 72
#define NR_execve 59
#define NR_exit 60
static long sys3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}
__asm__(".text\n.global _start\n_start:\n"
	"xor %rbp, %rbp\nmov %rsp, %rdi\nand $-16, %rsp\ncall stub_main\nhlt\n");
#elif defined(__aarch64__)
#define NR_write 64
#define NR_fcntl 25
#define NR_execve 221
#define NR_exit 93
static long sys3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}
__asm__(".text\n.global _start\n_start:\n"
	"mov x29, #0\nmov x30, #0\nmov x0, sp\nand sp, x0, #~15\nbl stub_main\nbrk #0\n");
#else
#error "the exec stub knows x86_64 and aarch64"
#endif

#define F_SETFD 2
#define FD_CLOEXEC 1
#define EPERM 1
#define ENOENT 2
#define EIO 5
#define E2BIG 7
#define ENOEXEC 8
#define ENOMEM 12
#define EACCES 13
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ETXTBSY 26
#define ENAMETOOLONG 36
#define ELOOP 40
#define ELIBBAD 80
#define LCT_SYNC_ERROR 5

static char *put(char *p, char *end, const char *s)
{
	while (*s && p < end)
		*p++ = *s++;
	return p;
}

static const char *reason(long e)
{
	switch (e) {
	case EPERM:
		return "operation not permitted";
	case ENOENT:
		return "no such file or directory";
	case EIO:
		return "input/output error";
	case E2BIG:
		return "argument list too long";
	case ENOEXEC:
		return "exec format error";
	case ENOMEM:
		return "cannot allocate memory";
	case EACCES:
		return "permission denied";
	case ENOTDIR:
		return "not a directory";
	case EISDIR:
		return "is a directory";
	case EINVAL:
		return "invalid argument";
	case ETXTBSY:
		return "text file busy";
	case ENAMETOOLONG:
		return "file name too long";
	case ELOOP:
		return "too many levels of symbolic links";
	case ELIBBAD:
		return "accessing a corrupted shared library";
	default:
		return 0;
	}
}

/* "exec PATH: REASON" (runc's words for a failed execve: the path executed,
 * the errno's text as Go spells it), as the sync protocol's ERROR: a header
 * of three 32-bit words (type, errnum, length), then the text. */
static void report(int fd, const char *path, long e)
{
	char buf[512] __attribute__((aligned(4))), num[24], *p = buf + 12, *end = buf + sizeof(buf);
	const char *why = reason(e);
	unsigned int *h = (unsigned int *)buf;
	long len;

	p = put(p, end, "exec ");
	p = put(p, end, path);
	p = put(p, end, ": ");
	if (why) {
		p = put(p, end, why);
	} else {
		int i = sizeof(num) - 1;
		unsigned long v = (unsigned long)e;

		num[i] = 0;
		do
			num[--i] = (char)('0' + v % 10);
		while ((v /= 10) && i > 0);
		p = put(p, end, "errno ");
		p = put(p, end, num + i);
	}
	len = p - (buf + 12);
	h[0] = LCT_SYNC_ERROR;
	h[1] = (unsigned int)(int)-e;
	h[2] = (unsigned int)len;
	sys3(NR_write, fd, (long)buf, 12 + len);
}

__attribute__((used)) void stub_main(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
	long fd = -1, r;
	const char *s;

	/* anything else (a script naming /proc/self/exe as its interpreter runs
	 * the stub with its own path as argv[1]) ends here */
	if (argc < 3)
		sys3(NR_exit, 127, 0, 0);
	s = argv[1];
	if (s[0] != '-') {
		fd = 0;
		for (; *s; s++) {
			if (*s < '0' || *s > '9' || fd > 65535)
				sys3(NR_exit, 127, 0, 0);
			fd = fd * 10 + (*s - '0');
		}
		/* the socket closes on the exec below: the runtime reads EOF as success */
		sys3(NR_fcntl, fd, F_SETFD, FD_CLOEXEC);
	}
	r = sys3(NR_execve, (long)argv[0], (long)(argv + 2), (long)envp);
	if (fd >= 0)
		report((int)fd, argv[0], -r);
	sys3(NR_exit, 127, 0, 0);
	for (;;)
		;
}
