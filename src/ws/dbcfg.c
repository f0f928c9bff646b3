/* dbcfg.c - parse .databrickscfg exactly as gopkg.in/ini.v1 v1.67 does with SpaceBeforeInlineComment. */
#include "ws/dbcfg.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A cursor over the input, one line (with its '\n') at a time, like go-ini's readUntil('\n'). */
struct rd {
	const char *p, *end;
	int line;               /* number of the line last read */
	int eof;
};

static void rd_line(struct rd *r, const char **s, size_t *n)
{
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	const char *e = nl ? nl + 1 : r->end;
	*s = r->p;
	*n = (size_t)(e - r->p);
	r->p = e;
	r->line++;
	if (!nl) r->eof = 1;
}

/* Byte length of the Unicode White_Space rune at s (Go's unicode.IsSpace), or 0. */
static size_t space_at(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))) return 1;
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0)) return 2;
	if (n < 3) return 0;
	if (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) return 3;
	if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF)) return 3;
	if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) return 3;
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
	return 0;
}

/* Length of a White_Space rune that ends at s + n, or 0. */
static size_t space_before(const unsigned char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++)
		if (space_at(s + n - k, k) == k) return k;
	return 0;
}

static void trim_left(const char **s, size_t *n)
{
	size_t k;
	while (*n && (k = space_at((const unsigned char *)*s, *n)) > 0) *s += k, *n -= k;
}

static void trim(const char **s, size_t *n)
{
	trim_left(s, n);
	size_t k;
	while (*n && (k = space_before((const unsigned char *)*s, *n)) > 0) *n -= k;
}

static const char *find(const char *s, size_t n, const char *needle, size_t nn)
{
	if (nn > n) return NULL;
	for (size_t i = 0; i + nn <= n; i++)
		if (memcmp(s + i, needle, nn) == 0) return s + i;
	return NULL;
}

static const char *find_last(const char *s, size_t n, const char *needle, size_t nn)
{
	if (nn > n) return NULL;
	for (size_t i = n - nn + 1; i-- > 0;)
		if (memcmp(s + i, needle, nn) == 0) return s + i;
	return NULL;
}

static int fail(struct dbcfg *f, int line, const char *what)
{
	f->err_line = line;
	snprintf(f->err, sizeof f->err, "%s", what);
	return -1;
}

const char *dbcfg_errmsg(const struct dbcfg *f, int *line)
{
	if (line) *line = f->err_line;
	return f->err;
}

static struct dbcfg_section *section_add(struct dbcfg *f, const char *name, size_t n)
{
	for (size_t i = 0; i < f->nsec; i++)
		if (strlen(f->sec[i].name) == n && memcmp(f->sec[i].name, name, n) == 0) return &f->sec[i];
	f->sec = xrealloc(f->sec, (f->nsec + 1) * sizeof *f->sec);
	struct dbcfg_section *s = &f->sec[f->nsec++];
	memset(s, 0, sizeof *s);
	s->name = xstrndup(name, n);
	return s;
}

/* go-ini Section.NewKey without shadows: a repeated key keeps its place and takes the new value. */
static void key_set(struct dbcfg_section *s, const char *k, size_t kn, char *value)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->kv[i].key) == kn && memcmp(s->kv[i].key, k, kn) == 0) {
			free(s->kv[i].value);
			s->kv[i].value = value;
			return;
		}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->kv = xrealloc(s->kv, s->cap * sizeof *s->kv);
	}
	s->kv[s->n].key = xstrndup(k, kn);
	s->kv[s->n].value = value;
	s->n++;
}

/* go-ini readKeyName with delimiters "=:". Sets the key and the offset of the value in line. */
static int read_key(struct dbcfg *f, int ln, const char *line, size_t n, const char **k, size_t *kn, size_t *off)
{
	const char *q = NULL;
	if (line[0] == '"') q = n > 6 && memcmp(line, "\"\"\"", 3) == 0 ? "\"\"\"" : "\"";
	else if (line[0] == '`') q = "`";
	if (q) {
		size_t ql = strlen(q);
		const char *close = find(line + ql, n - ql, q, ql);
		if (!close) return fail(f, ln, "missing closing key quote");
		size_t pos = (size_t)(close - line);
		size_t i = 0;
		while (pos + ql + i < n && line[pos + ql + i] != '=' && line[pos + ql + i] != ':') i++;
		if (pos + ql + i >= n) return fail(f, ln, "no '=' or ':' after the key");
		*k = line + ql;
		*kn = pos - ql;
		trim(k, kn);
		*off = pos + i + ql + 1;
		return 0;
	}
	size_t e = 0;
	while (e < n && line[e] != '=' && line[e] != ':') e++;
	if (e == n) return fail(f, ln, "expected [profile] or key = value");
	if (e == 0) return fail(f, ln, "empty key name");
	*k = line;
	*kn = e;
	trim(k, kn);
	*off = e + 1;
	return 0;
}

static int surrounded(const char *s, size_t n, char q)
{
	return n >= 2 && s[0] == q && s[n - 1] == q && memchr(s + 1, q, n - 2) == NULL;
}

/* go-ini readValue (no Python multi-line values, continuation lines on). Returns a malloc'd
 * value or NULL with f->err set. */
