/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Prints the calling process's NUMA memory policy as get_mempolicy(2) gives
 * it: "mode=N flags=0xF nodes=0xMASK" (the first word of the node mask). Built
 * static, to run in a busybox container. */
#include <linux/mempolicy.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned long mask[16] = { 0 };
	int mode = -1;

	if (syscall(SYS_get_mempolicy, &mode, mask, sizeof(mask) * 8, NULL, 0) < 0) {
		perror("get_mempolicy");
		return 1;
	}
	printf("mode=%d flags=0x%x nodes=0x%lx\n", mode & ~MPOL_MODE_FLAGS,
	       (unsigned int)(mode & MPOL_MODE_FLAGS), mask[0]);
	return 0;
}
