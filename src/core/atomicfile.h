/* atomicfile.h - write output files so readers see the old or the new contents, never half, and
 * never replace a device (--output /dev/null) or a FIFO with a regular file. */
#ifndef PWAF_ATOMICFILE_H
#define PWAF_ATOMICFILE_H

#include <stddef.h>

/*
 * Write data to path. A regular file (or a new one) is written through a temporary file in the
 * same directory, synced and renamed into place, with mode 0666 & ~umask. Anything else that
 * exists there (a character device, a FIFO) is written to directly. Returns 0, or -1 with a
 * message naming path in err (nothing is left behind).
 */
int atomic_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

/* Rename tmp over path, refusing (-1, message in err, tmp removed) when path exists and is not a
 * regular file: a database cannot be streamed to a device. */
int atomic_replace(const char *tmp, const char *path, char *err, size_t errlen);

#endif
