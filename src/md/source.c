/* source.c - prepare untrusted Markdown for md4c: sanitized once, whole, before parsing. */
#include "md/internal.h"
#include "core/sanitize.h"
#include "core/swar.h"

#include <stdlib.h>
#include <string.h>

/* 0x80 in each byte of v that may not be plain text: C0 but '\n' (so '\t' too, rare: checked
 * one byte at a time), DEL, or >= 0x80. */
static uint64_t unclean_bytes(uint64_t v)
{
	uint64_t ge7f = (((v & ~SWAR_HIGH) + SWAR_ONES) | v) & SWAR_HIGH;
	return (swar_lt(v, 0x20) & ~swar_eq(v, '\n')) | ge7f;
}

/*
 * Would sanitize_text(s, len, keep_tab=1) return s unchanged? True when s is valid UTF-8 with
 * no C0 control but '\t' and '\n', no DEL, no C1 control and no bidi control (the exact
 * rules of sanitize.c). Checked sixteen, then eight bytes at a time over ASCII.
 */
static bool source_is_clean(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* 16 plain bytes at a time while they last (compiled to SIMD compares) */
		while (i + 16 <= len) {
			typedef unsigned char v16 __attribute__((vector_size(16)));
			typedef uint64_t v2 __attribute__((vector_size(16)));
			v16 v;
			memcpy(&v, s + i, 16);
			v2 bad = (v2)(((v < 0x20) & (v != '\n')) | (v >= 0x7F));
			if (bad[0] | bad[1]) break;
			i += 16;
		}
		if (i >= len) break;   /* all clean to the end: src need not be NUL-terminated (fuzz_md found it) */
		if (i + 8 <= len) {
			uint64_t m = unclean_bytes(swar_load(s + i));
			if (!m) { i += 8; continue; }
			i += swar_first(m);
		}
		unsigned char c = p[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return false;
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_next(s + i, len - i, &cp);
		if (cp == 0xFFFD && n == 1) return false;   /* invalid byte (a real U+FFFD is 3 bytes) */
		if ((cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C)
			return false;
		i += n;
	}
	return true;
}

/* Is s[0..n) printable ASCII only (0x20..0x7E), which sanitize_line() returns unchanged? */
bool md_line_is_plain(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v = swar_load(s + i);
		if (swar_lt(v, 0x20) | swar_eq(v, 0x7F) | (v & SWAR_HIGH)) return false;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F) return false;
	return true;
}

/*
 * The text md4c parses, always a NUL-terminated copy (*owned, for the caller to free): src as is
 * when sanitize_text() would not change it, else sanitized. md4c 0.4.8 reads a byte past the end
 * of its input (a permissive autolink at the very end; fuzz_md found it through a 4 GB
 * allocation, valgrind shows the read): the NUL keeps that read inside the buffer and harmless.
 * Lone CRs become line ends first so lines don't merge. NULL when memory is exhausted.
 */
const char *md_source_prepare(const char *src, size_t len, size_t *out_len, char **owned)
{
	*owned = NULL;
	if (source_is_clean(src, len)) {
		char *copy = malloc(len + 1);
		if (!copy) return NULL;
		memcpy(copy, src, len);
		copy[len] = '\0';
		*owned = copy;
		*out_len = len;
		return copy;
	}
	char *tmp = NULL;
	const char *in = src;
	if (memchr(src, '\r', len)) {
		tmp = malloc(len);
		if (!tmp) return NULL;
		for (size_t i = 0; i < len; i++)
			tmp[i] = src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n') ? '\n' : src[i];
		in = tmp;
	}
	*owned = sanitize_text(in, len, 1, out_len);
	free(tmp);
	return *owned;
}
