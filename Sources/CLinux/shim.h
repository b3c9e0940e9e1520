#ifndef TRACTOK_CLINUX_SHIM_H
#define TRACTOK_CLINUX_SHIM_H
#include <sys/prctl.h>

/* replaces prctl(PR_SET_DUMPABLE, 0): prctl is variadic in glibc, and Swift imports no variadic C function */
static inline int tk_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L); }

#endif
