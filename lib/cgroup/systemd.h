/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The systemd cgroup driver: the container's cgroup is a transient scope that
 * systemd makes over D-Bus (StartTransientUnit), with the limits as unit
 * properties. libsystemd (sd-bus) is loaded with dlopen() at the first call,
 * so that the cgroupfs driver and every other path never load it. */
#ifndef LCT_CGROUP_SYSTEMD_H
#define LCT_CGROUP_SYSTEMD_H

#include <stdbool.h>
#include <sys/types.h>

#include <systemd/sd-bus.h>

#include "core/config.h"

struct lct_cgroup;

/* sd-bus, loaded at run time: one pointer per function the driver calls. */
struct lct_systemd {
	void *dl;
	sd_bus *bus;
	typeof(&sd_bus_open_system) open_system;
	typeof(&sd_bus_open_user) open_user;
	typeof(&sd_bus_flush_close_unref) close_unref;
	typeof(&sd_bus_message_new_method_call) new_method_call;
	typeof(&sd_bus_message_append) append;
	typeof(&sd_bus_message_append_array) append_array;
	typeof(&sd_bus_message_open_container) open_container;
	typeof(&sd_bus_message_close_container) close_container;
	typeof(&sd_bus_message_read) read;
	typeof(&sd_bus_message_unref) message_unref;
	typeof(&sd_bus_call) call;
	typeof(&sd_bus_call_method) call_method;
	typeof(&sd_bus_get_property_string) get_property_string;
	typeof(&sd_bus_error_free) error_free;
	typeof(&sd_bus_error_has_name) error_has_name;
	typeof(&sd_bus_match_signal_async) match_signal_async;
	typeof(&sd_bus_slot_unref) slot_unref;
	typeof(&sd_bus_process) process;
	typeof(&sd_bus_wait) wait;
};

/* systemd.c: the driver's side of the hooks in cgroup.c and serialize.c. */
/* Parse "slice:prefix:name" into the scope's unit and slice names (runc's
 * rules: an empty slice is system.slice; the name may itself be a slice). */
int lct_systemd_parse_path(const char *path, char **ret_slice, char **ret_unit,
			   struct libct_error *err);
/* Connect to systemd on the system bus, or with user to the caller's own
 * systemd on its user bus (rootless); fails with "systemd cgroup driver: no
 * systemd on the system bus (...)" (or user bus) when there is none. */
int lct_systemd_connect(struct lct_systemd **ret, bool user, struct libct_error *err);
void lct_systemd_free(struct lct_systemd *sd);
/* Start the scope with pid in it and wait (bounded) until it is active;
 * set cg's directories to its cgroup and write the limits there. */
int lct_systemd_start(struct lct_cgroup *cg, pid_t pid, struct libct_error *err);
/* SetUnitProperties with the limits of r that systemd has properties for. */
int lct_systemd_update(struct lct_cgroup *cg, const struct lct_resources *r,
		       struct libct_error *err);
/* StopUnit and wait (bounded) until the scope is gone; 0 when it is already. */
int lct_systemd_stop(struct lct_cgroup *cg, struct libct_error *err);

/* systemd-props.c */
/* Append to m (inside its a(sv) container) the unit properties of r:
 * MemoryMax, MemoryLow, MemorySwapMax, CPUWeight, CPUQuotaPerSecUSec,
 * CPUQuotaPeriodUSec, AllowedCPUs, AllowedMemoryNodes, TasksMax, IOWeight. */
int lct_systemd_props_resources(struct lct_systemd *sd, sd_bus_message *m,
				const struct lct_resources *r, struct libct_error *err);
/* The org.systemd.property.NAME annotations (kv: key, value, ..., NULL) as
 * properties, their values in GVariant text: true/false, "uint64 N",
 * "int64 N", "uint32 N", a bare number (uint64), or a quoted string. */
int lct_systemd_props_annotations(struct lct_systemd *sd, sd_bus_message *m, char *const *kv,
				  struct libct_error *err);

#endif
