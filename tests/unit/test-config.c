/* Unit: the container and process-description setters, their checks and messages. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>

#include "core/internal.h"
#include "tap.h"

int main(void)
{
	char dir[] = "/tmp/ct-unit-XXXXXX";
	struct libct_session *s;
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd;
	struct libct_error err = { 0 };
	enum libct_ns ns;
	int res;

	if (!mkdtemp(dir) || libct_session_new(dir, &s, &err) < 0) {
		printf("Bail out! session: %s\n", err.message);
		return 1;
	}
	CHECK(libct_container_new(s, "../x", &ct, &err) == -EINVAL, "an id with '/' is refused");
	CHECK_CONTAINS(err.message, "invalid container id '../x'", "id error text");
	CHECK(libct_container_new(s, "..", &ct, &err) == -EINVAL, "'..' is refused");
	CHECK(libct_container_new(s, "", &ct, &err) == -EINVAL, "empty id is refused");
	CHECK(libct_container_new(s, "ok-id_1.2+3", &ct, &err) == 0, "a valid id");

	CHECK(libct_container_set_namespace(ct, LIBCT_NS_PID, NULL, &err) == 0, "new pid ns");
	CHECK(libct_container_set_namespace(ct, LIBCT_NS_PID, NULL, &err) == -EINVAL,
	      "the same namespace twice");
	CHECK_CONTAINS(err.message, "namespace 'pid' given twice", "duplicate ns text");
	CHECK(libct_container_set_namespace(ct, LIBCT_NS_NET, "rel/path", &err) == -EINVAL,
	      "relative namespace path");
	CHECK(libct_container_set_namespace(ct, LIBCT_NS_NET, "/proc/1/ns/net", &err) == 0 &&
		      strcmp(ct->cfg.ns_path[LIBCT_NS_NET], "/proc/1/ns/net") == 0,
	      "namespace by path");
	CHECK(libct_ns_from_string("network", &ns) == 0 && ns == LIBCT_NS_NET, "ns name network");
	CHECK(libct_ns_from_string("net", &ns) == -EINVAL, "'net' is not the OCI name");
	CHECK_STR(libct_ns_to_string(LIBCT_NS_MOUNT), "mount", "ns to string");

	CHECK(libct_container_add_uid_map(ct, 0, 1000, 0, &err) == -EINVAL, "zero-size id map");
	CHECK(libct_container_add_uid_map(ct, 0, 1000, 10, &err) == 0 && ct->cfg.n_uid_maps == 1,
	      "uid map");
	CHECK(libct_container_set_root(ct, "rootfs", false, &err) == -EINVAL, "relative root");
	CHECK(libct_container_set_hostname(ct,
					   "a-very-long-hostname-that-is-longer-than-sixty-"
					   "four-characters-for-sure",
					   &err) == -EINVAL,
	      "hostname over 64 characters");
	CHECK(libct_container_add_sysctl(ct, "../../etc", "1", &err) == -EINVAL, "sysctl with ..");
	CHECK(libct_container_add_mount(ct, "x", "rel", "tmpfs", NULL, 0, &err) == -EINVAL,
	      "relative mount destination");
	CHECK_CONTAINS(err.message, "must be an absolute path", "mount destination text");
	CHECK(libct_container_add_mount(ct, "/etc", "/x", "none", NULL, 0, &err) == -EINVAL,
	      "a mount of type none without bind");
	CHECK_CONTAINS(err.message, "mount on '/x': no type, and not a bind mount", "its text");
	CHECK(ct->cfg.n_mounts == 0, "nothing added");
	CHECK(libct_container_add_device(ct, "/dev/x", 'q', 1, 1, 0, 0, 0, &err) == -EINVAL,
	      "unknown device type");
	CHECK(libct_container_add_device(ct, "/dev/x", 'c', 1, 1, 0, 0, 0, &err) == 0 &&
		      ct->cfg.devices[0].mode == 0666,
	      "device default mode 0666");

	CHECK(libct_container_set_resource(ct, LIBCT_MEMORY_SWAPPINESS, 101, &err) == -ERANGE,
	      "swappiness over 100");
	CHECK_CONTAINS(err.message, "memory swappiness 101 is out of range", "range text");
	CHECK(libct_container_set_resource(ct, LIBCT_MEMORY_LIMIT, -1, &err) == 0,
	      "memory -1 (unlimited)");
	CHECK(libct_container_set_resource(ct, LIBCT_CPU_SHARES, 1024, &err) == 0 &&
		      ct->cfg.res.set[LIBCT_CPU_SHARES] &&
		      ct->cfg.res.value[LIBCT_CPU_SHARES] == 1024,
	      "cpu shares stored");
	CHECK(libct_container_set_cgroup_path(ct, "/a/../b", &err) == -EINVAL,
	      "cgroup path with ..");
	CHECK(libct_container_set_cpuset(ct, "0-1;", NULL, &err) == -EINVAL, "bad cpuset list");
	CHECK(libct_container_add_device_rule(ct, true, 'c', 1, 3, "rwx", &err) == -EINVAL,
	      "bad device access");
	CHECK(libct_container_add_device_rule(ct, false, 'a', -1, -1, NULL, &err) == 0 &&
		      strcmp(ct->cfg.res.dev_rules[0].access, "rwm") == 0,
	      "device rule default access rwm");
	CHECK(libct_container_add_device_rule(ct, true, 'c', 1, 3, "rwa", &err) == 0 &&
		      strcmp(ct->cfg.res.dev_rules[1].access, "rw") == 0,
	      "device access rwa is accepted as rw");
	CHECK(libct_container_add_unified(ct, "../memory.max", "1", &err) == -EINVAL,
	      "unified name with /");

	CHECK(libct_process_desc_new(&pd, &err) == 0, "process description");
	CHECK(libct_process_desc_set_args(pd, (const char *[]){ NULL }, &err) == -EINVAL,
	      "empty args");
	CHECK(libct_process_desc_set_env(pd, (const char *[]){ "NOEQUALS", NULL }, &err) == -EINVAL,
	      "env entry without =");
	CHECK(libct_process_desc_set_env(pd, (const char *[]){ "A=1", "B=2", "A=3", NULL }, &err) ==
			      0 &&
		      strcmp(pd->env[0], "B=2") == 0 && strcmp(pd->env[1], "A=3") == 0 &&
		      !pd->env[2],
	      "env: a name given twice keeps its last value");
	CHECK(libct_process_desc_set_cwd(pd, "tmp", &err) == -EINVAL, "relative cwd");
	CHECK(libct_rlimit_from_string("RLIMIT_NOFILE", &res) == 0 && res == RLIMIT_NOFILE,
	      "rlimit name");
	CHECK(libct_rlimit_from_string("RLIMIT_BOGUS", &res) == -EINVAL, "unknown rlimit");
	CHECK(libct_process_desc_add_rlimit(pd, RLIMIT_NOFILE, 10, 5, &err) == -EINVAL,
	      "soft above hard");
	CHECK(libct_process_desc_add_rlimit(pd, RLIMIT_NOFILE, 5, 10, &err) == 0, "rlimit");
	CHECK(libct_process_desc_add_rlimit(pd, RLIMIT_NOFILE, 5, 10, &err) == -EINVAL,
	      "the same rlimit twice");
	CHECK(libct_process_desc_set_oom_score_adj(pd, 1001, &err) == -ERANGE,
	      "oom_score_adj range");
	CHECK(libct_container_create(ct, pd, &err) == -EINVAL, "create without args fails");
	CHECK_CONTAINS(err.message, "process args must not be empty", "create error text");

	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	rmdir(dir);
	return tap_done();
}
