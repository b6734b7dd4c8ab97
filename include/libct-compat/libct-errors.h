/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* <libct-errors.h> of the original libct: the LCTERR_* codes, which
 * <libct/compat.h> defines. */
#ifndef LIBCT_COMPAT_ORIGINAL_ERRORS_H
#define LIBCT_COMPAT_ORIGINAL_ERRORS_H

#include "../libct/compat.h"

#endif
