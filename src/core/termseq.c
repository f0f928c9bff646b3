/* termseq.c - OSC 8 hyperlinks and OSC 52 clipboard copies, built only from vetted text. */
#include "core/termseq.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define URL_MAX 2000

static int printable(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
		if (*p <= 0x20 || *p >= 0x7F || *p == '\\' || *p == '"' || *p == '\'' || *p == '<' || *p == '>' || *p == '`')
			return 0;
	return n > 0 && n <= URL_MAX;
}

int termseq_url_ok(const char *url)
{
	if (!url) return 0;
	int scheme = strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0 ||
		     strncasecmp(url, "mailto:", 7) == 0;
	return scheme && printable(url);
}

size_t termseq_link_open(const char *url, char *out, size_t len)
{
	if (!len) return 0;
	out[0] = '\0';
	if (!termseq_url_ok(url)) return 0;
	int n = snprintf(out, len, "\033]8;;%s\033\\", url);
	if (n < 0 || (size_t)n >= len) { out[0] = '\0'; return 0; }
	return (size_t)n;
}

const char *termseq_link_close(void)
{
	return "\033]8;;\033\\";
}

/* Text for the clipboard: printable ASCII, spaces too (it travels base64-encoded). */
static int copyable(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
		if (*p < 0x20 || *p >= 0x7F) return 0;
	return n > 0 && n <= URL_MAX;
}

char *termseq_copy(const char *text)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (!text || !copyable(text)) return NULL;
	struct buf b = BUF_INIT;
	buf_adds(&b, "\033]52;c;");
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		char q[4] = { b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < n ? b64[v >> 6 & 63] : '=', i + 2 < n ? b64[v & 63] : '=' };
		buf_add(&b, q, 4);
	}
	buf_addc(&b, '\a');
	return buf_take(&b);
}

int termseq_no_color(void)
{
	const char *nc = getenv("NO_COLOR");
	return nc && *nc;
}
