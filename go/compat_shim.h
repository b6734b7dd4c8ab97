/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The <libct/compat.h> functions under names of their own (gc_*), so that
 * cgo, which keeps one C namespace for the package, never sees them beside
 * the <libct/libct.h> functions of the same name (modern.go). */
#ifndef LIBCT_GO_COMPAT_SHIM_H
#define LIBCT_GO_COMPAT_SHIM_H
#include <stdlib.h>
#include <libct/compat.h>

static inline int gc_is_err(void *h)
{
	return libct_handle_is_err(h);
}
static inline long gc_to_err(void *h)
{
	return libct_handle_to_err(h);
}
static inline libct_session_t gc_session_open_local(void)
{
	return libct_session_open_local();
}
static inline libct_session_t gc_session_open(char *url)
{
	return libct_session_open(url);
}
static inline void gc_session_close(libct_session_t s)
{
	libct_session_close(s);
}
static inline const char *gc_last_error(libct_session_t s)
{
	return libct_session_last_error(s);
}
static inline ct_handler_t gc_ct_create(libct_session_t s, char *n)
{
	return libct_container_create(s, n);
}
static inline ct_handler_t gc_ct_open(libct_session_t s, char *n)
{
	return libct_container_open(s, n);
}
static inline void gc_ct_close(ct_handler_t ct)
{
	libct_container_close(ct);
}
static inline int gc_ct_state(ct_handler_t ct)
{
	return libct_container_state(ct);
}
static inline ct_process_t gc_ct_load(ct_handler_t ct, pid_t pid)
{
	return libct_container_load(ct, pid);
}
static inline ct_process_t gc_spawn_execve(ct_handler_t ct, ct_process_desc_t p, char *path,
					   char **argv, char **env)
{
	return libct_container_spawn_execve(ct, p, path, argv, env);
}
static inline ct_process_t gc_enter_execve(ct_handler_t ct, ct_process_desc_t p, char *path,
					   char **argv, char **env)
{
	return libct_container_enter_execve(ct, p, path, argv, env);
}
static inline int gc_ct_kill(ct_handler_t ct)
{
	return libct_container_kill(ct);
}
static inline int gc_ct_wait(ct_handler_t ct)
{
	return libct_container_wait(ct);
}
static inline void gc_ct_destroy(ct_handler_t ct)
{
	libct_container_destroy(ct);
}
static inline int gc_ct_pause(ct_handler_t ct)
{
	return libct_container_pause(ct);
}
static inline int gc_ct_resume(ct_handler_t ct)
{
	return libct_container_resume(ct);
}
static inline int gc_set_nsmask(ct_handler_t ct, unsigned long m)
{
	return libct_container_set_nsmask(ct, m);
}
static inline int gc_set_nspath(ct_handler_t ct, int ns, char *p)
{
	return libct_container_set_nspath(ct, ns, p);
}
static inline int gc_set_sysctl(ct_handler_t ct, char *n, char *v)
{
	return libct_container_set_sysctl(ct, n, v);
}
static inline int gc_uname(ct_handler_t ct, char *h, char *d)
{
	return libct_container_uname(ct, h, d);
}
static inline int gc_set_root(ct_handler_t ct, char *p)
{
	return libct_fs_set_root(ct, p);
}
static inline int gc_add_uid_map(ct_handler_t ct, unsigned a, unsigned b, unsigned c)
{
	return libct_userns_add_uid_map(ct, a, b, c);
}
static inline int gc_add_gid_map(ct_handler_t ct, unsigned a, unsigned b, unsigned c)
{
	return libct_userns_add_gid_map(ct, a, b, c);
}
static inline int gc_add_bind_mount(ct_handler_t ct, char *s, char *d, int f)
{
	return libct_fs_add_bind_mount(ct, s, d, f);
}
static inline int gc_add_mount(ct_handler_t ct, char *s, char *d, int f, char *t, char *data,
			       struct libct_cmd *pre, struct libct_cmd *post)
{
	return libct_fs_add_mount_with_actions(ct, s, d, f, t, data, pre, post);
}
static inline int gc_add_devnode(ct_handler_t ct, char *p, int mode, int ma, int mi)
{
	return libct_fs_add_devnode(ct, p, mode, ma, mi);
}
static inline int gc_ctl_add(ct_handler_t ct, int c)
{
	return libct_controller_add(ct, c);
}
static inline int gc_ctl_configure(ct_handler_t ct, int c, char *p, char *v)
{
	return libct_controller_configure(ct, c, p, v);
}
static inline int gc_ctl_read(ct_handler_t ct, int c, char *p, void *buf, size_t len)
{
	return libct_controller_read(ct, c, p, buf, len);
}
static inline struct libct_processes *gc_processes(ct_handler_t ct)
{
	return libct_container_processes(ct);
}
static inline void gc_processes_free(struct libct_processes *p)
{
	libct_processes_free(p);
}
static inline int gc_processes_get(struct libct_processes *p, int i)
{
	return p->array[i];
}
static inline int gc_set_option(ct_handler_t ct, int o)
{
	return libct_container_set_option(ct, o, NULL);
}
static inline int gc_set_console_fd(ct_handler_t ct, int fd)
{
	return libct_container_set_console_fd(ct, fd);
}
static inline ct_net_t gc_net_veth(ct_handler_t ct, char *h, char *c)
{
	struct ct_net_veth_arg a = { h, c };
	return libct_net_add(ct, CT_NET_VETH, &a);
}
static inline ct_net_t gc_net_peer(ct_net_t n)
{
	return libct_net_dev_get_peer(n);
}
static inline int gc_net_add_ip(ct_net_t n, char *a)
{
	return libct_net_dev_add_ip_addr(n, a);
}
static inline int gc_net_set_master(ct_net_t n, char *m)
{
	return libct_net_dev_set_master(n, m);
}
static inline int gc_net_set_mtu(ct_net_t n, int m)
{
	return libct_net_dev_set_mtu(n, m);
}
static inline ct_net_route_t gc_route_add(ct_handler_t ct)
{
	return libct_net_route_add(ct);
}
static inline int gc_route_set_src(ct_net_route_t r, char *a)
{
	return libct_net_route_set_src(r, a);
}
static inline int gc_route_set_dst(ct_net_route_t r, char *a)
{
	return libct_net_route_set_dst(r, a);
}
static inline int gc_route_set_dev(ct_net_route_t r, char *a)
{
	return libct_net_route_set_dev(r, a);
}
static inline ct_net_route_nh_t gc_route_add_nh(ct_net_route_t r)
{
	return libct_net_route_add_nh(r);
}
static inline int gc_nh_set_gw(ct_net_route_nh_t n, char *a)
{
	return libct_net_route_nh_set_gw(n, a);
}
static inline int gc_nh_set_dev(ct_net_route_nh_t n, char *a)
{
	return libct_net_route_nh_set_dev(n, a);
}
static inline ct_process_desc_t gc_pd_create(libct_session_t s)
{
	return libct_process_desc_create(s);
}
static inline void gc_pd_destroy(ct_process_desc_t p)
{
	libct_process_desc_destroy(p);
}
static inline int gc_pd_setuid(ct_process_desc_t p, unsigned u)
{
	return libct_process_desc_setuid(p, u);
}
static inline int gc_pd_setgid(ct_process_desc_t p, unsigned g)
{
	return libct_process_desc_setgid(p, g);
}
static inline int gc_pd_set_user(ct_process_desc_t p, char *u)
{
	return libct_process_desc_set_user(p, u);
}
static inline int gc_pd_set_caps(ct_process_desc_t p, unsigned long m, unsigned a)
{
	return libct_process_desc_set_caps(p, m, a);
}
static inline int gc_pd_set_pdeathsig(ct_process_desc_t p, int s)
{
	return libct_process_desc_set_pdeathsig(p, s);
}
static inline int gc_pd_set_lsm_label(ct_process_desc_t p, char *l)
{
	return libct_process_desc_set_lsm_label(p, l);
}
static inline int gc_pd_set_env(ct_process_desc_t p, char **e, int n)
{
	return libct_process_desc_set_env(p, e, n);
}
static inline int gc_pd_set_rlimit(ct_process_desc_t p, int r, uint64_t s, uint64_t h)
{
	return libct_process_desc_set_rlimit(p, r, s, h);
}
static inline int gc_pd_set_fds(ct_process_desc_t p, int *fds, int n)
{
	return libct_process_desc_set_fds(p, fds, n);
}
static inline int gc_proc_wait(ct_process_t p, int *st)
{
	return libct_process_wait(p, st);
}
static inline void gc_proc_destroy(ct_process_t p)
{
	libct_process_destroy(p);
}
static inline int gc_proc_pid(ct_process_t p)
{
	return libct_process_get_pid(p);
}
#endif
