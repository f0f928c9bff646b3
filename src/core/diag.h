/* diag.h - collected diagnostics with file:line, printed like a compiler's. */
#ifndef PWAF_DIAG_H
#define PWAF_DIAG_H

#include <stdio.h>

struct diag_entry {
	char *file;
	int line;      /* 1-based; 0 when the message is about the whole file */
	char *msg;
};

struct diag {
	struct diag_entry *v;
	size_t n, cap;
};

void diag_add(struct diag *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Print every entry as "file:line: error: msg" in the order added, file and msg sanitised
 * (sanitize_line: no control character or escape sequence reaches the terminal). */
void diag_print(const struct diag *d, FILE *f);
/* Keep the first n entries (fewer held: nothing changes); the rest are freed. */
void diag_truncate(struct diag *d, size_t n);
void diag_free(struct diag *d);

#endif
