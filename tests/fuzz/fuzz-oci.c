/* Fuzz the config.json parser: a libFuzzer target (LLVMFuzzerTestOneInput),
 * and, without libFuzzer, a standalone run of deterministic mutations of the
 * default spec (bytes flipped, inserted, cut) that must neither crash nor leak
 * a half-built process description. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libct/libct.h"

static struct libct_session *session;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd = NULL;
	struct libct_error err;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (libct_container_new(session, "fuzz", &ct, &err) == 0) {
		if (libct_oci_load_string(ct, NULL, text, &pd, &err) == 0)
			libct_process_desc_free(pd);
		libct_container_free(ct);
	}
	free(text);
	return 0;
}

#ifndef CT_LIBFUZZER
static unsigned long long seed = 0x9e3779b97f4a7c15ULL;

static unsigned long long next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

int main(int argc, char **argv)
{
	static const char junk[] = "{}[],:\"0123456789-.eEtruefalsnul \\/\n";
	char dir[] = "/tmp/ct-fuzz-XXXXXX";
	long rounds = argc > 1 ? atol(argv[1]) : 3000;
	char *spec = libct_oci_default_spec(false);
	size_t len = spec ? strlen(spec) : 0;
	struct libct_error err;

	if (!spec || !mkdtemp(dir) || libct_session_new(dir, &session, &err) < 0) {
		printf("Bail out! setup\n");
		return 1;
	}
	for (long i = 0; i < rounds; i++) {
		char buf[16384];
		size_t n = len < sizeof(buf) - 64 ? len : sizeof(buf) - 64;

		memcpy(buf, spec, n);
		for (int m = 0; m < 1 + (int)(next() % 4); m++) {
			size_t at = n ? next() % n : 0;

			switch (next() % 3) {
			case 0: /* flip a byte to a JSON-ish one */
				buf[at] = junk[next() % (sizeof(junk) - 1)];
				break;
			case 1: /* insert one */
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = junk[next() % (sizeof(junk) - 1)];
				n++;
				break;
			default: /* cut the rest */
				n = at;
			}
		}
		LLVMFuzzerTestOneInput((const unsigned char *)buf, n);
	}
	printf("ok 1 - %ld mutated configs parsed or refused without a crash\n1..1\n", rounds);
	libct_session_free(session);
	rmdir(dir);
	free(spec);
	return 0;
}
#endif
