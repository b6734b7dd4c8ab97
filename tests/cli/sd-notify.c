/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sd-notify LINE...: the lines as one datagram to $NOTIFY_SOCKET, as
 * sd_notify(3) sends them; static, for a busybox container (notify.sh). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char msg[4096] = "";
	size_t len = 0;
	int fd;

	if (!path || strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "sd-notify: NOTIFY_SOCKET unset or too long\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s%s", i > 1 ? "\n" : "",
					argv[i]);
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || sendto(fd, msg, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("sd-notify");
		return 1;
	}
	return 0;
}
