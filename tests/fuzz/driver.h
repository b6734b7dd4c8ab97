/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The fuzz targets' shared parts: a session and a bundle with a rootfs made
 * once (so that parsing reaches past root.path), and, without libFuzzer, a
 * standalone main that feeds deterministic mutations of a seed (bytes
 * flipped to JSON-ish ones, inserted, the rest cut) and prints TAP.
 *
 * A target defines fuzz_seed() (the text mutations start from) and
 * LLVMFuzzerTestOneInput(). Build with clang -fsanitize=fuzzer and
 * -DCT_LIBFUZZER for libFuzzer (meson -Dlibfuzzer=true). */
#ifndef CT_FUZZ_DRIVER_H
#define CT_FUZZ_DRIVER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libct/libct.h"

static struct libct_session *fuzz_session;
static char fuzz_dir[] = "/tmp/ct-fuzz-XXXXXX";

/* the seed of the standalone run: a malloc'ed text */
static char *fuzz_seed(void);

/* tmp/state (the session), tmp/bundle/rootfs; cwd is the bundle */
static int fuzz_setup(void)
{
	char p[64];

	if (fuzz_session)
		return 0;
	if (!mkdtemp(fuzz_dir))
		return -1;
	snprintf(p, sizeof(p), "%s/bundle", fuzz_dir);
	if (mkdir(p, 0755) < 0 || chdir(p) < 0 || mkdir("rootfs", 0755) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/state", fuzz_dir);
	return libct_session_new(p, &fuzz_session, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (fuzz_setup() < 0) {
		fprintf(stderr, "fuzz: setup in %s failed\n", fuzz_dir);
		exit(1);
	}
	return 0;
}

#ifndef CT_LIBFUZZER
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned long long fuzz_rng = 0x9e3779b97f4a7c15ULL;

static unsigned long long fuzz_next(void)
{
	fuzz_rng ^= fuzz_rng << 13;
	fuzz_rng ^= fuzz_rng >> 7;
	fuzz_rng ^= fuzz_rng << 17;
	return fuzz_rng;
}

int main(int argc, char **argv)
{
	static const char junk[] = "{}[],:\"0123456789-.eEtruefalsnul \\/\n";
	long rounds = argc > 1 ? atol(argv[1]) : 3000;
	char *seed = fuzz_seed();
	size_t len = seed ? strlen(seed) : 0;

	if (!seed || LLVMFuzzerInitialize(&argc, &argv) < 0) {
		printf("Bail out! setup\n");
		return 1;
	}
	for (long i = 0; i < rounds; i++) {
		char buf[16384];
		size_t n = len < sizeof(buf) - 64 ? len : sizeof(buf) - 64;

		memcpy(buf, seed, n);
		for (int m = 0; m < 1 + (int)(fuzz_next() % 4); m++) {
			size_t at = n ? fuzz_next() % n : 0;

			switch (fuzz_next() % 3) {
			case 0:
				buf[at] = junk[fuzz_next() % (sizeof(junk) - 1)];
				break;
			case 1:
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = junk[fuzz_next() % (sizeof(junk) - 1)];
				n++;
				break;
			default:
				n = at;
			}
		}
		LLVMFuzzerTestOneInput((const unsigned char *)buf, n);
	}
	printf("ok 1 - %ld mutated inputs of %s parsed or refused without a crash\n1..1\n", rounds,
	       argv[0]);
	libct_session_free(fuzz_session);
	free(seed);
	return 0;
}
#endif

#endif
