/* textwidth.c - UTF-8 decoding and display-column measurement (wcwidth with a built-in fallback). */
#define _XOPEN_SOURCE 700
#include "core/textwidth.h"
#include "core/swar.h"

#include <stdbool.h>

#include <wchar.h>

/* Decode the code point at s (len > 0); invalid bytes decode as U+FFFD of length 1. */
size_t utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) { *cp = p[0]; return 1; }
	size_t need;
	uint32_t c, min;
	if ((p[0] & 0xE0) == 0xC0) { need = 2; c = p[0] & 0x1F; min = 0x80; }
	else if ((p[0] & 0xF0) == 0xE0) { need = 3; c = p[0] & 0x0F; min = 0x800; }
	else if ((p[0] & 0xF8) == 0xF0) { need = 4; c = p[0] & 0x07; min = 0x10000; }
	else goto bad;
	if (len < need) goto bad;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80) goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) goto bad;
	*cp = c;
	return need;
bad:
	*cp = 0xFFFD;
	return 1;
}

struct range { uint32_t lo, hi; };

static const struct range zero_ranges[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
	{0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
	{0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
	{0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

static const struct range wide_ranges[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x25FD, 0x25FE},
	{0x2614, 0x2615}, {0x2648, 0x2653}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26F5, 0x26F5},
	{0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2E80, 0x303E},
	{0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xA960, 0xA97F},
	{0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60},
	{0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4}, {0x17000, 0x18AFF}, {0x1B000, 0x1B2FF},
	{0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB},
	{0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo) hi = mid;
		else if (cp > r[mid].hi) lo = mid + 1;
		else return true;
	}
	return false;
}

/* Columns of one code point: wcwidth(), else the built-in tables; never negative. */
int cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F) return 1;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0) return w;
	if (in_ranges(cp, zero_ranges, sizeof zero_ranges / sizeof *zero_ranges)) return 0;
	if (in_ranges(cp, wide_ranges, sizeof wide_ranges / sizeof *wide_ranges)) return 2;
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ? 0 : 1;
}

size_t text_width(const char *s, size_t len)
{
	size_t w = 0, i = 0;
	while (i < len) {
		if (i + 8 <= len) {   /* eight printable ASCII bytes: eight columns */
			uint64_t v = swar_load(s + i);
			uint64_t m = swar_lt(v, 0x20) | swar_eq(v, 0x7F) | (v & SWAR_HIGH);
			if (!m) { w += 8; i += 8; continue; }
			w += swar_first(m);
			i += swar_first(m);
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			w += c >= 0x20 && c != 0x7F;
			i++;
			continue;
		}
		uint32_t cp;
		i += utf8_next(s + i, len - i, &cp);
		w += (size_t)cp_width(cp);
	}
	return w;
}

size_t text_clip_cols(const char *s, size_t len, size_t cols, size_t *used)
{
	size_t w = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_next(s + i, len - i, &cp);
		size_t cw = (unsigned char)s[i] < 0x80 ? 1 : (size_t)cp_width(cp);
		if (w + cw > cols) break;
		w += cw;
		i += n;
	}
	if (used) *used = w;
	return i;
}
