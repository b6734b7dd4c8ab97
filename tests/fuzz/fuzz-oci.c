/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz the config.json parser: every input is parsed into a container and a
 * process description, or refused with an error; never a crash or a leak of
 * a half-built description. The bundle has a rootfs, so parsing goes on past
 * root.path to everything after it. */
#include "driver.h"

static char *fuzz_seed(void)
{
	return libct_oci_default_spec(false);
}

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
	if (libct_container_new(fuzz_session, "fuzz", &ct, &err) == 0) {
		if (libct_oci_load_string(ct, ".", text, &pd, &err) == 0)
			libct_process_desc_free(pd);
		libct_container_free(ct);
	}
	free(text);
	return 0;
}
