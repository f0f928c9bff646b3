/* errlen.h - the size of an error message buffer. Two error conventions hold in pwaf: a module
 * with a handle answers x_errmsg(handle) (state_errmsg, cdb_errmsg, ...); every other function that
 * can fail takes "char *err, size_t errlen" and its callers give it char err[PWAF_ERRLEN].
 * Diagnostics about a file's lines (content, config, themes, key bindings) go to a struct diag. */
#ifndef PWAF_ERRLEN_H
#define PWAF_ERRLEN_H

#define PWAF_ERRLEN 1024

#endif
