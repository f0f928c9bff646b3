/* buf.h - growable byte buffer with printf-style appends. */
#ifndef PWAF_BUF_H
#define PWAF_BUF_H

#include <stddef.h>

struct buf {
	char *data;   /* always NUL-terminated once anything was added; NULL when empty */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Append n bytes. Aborts the process when memory is exhausted (a CLI cannot recover). */
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Return the contents (never NULL: "" when empty) and keep ownership. */
const char *buf_str(const struct buf *b);
/* Hand the string to the caller (malloc'd, never NULL) and reset the buffer. */
char *buf_take(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* Format a message into a fixed buffer (error strings handed back to callers). */
void msg_set(char *dst, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* xmalloc family: abort with a message on exhaustion. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
