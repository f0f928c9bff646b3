/* diag.c - collected diagnostics with file:line. */
#include "core/diag.h"

#include "core/buf.h"
#include "core/sanitize.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_add(struct diag *d, const char *file, int line, const char *fmt, ...)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	d->v[d->n].file = xstrdup(file ? file : "");
	d->v[d->n].line = line;
	d->v[d->n].msg = msg;
	d->n++;
}

void diag_print(const struct diag *d, FILE *f)
{
	for (size_t i = 0; i < d->n; i++) {
		/* File names and messages quote outside text (content, config and theme files). */
		char *file = sanitize_line(d->v[i].file, strlen(d->v[i].file));
		char *msg = sanitize_line(d->v[i].msg, strlen(d->v[i].msg));
		if (d->v[i].line > 0)
			fprintf(f, "%s:%d: error: %s\n", file, d->v[i].line, msg);
		else
			fprintf(f, "%s: error: %s\n", file, msg);
		free(file);
		free(msg);
	}
}

void diag_truncate(struct diag *d, size_t n)
{
	for (; d->n > n; d->n--) {
		free(d->v[d->n - 1].file);
		free(d->v[d->n - 1].msg);
	}
}

void diag_free(struct diag *d)
{
	diag_truncate(d, 0);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
