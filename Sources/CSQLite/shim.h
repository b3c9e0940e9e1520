#ifndef TRACTOK_CSQLITE_SHIM_H
#define TRACTOK_CSQLITE_SHIM_H
#include <sqlite3.h>

/* replaces the macro SQLITE_TRANSIENT, a function-pointer cast Swift cannot import */
static inline sqlite3_destructor_type tk_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
