/* readfile.h - read a whole file that comes from outside: a regular file only, never blocking, size capped. */
#ifndef PWAF_READFILE_H
#define PWAF_READFILE_H

#include <stddef.h>

/*
 * Read path whole. It is opened without blocking (a FIFO never waits for a writer) and checked
 * on the open descriptor: anything but a regular file (a FIFO, a directory, a device, also
 * behind a symbolic link) is refused, and so is a file of more than max bytes (before reading,
 * and again if it grows while being read).
 * Returns the contents, NUL-terminated (malloc'd; the text may itself hold NUL bytes: *len says
 * how long it is), or NULL with *missing set to 1 when the file does not exist, else 0 and a
 * message without the path in err ("not a regular file (a FIFO)", "too large: N bytes (at most
 * M KB)", "cannot read: <strerror>").
 */
char *readfile_regular(const char *path, size_t max, size_t *len, int *missing, char *err, size_t errlen);

/* "a FIFO", "a directory", "a character device", ... for a struct stat st_mode. */
const char *readfile_kind(unsigned mode);

#endif
