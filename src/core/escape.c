/* escape.c - the escapers of reports and exports: HTML/XML, Markdown, CSV. */
#include "core/escape.h"

#include "core/sanitize.h"

#include <stdlib.h>
#include <string.h>

char *esc_clean(const char *s)
{
	if (!s) return xstrdup("");
	char *t = sanitize_text(s, strlen(s), 1, NULL);
	return t ? t : xstrdup("");
}

void esc_html(struct buf *b, const char *s)
{
	char *t = esc_clean(s);
	for (const char *p = t; *p; p++) {
		switch (*p) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, *p);
		}
	}
	free(t);
}

void esc_md_line(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n' || c == '\t' || c == '\r') c = ' ';
		if (strchr("\\`*_[]<>|&~#!", c) || (i == 0 && strchr("-+=", c))) buf_addc(b, '\\');
		else if ((c == '.' || c == ')') && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') {
			size_t j = i;
			while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9') j--;
			if (j == 0) buf_addc(b, '\\'); /* "1." at the start would begin a list */
		}
		buf_addc(b, c);
	}
}

void esc_md(struct buf *b, const char *s)
{
	char *t = esc_clean(s);
	esc_md_line(b, t, strlen(t));
	free(t);
}

void esc_csv(struct buf *b, const char *s, int free_text, int last)
{
	char *t = esc_clean(s);
	int formula = free_text && t[0] && strchr("=+-@\t\r", t[0]);
	if (formula || strpbrk(t, ",\"\r\n") || t[0] == ' ') {
		buf_addc(b, '"');
		if (formula) buf_addc(b, '\'');
		for (const char *p = t; *p; p++) {
			if (*p == '"') buf_addc(b, '"');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
	} else {
		buf_adds(b, t);
	}
	buf_adds(b, last ? "\r\n" : ",");
	free(t);
}
