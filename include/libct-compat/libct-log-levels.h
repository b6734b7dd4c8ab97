/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* <libct-log-levels.h> of the original libct: the levels of libct_log_init
 * (declared in <libct/compat.h>). The names are <syslog.h>'s with other
 * values, as they were in the original. */
#ifndef LIBCT_COMPAT_ORIGINAL_LOG_LEVELS_H
#define LIBCT_COMPAT_ORIGINAL_LOG_LEVELS_H

#include "../libct/compat.h"

#define LOG_MSG 0   /* printed at any level */
#define LOG_ERROR 1 /* errors */
#define LOG_WARN 2  /* warnings */
#define LOG_INFO 3  /* information */
#define LOG_DEBUG 4 /* debugging */

#define DEFAULT_LOGLEVEL LOG_WARN

#endif
