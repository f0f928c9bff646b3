/* readfile.c - read a whole regular file without blocking, with a size cap. */
#include "core/readfile.h"

#include "core/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *readfile_kind(unsigned mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device"
	       : S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

static void size_msg(char *err, size_t errlen, unsigned long long size, size_t max)
{
	if (max >= (1u << 20) && max % (1u << 20) == 0)
		msg_set(err, errlen, "too large: %llu bytes (at most %zu MB)", size, max >> 20);
	else
		msg_set(err, errlen, "too large: %llu bytes (at most %zu KB)", size, max >> 10);
}

char *readfile_regular(const char *path, size_t max, size_t *len, int *missing, char *err, size_t errlen)
{
	*missing = 0;
	*len = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		*missing = errno == ENOENT;
		msg_set(err, errlen, "cannot read: %s", strerror(errno));
		if (fd >= 0) close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		msg_set(err, errlen, "not a regular file (%s)", readfile_kind(sb.st_mode));
		close(fd);
		return NULL;
	}
	if (sb.st_size < 0 || (unsigned long long)sb.st_size > max) {
		size_msg(err, errlen, (unsigned long long)sb.st_size, max);
		close(fd);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n = 0;
	while (b.len <= max && ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0) buf_add(&b, chunk, (size_t)n);
	int saved = errno;
	close(fd);
	if (n < 0) {
		msg_set(err, errlen, "cannot read: %s", strerror(saved));
		buf_free(&b);
		return NULL;
	}
	if (b.len > max) {
		size_msg(err, errlen, (unsigned long long)b.len, max);
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return buf_take(&b);
}
