/* translit.c - ASCII stand-ins for UTF-8 text: punctuation, box drawing, accented Latin letters. */
#include "core/translit.h"

#include "core/buf.h"

#include <string.h>

size_t translit_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 1) { *cp = u[0]; return 1; }
	if (!n || n > len) { *cp = 0xFFFD; return 1; }
	uint32_t c = u[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
		c = (c << 6) | (u[i] & 0x3F);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) { *cp = 0xFFFD; return 1; }
	*cp = c;
	return n;
}

/* Latin-1 letters U+00C0..U+00FF without accents. */
static const char *const latin1[64] = {
	"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
	"D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y",
};

static const struct { uint32_t cp; const char *s; } marks[] = {
	{ 0x00A0, " " }, { 0x00A9, "(c)" }, { 0x00AB, "<<" }, { 0x00AD, "" }, { 0x00AE, "(R)" }, { 0x00B0, "o" },
	{ 0x00B1, "+-" }, { 0x00B7, "-" }, { 0x00BB, ">>" }, { 0x2010, "-" }, { 0x2011, "-" }, { 0x2012, "-" },
	{ 0x2013, "-" }, { 0x2014, "--" }, { 0x2015, "--" }, { 0x2018, "'" }, { 0x2019, "'" }, { 0x201A, "'" },
	{ 0x201B, "'" }, { 0x201C, "\"" }, { 0x201D, "\"" }, { 0x201E, "\"" }, { 0x201F, "\"" }, { 0x2020, "+" },
	{ 0x2022, "*" }, { 0x2023, ">" }, { 0x2026, "..." }, { 0x2032, "'" }, { 0x2033, "\"" }, { 0x2039, "<" },
	{ 0x203A, ">" }, { 0x2122, "TM" }, { 0x2190, "<-" }, { 0x2191, "^" }, { 0x2192, "->" }, { 0x2193, "v" },
	{ 0x2194, "<->" }, { 0x21D2, "=>" }, { 0x2212, "-" }, { 0x2248, "~" }, { 0x2260, "!=" }, { 0x2264, "<=" },
	{ 0x2265, ">=" }, { 0x2500, "-" }, { 0x2501, "-" }, { 0x2502, "|" }, { 0x2503, "|" }, { 0x2550, "=" },
	{ 0x2551, "|" }, { 0x2588, "#" }, { 0x2591, "." }, { 0x2592, ":" }, { 0x2593, "#" }, { 0x25AA, "*" },
	{ 0x25B2, "^" }, { 0x25B6, ">" }, { 0x25B8, ">" }, { 0x25BC, "v" }, { 0x25BE, "v" }, { 0x25CF, "*" },
	{ 0x2713, "v" }, { 0x2714, "v" }, { 0x2717, "x" }, { 0x2718, "x" }, { 0xFFFD, "?" },
};

/* Stand-ins for whole ranges: accented Latin-1 letters, spaces, invisible marks, box corners. */
static const char *range_of(uint32_t cp)
{
	if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
	if ((cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000) return " ";
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x80 && cp < 0xA0))
		return "";
	if (cp >= 0x2500 && cp <= 0x257F) return "+";
	return NULL;
}

size_t translit_cp(uint32_t cp, char out[static 4])
{
	const char *s = NULL;
	if (cp < 0x80) { out[0] = (char)cp; out[1] = '\0'; return 1; }
	for (size_t i = 0; !s && i < sizeof marks / sizeof *marks; i++)
		if (marks[i].cp == cp) s = marks[i].s;
	if (!s) s = range_of(cp);
	if (!s) s = "?";
	size_t n = strlen(s);
	memcpy(out, s, n + 1);
	return n;
}

char *translit_ascii(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = translit_next(s + i, len - i, &cp);
		char one[4];
		buf_add(&b, one, translit_cp(cp, one));
		i += n;
	}
	return buf_take(&b);
}
