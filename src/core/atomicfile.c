/* atomicfile.c - atomic output files that leave devices and FIFOs alone. */
#include "core/atomicfile.h"

#include "core/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_special(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

static int write_all(int fd, const char *data, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) return -1;
		off += (size_t)n;
	}
	return 0;
}

static int write_direct(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0 || write_all(fd, data, len) < 0) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0) close(fd);
		return -1;
	}
	return close(fd) == 0 ? 0 : -1;
}

int atomic_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	if (is_special(path)) return write_direct(path, data, len, err, errlen);
	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a file there: %s", path, strerror(errno));
		buf_free(&tmp);
		return -1;
	}
	mode_t um = umask(0);
	umask(um);
	int ok = fchmod(fd, 0666 & ~um) == 0 && write_all(fd, data, len) == 0 && fsync(fd) == 0;
	int saved = errno;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp.data, path) != 0) { saved = errno; ok = 0; }
	if (!ok) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(saved ? saved : EIO));
		unlink(tmp.data);
	}
	buf_free(&tmp);
	return ok ? 0 : -1;
}

int atomic_replace(const char *tmp, const char *path, char *err, size_t errlen)
{
	if (is_special(path)) {
		snprintf(err, errlen, "%s: not a regular file; refusing to replace it", path);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
