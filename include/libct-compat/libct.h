/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <libct.h> of the original libct, for its programs as they are: with
 * `pkg-config --cflags libct-compat` (-I<includedir>/libct-compat) a
 * program that includes <libct.h> gets the original interface,
 * <libct/compat.h>. See libct_compat(3).
 */
#ifndef LIBCT_COMPAT_ORIGINAL_LIBCT_H
#define LIBCT_COMPAT_ORIGINAL_LIBCT_H

#include "../libct/compat.h"

#endif
