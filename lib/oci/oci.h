/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The OCI runtime-spec translation (config.json -> public libct setters). Only the
 * files in lib/oci know JSON; everything here reaches the container through the
 * same calls a C user makes. */
#ifndef LCT_OCI_H
#define LCT_OCI_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h" /* LCT_OCI_VERSION */
#include "libct/libct.h"

/* Room for a JSON path such as "linux.resources.blockIO.weightDevice[2].major". */
#define LCT_OCI_PATH_MAX 512

/* What one load works on. */
struct lct_oci {
	struct libct_container *ct; /* NULL when loading a process.json alone */
	struct libct_process_desc *pd;
	const char *bundle; /* absolute, or NULL (relative paths then resolve from the cwd) */
	/* the config saved at create, read for an exec: the root is not
	 * needed, and the bundle was resolved then */
	bool saved;
	struct libct_error *err;
};

/* ------------------------------------------------------ json.c: typed getters
 * Member getters return 1 when the member is there (and set *ret), 0 when it is
 * absent or JSON null (*ret untouched; with required: -EINVAL "PATH: missing"),
 * and -EINVAL with "PATH: must be ..." when it has the wrong type or range.
 * Value checks (lct_oci_want_*) take the full path of the value and return 0. */

/* "parent.key" (or "key" when parent is empty) into buf; returns buf. */
const char *lct_oci_path(char *buf, const char *parent, const char *key);
/* "parent[i]" into buf; returns buf. */
const char *lct_oci_path_index(char *buf, const char *parent, size_t i);
/* The member key of obj; NULL when obj is no object, the key is absent or null. */
struct json_object *lct_oci_member(struct json_object *obj, const char *key);

int lct_oci_want_string(struct json_object *v, const char *path, const char **ret,
			struct libct_error *err);
int lct_oci_want_object(struct json_object *v, const char *path, struct libct_error *err);
/* An integer in [min, max]; doubles ("1.0") are refused as Go's encoding/json does. */
int lct_oci_want_int(struct json_object *v, const char *path, int64_t min, int64_t max,
		     int64_t *ret, struct libct_error *err);
int lct_oci_want_uint64(struct json_object *v, const char *path, uint64_t *ret,
			struct libct_error *err);

int lct_oci_get_string(struct json_object *obj, const char *parent, const char *key, bool required,
		       const char **ret, struct libct_error *err);
int lct_oci_get_bool(struct json_object *obj, const char *parent, const char *key, bool required,
		     bool *ret, struct libct_error *err);
int lct_oci_get_int(struct json_object *obj, const char *parent, const char *key, bool required,
		    int64_t min, int64_t max, int64_t *ret, struct libct_error *err);
int lct_oci_get_uint64(struct json_object *obj, const char *parent, const char *key, bool required,
		       uint64_t *ret, struct libct_error *err);
/* uint32 fields (ids, sizes, modes). */
int lct_oci_get_u32(struct json_object *obj, const char *parent, const char *key, bool required,
		    uint32_t *ret, struct libct_error *err);
int lct_oci_get_object(struct json_object *obj, const char *parent, const char *key, bool required,
		       struct json_object **ret, struct libct_error *err);
int lct_oci_get_array(struct json_object *obj, const char *parent, const char *key, bool required,
		      struct json_object **ret, struct libct_error *err);
/* An array of strings as a new NULL-terminated vector of pointers into the JSON
 * (free the vector only); *ret_n its length. */
int lct_oci_get_strv(struct json_object *obj, const char *parent, const char *key, bool required,
		     const char ***ret, size_t *ret_n, struct libct_error *err);
/* "PATH: must be an absolute path" unless s starts with '/'. */
int lct_oci_want_abs(const char *s, const char *path, struct libct_error *err);

/* ------------------------------------------------------------ the sections */

/* process (oci-process.c). */
int lct_oci_process(struct lct_oci *o, struct json_object *process);
/* process.ioPriority, .scheduler, .execCPUAffinity; linux.personality (oci-sched.c). */
int lct_oci_process_sched(struct lct_oci *o, struct json_object *process);
int lct_oci_personality(struct lct_oci *o, struct json_object *linux_);
/* linux.memoryPolicy (oci-sched.c), into the process description. */
int lct_oci_memory_policy(struct lct_oci *o, struct json_object *linux_);
/* linux (linux.c): namespaces, id maps, devices, sysctl, paths, cgroupsPath. */
int lct_oci_linux(struct lct_oci *o, struct json_object *linux_);
/* linux.resources (oci-resources.c). */
int lct_oci_resources(struct lct_oci *o, struct json_object *res);
/* The key of scalar resource res in linux.resources.SECTION (section in
 * *ret_section), NULL when config.json has none. */
const char *lct_oci_resource_key(enum libct_resource res, const char **ret_section);
/* linux.seccomp (oci-seccomp.c), into the process description. */
int lct_oci_seccomp(struct lct_oci *o, struct json_object *seccomp);

#endif
