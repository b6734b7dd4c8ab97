/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz the state record reader: a libFuzzer target (LLVMFuzzerTestOneInput),
 * and, without libFuzzer, a standalone run of deterministic mutations of a
 * real record (bytes flipped, inserted, cut, values swapped for values of
 * another type). Each is written as <root>/fuzz/state.json and opened with
 * libct_container_open (an error naming the field, or success) and
 * libct_container_open_any (always a handle or ENOENT): never a crash. No
 * cgroup or process is touched: the record's pid is never alive. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libct/libct.h"

static struct libct_session *session;
static char state_file[PATH_MAX + 16];
static long refused, opened;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct libct_container *ct = NULL;
	struct libct_error err;
	FILE *f = fopen(state_file, "we");

	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (libct_container_open(session, "fuzz", &ct, &err) == 0) {
		opened++;
		libct_container_status(ct);
		libct_container_free(ct);
	} else {
		refused++;
		/* a refused record says what is wrong with it */
		if (!*err.message)
			abort();
	}
	if (libct_container_open_any(session, "fuzz", &ct, &err) == 0) {
		libct_container_status(ct);
		libct_container_damage(ct);
		libct_container_free(ct);
	} else if (err.code != -ENOENT && err.code != -ENOMEM) {
		/* a directory with a record, damaged or not, always opens */
		fprintf(stderr, "open_any failed: %s\n", err.message);
		abort();
	}
	return 0;
}

/* the state root and the record's path, made once */
static int setup(void)
{
	static char dir[] = "/tmp/ct-fuzz-state-XXXXXX";
	char sub[64];

	if (session)
		return 0;
	if (!mkdtemp(dir) || libct_session_new(dir, &session, NULL) < 0)
		return -1;
	snprintf(sub, sizeof(sub), "%s/fuzz", dir);
	snprintf(state_file, sizeof(state_file), "%s/state.json", sub);
	return mkdir(sub, 0700);
}

#ifdef CT_LIBFUZZER
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (setup() < 0) {
		fprintf(stderr, "fuzz-state: setup failed\n");
		exit(1);
	}
	return 0;
}
#else
static const char record[] =
	"{\"id\":\"fuzz\",\"pid\":2147483000,\"pid_start_time\":12345,\"bundle\":\"\\/b\","
	"\"root\":\"\\/b\\/rootfs\",\"created\":\"2026-01-01T00:00:00.000000000Z\","
	"\"cgroup\":{\"layout\":\"hybrid\",\"path\":\"ct\\/fuzz\",\"hierarchies\":["
	"{\"version\":1,\"controllers\":\"cpu\",\"mount\":\"\\/nonexistent\\/cpu\","
	"\"dir\":\"\\/nonexistent\\/cpu\\/ct\\/fuzz\",\"owned\":true},"
	"{\"version\":2,\"controllers\":\"\",\"mount\":\"\\/nonexistent\\/unified\","
	"\"dir\":\"\\/nonexistent\\/unified\\/ct\\/fuzz\",\"owned\":true}]},"
	"\"annotations\":[\"a=b\"],\"namespaces\":{\"pid\":\"\",\"mount\":\"\",\"network\":"
	"\"\\/proc\\/1\\/ns\\/net\"},\"hooks\":{\"poststop\":[{\"path\":\"\\/bin\\/true\","
	"\"args\":[\"true\"],\"env\":[\"A=1\"],\"timeout\":5}]},"
	"\"net\":[{\"kind\":\"veth\",\"host\":\"veth0\",\"ct\":\"eth0\",\"host_ifindex\":7,"
	"\"ct_ifindex\":2,\"move_back\":false,\"was_up\":true}]}";
static const char *const values[] = { "5",
				      "\"x\"",
				      "[]",
				      "{}",
				      "null",
				      "true",
				      "-1",
				      "[5]",
				      "{\"a\":5}",
				      "\"\"",
				      "99999999999999999999" };
static unsigned long long seed = 0x9e3779b97f4a7c15ULL;

static unsigned long long next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* Replace the value after a ':' at or after at with one of another type. */
static size_t swap_value(char *buf, size_t n, size_t at, size_t cap)
{
	char *colon = memchr(buf + at, ':', n - at), *end;
	const char *v = values[next() % (sizeof(values) / sizeof(values[0]))];
	size_t vl = strlen(v), depth = 0;

	if (!colon)
		return n;
	for (end = colon + 1; end < buf + n; end++) {
		if (*end == '{' || *end == '[')
			depth++;
		else if ((*end == '}' || *end == ']') && depth-- == 0)
			break;
		else if (*end == ',' && depth == 0)
			break;
	}
	if (n - (size_t)(end - buf) + (size_t)(colon + 1 - buf) + vl >= cap)
		return n;
	memmove(colon + 1 + vl, end, (size_t)(buf + n - end));
	memcpy(colon + 1, v, vl);
	return (size_t)(colon + 1 - buf) + vl + (size_t)(buf + n - end);
}

int main(int argc, char **argv)
{
	static const char junk[] = "{}[],:\"0123456789-.eEtruefalsnul \\/\n";
	long rounds = argc > 1 ? atol(argv[1]) : 3000;
	size_t len = strlen(record);

	if (setup() < 0) {
		printf("Bail out! setup\n");
		return 1;
	}
	LLVMFuzzerTestOneInput((const unsigned char *)record, len);
	if (opened != 1) {
		printf("not ok 1 - the unmutated record opens\n1..1\n");
		return 1;
	}
	printf("ok 1 - the unmutated record opens\n");
	for (long i = 0; i < rounds; i++) {
		char buf[8192];
		size_t n = len;

		memcpy(buf, record, n);
		for (int m = 0; m < 1 + (int)(next() % 4); m++) {
			size_t at = n ? next() % n : 0;

			switch (next() % 4) {
			case 0: /* flip a byte to a JSON-ish one */
				buf[at] = junk[next() % (sizeof(junk) - 1)];
				break;
			case 1: /* insert one */
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = junk[next() % (sizeof(junk) - 1)];
				n++;
				break;
			case 2: /* a value of another type */
				n = swap_value(buf, n, at, sizeof(buf));
				break;
			default: /* cut the rest */
				n = at;
			}
		}
		LLVMFuzzerTestOneInput((const unsigned char *)buf, n);
	}
	printf("ok 2 - %ld mutated state records: %ld refused with a message, %ld opened, "
	       "open_any always a handle\n1..2\n",
	       rounds, refused, opened - 1);
	libct_session_free(session);
	unlink(state_file);
	*strrchr(state_file, '/') = '\0';
	rmdir(state_file);
	*strrchr(state_file, '/') = '\0';
	rmdir(state_file);
	return 0;
}
#endif
