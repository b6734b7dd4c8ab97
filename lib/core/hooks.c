/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCI hooks: their configuration, and the state each kind is given (the
 * running is lib/spawn/hooks.c's). */
#include "core/internal.h"
#include "core/state.h"
#include "spawn/spawn.h"
#include "util/util.h"

LCT_EXPORT int libct_container_add_hook(struct libct_container *ct, enum libct_hook kind,
					const char *path, const char *const *argv,
					const char *const *env, int timeout,
					struct libct_error *err)
{
	struct lct_hook *h;

	if ((unsigned)kind >= LIBCT_HOOK__MAX)
		return lct_err_msg(err, -EINVAL, "unknown hook kind %d", (int)kind);
	if (!path || path[0] != '/')
		return lct_err_msg(err, -EINVAL, "%s hook: path '%s' must be absolute",
				   libct_hook_to_string(kind), path ? path : "");
	if (timeout < 0)
		return lct_err_msg(err, -EINVAL, "%s hook: timeout must not be negative",
				   libct_hook_to_string(kind));
	h = lct_array_grow(&ct->cfg.hooks[kind], &ct->cfg.n_hooks[kind], sizeof(*h));
	if (!h)
		return lct_err(err, -ENOMEM, "hook");
	h->timeout = timeout;
	h->path = strdup(path);
	h->argv = argv && argv[0] ? lct_strv_copy(argv) : NULL;
	if (!h->argv && h->path)
		lct_strv_push(&h->argv, path);
	/* NULL: the runtime's own environment on the host, as runc and crun
	 * give it; the process's in the container (lib/spawn/hooks.c) */
	h->env = env ? lct_strv_copy(env) : NULL;
	if (!h->path || !h->argv || (env && !h->env)) {
		free(h->path);
		lct_strv_free(h->argv);
		lct_strv_free(h->env);
		ct->cfg.n_hooks[kind]--;
		return lct_err(err, -ENOMEM, "hook");
	}
	return 0;
}

void lct_hooks_free(struct lct_config *cfg)
{
	for (int k = 0; k < LIBCT_HOOK__MAX; k++) {
		for (size_t i = 0; i < cfg->n_hooks[k]; i++) {
			free(cfg->hooks[k][i].path);
			lct_strv_free(cfg->hooks[k][i].argv);
			lct_strv_free(cfg->hooks[k][i].env);
		}
		free(cfg->hooks[k]);
		cfg->hooks[k] = NULL;
		cfg->n_hooks[k] = 0;
	}
}

char *lct_hook_state(struct libct_container *ct, enum libct_hook kind)
{
	static const enum libct_status status_of[LIBCT_HOOK__MAX] = {
		/* runtime-spec: "created" from createRuntime on (prestart
		 * is called at the same point); crun says the same */
		[LIBCT_HOOK_PRESTART] = LIBCT_STATUS_CREATED,
		[LIBCT_HOOK_CREATE_RUNTIME] = LIBCT_STATUS_CREATED,
		[LIBCT_HOOK_CREATE_CONTAINER] = LIBCT_STATUS_CREATED,
		[LIBCT_HOOK_START_CONTAINER] = LIBCT_STATUS_CREATED,
		[LIBCT_HOOK_POSTSTART] = LIBCT_STATUS_RUNNING,
		[LIBCT_HOOK_POSTSTOP] = LIBCT_STATUS_STOPPED,
	};

	return lct_state_json(ct, status_of[kind], false);
}

int lct_hooks_run(struct libct_container *ct, enum libct_hook kind, bool warn_only,
		  struct libct_error *err)
{
	_cleanup_free_ char *state = NULL;

	if (!ct->cfg.n_hooks[kind])
		return 0;
	state = lct_hook_state(ct, kind);
	return lct_hooks_exec(ct->session, &ct->cfg, kind, state, NULL, warn_only, err);
}
