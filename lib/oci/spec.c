/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The default config.json of `ct spec`, equivalent to `runc spec` (and, rootless,
 * `runc spec --rootless`): sh on a terminal, the usual /proc, /dev, /sys mounts,
 * a minimal capability set, masked and read-only /proc and /sys paths. */
#include <stdio.h>
#include <unistd.h>

#include "oci/oci.h"
#include "util/util.h"

/* What both variants share; namespaces, id maps, the devices cgroup and the
 * /sys mount differ and are added by default_spec(). */
static const char base[] =
	"{"
	"\"ociVersion\": \"" LCT_OCI_VERSION "\","
	"\"process\": {"
	"  \"terminal\": true,"
	"  \"user\": { \"uid\": 0, \"gid\": 0 },"
	"  \"args\": [ \"sh\" ],"
	"  \"env\": ["
	"    \"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
	"    \"TERM=xterm\""
	"  ],"
	"  \"cwd\": \"/\","
	"  \"capabilities\": {"
	"    \"bounding\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],"
	"    \"effective\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],"
	"    \"permitted\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],"
	"    \"ambient\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ]"
	"  },"
	"  \"rlimits\": [ { \"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024 } ],"
	"  \"noNewPrivileges\": true"
	"},"
	"\"root\": { \"path\": \"rootfs\", \"readonly\": true },"
	"\"hostname\": \"ct\","
	"\"mounts\": ["
	"  { \"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\" },"
	"  { \"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","
	"    \"options\": [ \"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\" ] },"
	"  { \"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\","
	"    \"options\": [ \"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\","
	"                   \"mode=0620\" ] },"
	"  { \"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\","
	"    \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\" ] },"
	"  { \"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\","
	"    \"options\": [ \"nosuid\", \"noexec\", \"nodev\" ] },"
	"  { \"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\","
	"    \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"ro\" ] },"
	"  { \"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\","
	"    \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\" ] }"
	"],"
	"\"linux\": {"
	"  \"maskedPaths\": ["
	"    \"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\","
	"    \"/proc/latency_stats\", \"/proc/timer_list\", \"/proc/timer_stats\","
	"    \"/proc/sched_debug\", \"/sys/firmware\", \"/proc/scsi\""
	"  ],"
	"  \"readonlyPaths\": ["
	"    \"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\", \"/proc/sysrq-trigger\""
	"  ]"
	"}"
	"}";

static const char rootful_linux[] =
	"{"
	"\"resources\": { \"devices\": [ { \"allow\": false, \"access\": \"rwm\" } ] },"
	"\"namespaces\": [ { \"type\": \"pid\" }, { \"type\": \"network\" }, { \"type\": \"ipc\" },"
	"  { \"type\": \"uts\" }, { \"type\": \"mount\" } ]"
	"}";

/* Rootless: the caller's ids map to root; no network namespace (it could not be
 * configured without privilege); sysfs cannot be mounted in a user namespace
 * that does not own the network namespace, so /sys is a read-only rbind; devpts
 * without gid=5 (gid 5 is not mapped); no devices cgroup (not delegated). */
static const char rootless_linux_fmt[] =
	"{"
	"\"uidMappings\": [ { \"containerID\": 0, \"hostID\": %u, \"size\": 1 } ],"
	"\"gidMappings\": [ { \"containerID\": 0, \"hostID\": %u, \"size\": 1 } ],"
	"\"namespaces\": [ { \"type\": \"pid\" }, { \"type\": \"ipc\" }, { \"type\": \"uts\" },"
	"  { \"type\": \"mount\" }, { \"type\": \"user\" } ]"
	"}";

static const char rootless_sys[] = "{ \"destination\": \"/sys\", \"type\": \"none\","
				   "\"source\": \"/sys\", \"options\": [ \"rbind\", \"nosuid\", "
				   "\"noexec\", \"nodev\", \"ro\" ] }";

static const char rootful_devpts_extra[] = "gid=5";

/* Put the members of extra first in obj (in extra's order), then obj's own. */
static struct json_object *merge_front(struct json_object *obj, struct json_object *extra)
{
	struct json_object *out = json_object_new_object();

	if (!out)
		return NULL;
	json_object_object_foreach(extra, k1, v1)
		json_object_object_add(out, k1, json_object_get(v1));
	json_object_object_foreach(obj, k2, v2)
		json_object_object_add(out, k2, json_object_get(v2));
	return out;
}

static int adjust_mounts(struct json_object *spec, bool rootless)
{
	struct json_object *mounts = json_object_object_get(spec, "mounts");

	for (size_t i = 0; i < json_object_array_length(mounts); i++) {
		struct json_object *m = json_object_array_get_idx(mounts, i);
		const char *dest = json_object_get_string(json_object_object_get(m, "destination"));

		if (strcmp(dest, "/dev/pts") == 0 && !rootless) {
			struct json_object *opts = json_object_object_get(m, "options");

			if (json_object_array_add(opts,
						  json_object_new_string(rootful_devpts_extra)))
				return -ENOMEM;
		} else if (strcmp(dest, "/sys") == 0 && rootless) {
			struct json_object *sys = json_tokener_parse(rootless_sys);

			if (!sys || json_object_array_put_idx(mounts, i, sys) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* A default config.json text (like `runc spec`); NULL on ENOMEM. */
LCT_EXPORT char *libct_oci_default_spec(bool rootless)
{
	struct json_object *spec = NULL, *extra = NULL, *lin, *merged;
	_cleanup_free_ char *ltext = NULL;
	char *out = NULL;

	if (rootless)
		ltext = lct_asprintf(rootless_linux_fmt, (unsigned)geteuid(), (unsigned)getegid());
	else
		ltext = strdup(rootful_linux);
	if (!ltext)
		return NULL;
	spec = json_tokener_parse(base);
	extra = json_tokener_parse(ltext);
	if (!spec || !extra || adjust_mounts(spec, rootless) < 0)
		goto out;
	lin = json_object_object_get(spec, "linux");
	merged = merge_front(lin, extra);
	if (!merged)
		goto out;
	/* replacing "linux" keeps its place in the object */
	json_object_object_add(spec, "linux", merged);
	out = lct_strdup_null(json_object_to_json_string_ext(
		spec, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_PRETTY_TAB |
			      JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
out:
	json_object_put(spec);
	json_object_put(extra);
	return out;
}
