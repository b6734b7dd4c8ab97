/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Networking of the original interface, over the modern net calls. */
#include "compat/compat.h"

void lct_compat_net_free(struct ct_handler *h)
{
}