static char *read_value(struct dbcfg *f, struct rd *r, int ln, const char *in, size_t n)
{
	const char *line = in;
	trim_left(&line, &n);
	if (n == 0) return xstrdup("");
	const char *q = NULL;
	if (n > 3 && memcmp(line, "\"\"\"", 3) == 0) q = "\"\"\"";
	else if (line[0] == '`') q = "`";
	struct buf b = BUF_INIT;
	if (q) {
		size_t ql = strlen(q);
		const char *close = find_last(line + ql, n - ql, q, ql);
		if (close) {
			buf_add(&b, line + ql, (size_t)(close - (line + ql)));
			return buf_take(&b);
		}
		buf_add(&b, line + ql, n - ql); /* a value over several lines, up to the last quote of a line */
		for (;;) {
			const char *next;
			size_t nn;
			rd_line(r, &next, &nn);
			close = find_last(next, nn, q, ql);
			if (close) {
				buf_add(&b, next, (size_t)(close - next));
				break;
			}
			buf_add(&b, next, nn);
			if (r->eof) {
				buf_free(&b);
				fail(f, ln, "missing closing quote of a value");
				return NULL;
			}
		}
		return buf_take(&b);
	}
	trim(&line, &n);
	if (line[n - 1] == '\\') { /* continuation lines, joined trimmed, without the backslashes */
		buf_add(&b, line, n - 1);
		for (;;) {
			const char *next;
			size_t nn;
			rd_line(r, &next, &nn);
			trim(&next, &nn);
			if (nn == 0) break;
			buf_add(&b, next, nn);
			if (b.data[b.len - 1] != '\\') break;
			b.data[--b.len] = 0;
			if (r->eof) break;
		}
		return buf_take(&b);
	}
	const char *c = find(line, n, " #", 2);
	if (!c) c = find(line, n, " ;", 2);
	if (c) {
		n = (size_t)(c - line);
		trim(&line, &n);
	}
	if (surrounded(line, n, '\'') || surrounded(line, n, '"')) {
		line++;
		n -= 2;
	}
	buf_add(&b, line, n);
	return b.data ? buf_take(&b) : xstrdup("");
}

int dbcfg_parse(struct dbcfg *f, const char *text, size_t len)
{
	memset(f, 0, sizeof *f);
	if (memchr(text, '\0', len)) {
		const char *z = memchr(text, '\0', len);
		int line = 1;
		for (const char *p = text; p < z; p++) line += *p == '\n';
		return fail(f, line, "the file holds a NUL byte (not a text file)");
	}
	struct rd r = { text, text + len, 0, len == 0 };
	const unsigned char *u = (const unsigned char *)text;
	if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) r.p += 2;
	else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) r.p += 3;
	struct dbcfg_section *sec = section_add(f, "DEFAULT", 7);
	size_t cur = 0;         /* index of sec: the array may move */
	int autoinc = 1;
	while (!r.eof && r.p < r.end) {
		const char *line;
		size_t n;
		rd_line(&r, &line, &n);
		int ln = r.line;
		trim_left(&line, &n);
		if (n == 0 || line[0] == '#' || line[0] == ';') continue;
		if (line[0] == '[') {
			const char *close = find_last(line, n, "]", 1);
			if (!close) return fail(f, ln, "unclosed section name (no ']')");
			if (close == line + 1) return fail(f, ln, "empty section name");
			sec = section_add(f, line + 1, (size_t)(close - line - 1));
			cur = (size_t)(sec - f->sec);
			autoinc = 1;
			continue;
		}
		const char *k;
		size_t kn, off;
		if (read_key(f, ln, line, n, &k, &kn, &off) < 0) return -1;
		char name[32];
		if (kn == 1 && k[0] == '-') { /* go-ini's auto-increment key */
			snprintf(name, sizeof name, "#%d", autoinc++);
			k = name;
			kn = strlen(name);
		}
		if (kn == 0) return fail(f, ln, "empty key name");
		char *v = read_value(f, &r, ln, line + off, n - off);
		if (!v) return -1;
		key_set(&f->sec[cur], k, kn, v);
	}
	return 0;
}

void dbcfg_free(struct dbcfg *f)
{
	for (size_t i = 0; i < f->nsec; i++) {
		for (size_t j = 0; j < f->sec[i].n; j++) {
			free(f->sec[i].kv[j].key);
			if (f->sec[i].kv[j].value) memset(f->sec[i].kv[j].value, 0, strlen(f->sec[i].kv[j].value));
			free(f->sec[i].kv[j].value);
		}
		free(f->sec[i].kv);
		free(f->sec[i].name);
	}
	free(f->sec);
	f->sec = NULL;
	f->nsec = 0;
}

const struct dbcfg_section *dbcfg_section(const struct dbcfg *f, const char *name)
{
	for (size_t i = 0; i < f->nsec; i++)
		if (strcmp(f->sec[i].name, name) == 0) return &f->sec[i];
	return NULL;
}

const char *dbcfg_get(const struct dbcfg_section *s, const char *key)
{
	if (!s) return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->kv[i].key, key) == 0) return s->kv[i].value;
	return NULL;
}
