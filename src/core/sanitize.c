/* sanitize.c - strip escape sequences, controls and bidi tricks from untrusted text. */
#include "core/sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decode one UTF-8 sequence; returns its length, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	if (p[0] < 0x80) { *cp = p[0]; return 1; }
	size_t need;
	uint32_t min;
	if ((p[0] & 0xE0) == 0xC0) { need = 2; *cp = p[0] & 0x1F; min = 0x80; }
	else if ((p[0] & 0xF0) == 0xE0) { need = 3; *cp = p[0] & 0x0F; min = 0x800; }
	else if ((p[0] & 0xF8) == 0xF0) { need = 4; *cp = p[0] & 0x07; min = 0x10000; }
	else return 0;
	if (n < need) return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80) return 0;
		*cp = (*cp << 6) | (p[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
	return need;
}

static int is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static char *sanitize(const char *s, size_t len, int keep_tab, int keep_nl, size_t *outlen)
{
	/* Worst case: every byte becomes U+FFFD (3 bytes). */
	char *out = malloc(len * 3 + 1);
	if (!out) return NULL;
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, i = 0;
	while (i < len) {
		/* Printable ASCII, most of any text, is copied a run at a time: one test a byte. */
		size_t run = i;
		while (run < len && (unsigned char)(p[run] - 0x20) < 0x5F) run++;
		if (run > i) {
			memcpy(out + o, p + i, run - i);
			o += run - i;
			i = run;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			continue;
		}
		if (cp == '\n' || cp == '\r') {
			if (keep_nl) { if (cp == '\n') out[o++] = '\n'; }
			else out[o++] = ' ';
		} else if (cp == '\t') {
			out[o++] = keep_tab ? '\t' : ' ';
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || is_bidi_control(cp)) {
			/* dropped */
		} else {
			memcpy(out + o, p + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	if (outlen) *outlen = o;
	return out;
}

char *sanitize_text(const char *s, size_t len, int keep_tab, size_t *outlen)
{
	return sanitize(s, len, keep_tab, 1, outlen);
}

char *sanitize_line(const char *s, size_t len)
{
	return sanitize(s, len, 0, 0, NULL);
}
