// SPDX-License-Identifier: GPL-2.0
/* Instantiates the tracepoints declared in binder_trace.h. */

#define CREATE_TRACE_POINTS
#include "binder_trace.h"
