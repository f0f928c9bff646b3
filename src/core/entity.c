/* entity.c - HTML character references (named and numeric) to UTF-8. */
#include "core/entity.h"

#include <stdint.h>
#include <string.h>

struct entity_ref {
	const char *name;
	const char *utf8;
};

#include "core/entity_table.h"

static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) { out[0] = (char)cp; return 1; }
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static size_t decode_numeric(const char *s, size_t len, char *out)
{
	uint32_t cp = 0;
	size_t i = 2;
	int hex = i < len && (s[i] == 'x' || s[i] == 'X');
	if (hex) i++;
	if (i >= len - 1) return 0;
	for (; i < len - 1; i++) {
		int d;
		char c = s[i];
		if (c >= '0' && c <= '9') d = c - '0';
		else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else return 0;
		cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		if (cp > 0x10FFFF) cp = 0x110000;
	}
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
	return utf8_encode(cp, out);
}

static const char *lookup_named(const char *name, size_t n)
{
	size_t lo = 0, hi = sizeof entity_refs / sizeof *entity_refs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(name, entity_refs[mid].name, n);
		if (c == 0 && entity_refs[mid].name[n]) c = -1;
		if (c < 0) hi = mid;
		else if (c > 0) lo = mid + 1;
		else return entity_refs[mid].utf8;
	}
	return NULL;
}

int entity_decode(const char *s, size_t len, char out[static 16])
{
	if (len < 3 || s[0] != '&' || s[len - 1] != ';' || len > 40) return -1;
	size_t n;
	if (s[1] == '#') {
		n = decode_numeric(s, len, out);
	} else {
		const char *u = lookup_named(s + 1, len - 2);
		if (!u) return -1;
		n = strlen(u);
		memcpy(out, u, n);
	}
	return n ? (int)n : -1;
}
