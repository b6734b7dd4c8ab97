/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The config.json saved beside a container's state record. */
#include <fcntl.h>

#include "core/saved-config.h"
#include "core/state.h"
#include "util/util.h"

#define SAVED_CONFIG_FILE "config.json"

int lct_saved_config_keep(struct libct_container *ct, const char *text, struct libct_error *err)
{
	char *c = strdup(text);

	if (!c)
		return lct_err(err, -ENOMEM, "keep config.json");
	free(ct->config_text);
	ct->config_text = c;
	return 0;
}

int lct_saved_config_write(struct libct_container *ct, int dirfd, struct libct_error *err)
{
	int r;

	if (!ct->config_text)
		return 0;
	r = lct_write_atomic_at(dirfd, SAVED_CONFIG_FILE, ct->config_text, strlen(ct->config_text),
				err);
	if (r < 0)
		lct_err_prefix(err, "save the config of container '%s'", ct->id);
	return r;
}

int lct_saved_config_read(struct libct_container *ct, char **ret_text, struct libct_error *err)
{
	_cleanup_close_ int dfd = lct_state_dir_open(ct, err);
	char *text = NULL;
	size_t len;
	int r;

	if (dfd < 0)
		return dfd;
	r = lct_read_file_at(dfd, SAVED_CONFIG_FILE, &text, &len, err);
	if (r == -ENOENT) {
		lct_err_clear(err);
		*ret_text = NULL;
		return 0;
	}
	if (r < 0) {
		lct_err_prefix(err, "the saved config of container '%s'", ct->id);
		return r;
	}
	if (strlen(text) != len) {
		free(text);
		return lct_err_msg(err, -EINVAL,
				   "the saved config of container '%s': contains a NUL byte",
				   ct->id);
	}
	*ret_text = text;
	return 0;
}

int lct_saved_config_scratch(const struct libct_container *ct, struct libct_container **ret,
			     struct libct_error *err)
{
	return libct_container_new(ct->session, ct->id, ret, err);
}
