/* slug.c - heading anchors (GitHub's rule) and their -1/-2 suffixes for repeated headings. */
#include "core/slug.h"

#include "core/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of a valid UTF-8 sequence at s (with its code point), or 0 for a byte that starts none. */
static size_t utf8_seq(const unsigned char *s, size_t left, uint32_t *cp)
{
	size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!n || n > left) return 0;
	uint32_t c = s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
	*cp = c;
	return n;
}

/* Symbols, punctuation and invisible characters that an anchor leaves out. */
static int is_symbol(uint32_t cp)
{
	return cp <= 0xBF ||                        /* C1 controls, Latin-1 punctuation and signs */
	       cp == 0xD7 || cp == 0xF7 ||           /* multiplication and division signs */
	       (cp >= 0x2000 && cp <= 0x2BFF) ||     /* general punctuation (dashes, quotes), arrows, maths, boxes */
	       (cp >= 0x3000 && cp <= 0x303F) ||     /* CJK punctuation */
	       (cp >= 0xFE00 && cp <= 0xFE0F) ||     /* variation selectors */
	       cp == 0xFEFF || cp == 0xFFFD ||       /* byte order mark, replacement character */
	       cp >= 0x1F000;                        /* emoji and pictographs */
}

size_t slug_write(const char *text, size_t len, char *out)
{
	size_t o = 0, i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') out[o++] = (char)c;
			else if (c >= 'A' && c <= 'Z') out[o++] = (char)(c - 'A' + 'a');
			else if (c == ' ' || c == '\t') out[o++] = '-';
			i++;
			continue;
		}
		uint32_t cp = 0;
		size_t n = utf8_seq((const unsigned char *)text + i, len - i, &cp);
		if (!n) { i++; continue; }
		if (!is_symbol(cp)) { memcpy(out + o, text + i, n); o += n; }
		i += n;
	}
	out[o] = '\0';
	return o;
}

char *slug_make(const char *text, size_t len)
{
	char *out = xmalloc(len + 1);
	slug_write(text, len, out);
	return out;
}

/* ---- the set of anchors given so far: open addressing, FNV-1a ---------------------------- */

struct slug_entry {
	char *key;      /* NULL: free slot */
	unsigned last;  /* the last suffix given to this anchor as a base */
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static struct slug_entry *find(const struct slug_set *s, const char *k, size_t n)
{
	if (!s->cap) return NULL;
	for (size_t i = hash(k, n) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		struct slug_entry *e = &s->v[i];
		if (!e->key) return NULL;
		if (strncmp(e->key, k, n) == 0 && e->key[n] == '\0') return e;
	}
}

static void place(struct slug_entry *v, size_t cap, struct slug_entry e)
{
	size_t i = hash(e.key, strlen(e.key)) & (cap - 1);
	while (v[i].key) i = (i + 1) & (cap - 1);
	v[i] = e;
}

/* Room for one more key at a load of at most a half. 0, or -1 when memory runs out. */
static int reserve(struct slug_set *s)
{
	if ((s->n + 1) * 2 <= s->cap) return 0;
	size_t cap = s->cap ? s->cap * 2 : 16;
	struct slug_entry *v = calloc(cap, sizeof *v);
	if (!v) return -1;
	for (size_t i = 0; i < s->cap; i++)
		if (s->v[i].key) place(v, cap, s->v[i]);
	free(s->v);
	s->v = v;
	s->cap = cap;
	return 0;
}

char *slug_set_add(struct slug_set *s, const char *text, size_t len)
{
	char *base = malloc(len + 1);
	if (!base || reserve(s) < 0) { free(base); return NULL; }
	size_t blen = slug_write(text, len, base);
	char *slug = base;
	struct slug_entry *taken = find(s, base, blen);
	if (taken) {
		slug = malloc(blen + 24);
		if (!slug) { free(base); return NULL; }
		unsigned i = taken->last;
		do snprintf(slug, blen + 24, "%s-%u", base, ++i);
		while (find(s, slug, strlen(slug)));
		taken->last = i;
		free(base);
	}
	char *key = strdup(slug);
	if (!key) { free(slug); return NULL; }
	place(s->v, s->cap, (struct slug_entry){ key, 0 });
	s->n++;
	return slug;
}

void slug_set_free(struct slug_set *s)
{
	for (size_t i = 0; i < s->cap; i++) free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof *s);
}
