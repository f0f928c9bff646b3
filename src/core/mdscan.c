/* mdscan.c - scan a Markdown body (md4c) for plain text, headings, links and check SQL. */
#include "core/mdscan.h"

#include "core/buf.h"
#include "core/entity.h"
#include "core/slug.h"

#include <ctype.h>
#include <md4c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct scan_ctx {
	struct mdscan *s;
	const char *body;
	size_t len;
	struct buf text, heading, code;
	struct buf plain;            /* the heading's plain text for its anchor: entities decoded */
	struct slug_set slugs;       /* the anchors given so far (repeated headings get -1, -2) */
	int in_heading, heading_level, in_check, in_code;
	size_t check_cursor;
	size_t *nl;                  /* the offsets of the body's newlines (newlines_find) */
	size_t nnl;
	size_t pending;              /* s->links[pending..] may wait for a line (text_at gives it) */
	size_t heading_at;           /* the open heading's first text in the body, or SIZE_MAX */
	size_t seen;                 /* the end of the last text md4c gave from the body */
	size_t bare_cursor;          /* past the last bare heading's line */
	struct buf headings_text;
	size_t cap_links, cap_headings;
};

/* Room for element n of an array of cap elements, doubling cap (a realloc per element copied
 * the whole array each time). */
static void *grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap) return v;
	*cap = *cap ? *cap * 2 : 8;
	return xrealloc(v, *cap * size);
}

/* Note where the body's newlines are, once, for line_of. */
static void newlines_find(struct scan_ctx *c)
{
	size_t cap = 0;
	for (const char *p = c->body, *end = c->body + c->len; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
		c->nl = grow(c->nl, c->nnl, &cap, sizeof *c->nl);
		c->nl[c->nnl++] = (size_t)(p - c->body);
	}
}

/* The 1-based line of body offset off: a binary search of the newline offsets, so that a body
 * with many links or headings costs n log n, not n squared (fuzz_content found the square). */
static int line_of(const struct scan_ctx *c, size_t off)
{
	size_t lo = 0, hi = c->nnl;   /* count the newlines before off */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->nl[mid] < off) lo = mid + 1;
		else hi = mid;
	}
	return (int)lo + 1;
}

/* 1 when md4c's text or attribute lies in the body (md4c builds a copy only where it decoded
 * escapes or entities), with its offset. */
static int in_body(const struct scan_ctx *c, const char *text, size_t *off)
{
	if (!text || text < c->body || text >= c->body + c->len) return 0;
	*off = (size_t)(text - c->body);
	return 1;
}

static int check_fence_line(struct scan_ctx *c)
{
	const char *p = c->body + c->check_cursor;
	const char *hit = strstr(p, "sql check");
	if (!hit) return 1;
	c->check_cursor = (size_t)(hit - c->body) + 9;
	return line_of(c, (size_t)(hit - c->body));
}

static int attr_equals(const MD_ATTRIBUTE *a, const char *s)
{
	size_t n = strlen(s);
	return a->text && a->size == n && memcmp(a->text, s, n) == 0;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct scan_ctx *c = ud;
	if (type == MD_BLOCK_H) {
		c->in_heading = 1;
		c->heading_at = SIZE_MAX;
		c->heading_level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		buf_reset(&c->heading);
		buf_reset(&c->plain);
	} else if (type == MD_BLOCK_CODE) {
		MD_BLOCK_CODE_DETAIL *d = detail;
		c->in_code = 1;
		if (attr_equals(&d->info, "sql check")) {
			c->in_check = 1;
			buf_reset(&c->code);
		}
	}
	return 0;
}

/* A heading with no text (a bare '#') is not in md4c's callbacks: take the next '#' after the
 * last text seen and any bare heading before it. */
static int bare_heading_line(struct scan_ctx *c)
{
	size_t from = c->seen > c->bare_cursor ? c->seen : c->bare_cursor;
	const char *hash = from < c->len ? memchr(c->body + from, '#', c->len - from) : NULL;
	if (!hash) return line_of(c, c->seen);
	const char *eol = memchr(hash, '\n', (size_t)(c->body + c->len - hash));
	c->bare_cursor = eol ? (size_t)(eol - c->body) : c->len;
	return line_of(c, (size_t)(hash - c->body));
}

static void add_heading(struct scan_ctx *c)
{
	struct mdscan *s = c->s;
	s->headings = grow(s->headings, s->nheadings, &c->cap_headings, sizeof *s->headings);
	struct mdscan_heading *h = &s->headings[s->nheadings++];
	h->level = c->heading_level;
	h->text = xstrdup(buf_str(&c->heading));
	h->slug = slug_set_add(&c->slugs, buf_str(&c->plain), c->plain.len);
	if (!h->slug) { fputs("pwaf: out of memory\n", stderr); abort(); }   /* as xmalloc does */
	h->line = c->heading_at != SIZE_MAX ? line_of(c, c->heading_at) : bare_heading_line(c);
	buf_adds(&c->text, "\n");
	if (s->nheadings > 1) buf_addc(&c->headings_text, '\n');
	buf_adds(&c->headings_text, h->text);
	if (h->level == 1 && !s->h1) s->h1 = xstrdup(h->text);
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct scan_ctx *c = ud;
	if (type == MD_BLOCK_H) {
		c->in_heading = 0;
		add_heading(c);
	} else if (type == MD_BLOCK_CODE) {
		c->in_code = 0;
		if (c->in_check) {
			c->in_check = 0;
			c->s->nchecks++;
			int line = check_fence_line(c);
			if (!c->s->check_sql) {
				c->s->check_sql = xstrdup(buf_str(&c->code));
				c->s->check_line = line;
			}
		}
	}
	if (type == MD_BLOCK_P || type == MD_BLOCK_LI || type == MD_BLOCK_TD || type == MD_BLOCK_TH ||
	    type == MD_BLOCK_CODE || type == MD_BLOCK_QUOTE)
		buf_addc(&c->text, '\n');
	return 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct scan_ctx *c = ud;
	if (type == MD_SPAN_A) {
		MD_SPAN_A_DETAIL *d = detail;
		if (!d->href.text || d->href.size == 0) return 0;
		struct mdscan *s = c->s;
		s->links = grow(s->links, s->nlinks, &c->cap_links, sizeof *s->links);
		struct mdscan_link *l = &s->links[s->nlinks++];
		l->target = xstrndup(d->href.text, d->href.size);
		/* The target's own line when md4c points into the body; a target it decoded (escapes,
		 * entities) takes the line of the link's first text, on_text's to give. */
		size_t off;
		l->line = in_body(c, d->href.text, &off) ? line_of(c, off) : 0;
	}
	return 0;
}

/* Body text at offset off: the line of links waiting for one, the open heading's first text. */
static void text_at(struct scan_ctx *c, size_t off, size_t size)
{
	struct mdscan *s = c->s;
	for (; c->pending < s->nlinks; c->pending++)
		if (!s->links[c->pending].line) s->links[c->pending].line = line_of(c, off);
	if (c->in_heading && c->heading_at == SIZE_MAX) c->heading_at = off;
	c->seen = off + size;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
	struct scan_ctx *c = ud;
	size_t off;
	if (in_body(c, text, &off)) text_at(c, off, size);
	if (c->in_check) {
		buf_add(&c->code, text, size);
		return 0;   /* check SQL is not prose: keep it out of the search text */
	}
	if (type == MD_TEXT_HTML) return 0;
	if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
		buf_addc(&c->text, ' ');
		if (c->in_heading) { buf_addc(&c->heading, ' '); buf_addc(&c->plain, ' '); }
		return 0;
	}
	if (type == MD_TEXT_NULLCHAR) return 0;
	buf_add(&c->text, text, size);
	if (!c->in_heading) return 0;
	buf_add(&c->heading, text, size);
	char ent[16];
	int n = type == MD_TEXT_ENTITY ? entity_decode(text, size, ent) : -1;
	if (n >= 0) buf_add(&c->plain, ent, (size_t)n);
	else buf_add(&c->plain, text, size);
	return 0;
}

int mdscan_run(struct mdscan *s, const char *body, size_t len)
{
	memset(s, 0, sizeof *s);
	struct scan_ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.body = body;
	c.len = len;
	newlines_find(&c);
	MD_PARSER p;
	memset(&p, 0, sizeof p);
	p.abi_version = 0;
	p.flags = MD_DIALECT_GITHUB;
	p.enter_block = on_enter_block;
	p.leave_block = on_leave_block;
	p.enter_span = on_enter_span;
	p.leave_span = on_leave_span;
	p.text = on_text;
	int rc = md_parse(body, (MD_SIZE)len, &p, &c);
	for (size_t i = c.pending; i < s->nlinks; i++)   /* links with no text after them */
		if (!s->links[i].line) s->links[i].line = line_of(&c, c.seen);
	s->text = buf_take(&c.text);
	s->headings_text = buf_take(&c.headings_text);
	free(c.nl);
	buf_free(&c.heading);
	buf_free(&c.plain);
	buf_free(&c.code);
	slug_set_free(&c.slugs);
	return rc == 0 ? 0 : -1;
}

void mdscan_free(struct mdscan *s)
{
	for (size_t i = 0; i < s->nheadings; i++) {
		free(s->headings[i].text);
		free(s->headings[i].slug);
	}
	for (size_t i = 0; i < s->nlinks; i++) free(s->links[i].target);
	free(s->headings);
	free(s->links);
	free(s->text);
	free(s->headings_text);
	free(s->check_sql);
	free(s->h1);
	memset(s, 0, sizeof *s);
}

/* The level of an ATX heading line ("## x" is 2), or 0. */
static int heading_level(const char *line, const char *eol)
{
	int n = 0;
	while (line + n < eol && line[n] == '#') n++;
	return n >= 1 && n <= 6 && (line + n == eol || line[n] == ' ' || line[n] == '\t') ? n : 0;
}

static int is_fence(const char *line, const char *eol)
{
	while (line < eol && *line == ' ') line++;
	return eol - line >= 3 && (strncmp(line, "```", 3) == 0 || strncmp(line, "~~~", 3) == 0);
}

char *mdscan_section(const char *body, const char *heading)
{
	const char *start = NULL, *end = NULL;
	int fenced = 0, seen_title = 0;
	for (const char *line = body; line && *line;) {
		const char *eol = strchr(line, '\n');
		if (!eol) eol = line + strlen(line);
		int level = fenced ? 0 : heading_level(line, eol);
		if (is_fence(line, eol)) fenced = !fenced;
		if (level == 1 || level == 2) {
			if (start) { end = line; break; }
			const char *t = line + level;
			while (*t == ' ') t++;
			size_t tl = (size_t)(eol - t);
			while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\r' || t[tl - 1] == '#')) tl--;
			if (heading && level == 2 && tl == strlen(heading) && strncasecmp(t, heading, tl) == 0) start = *eol ? eol + 1 : eol;
			if (!heading && level == 1 && !seen_title) start = *eol ? eol + 1 : eol;
			if (!heading && level == 2 && !start) return NULL;
			seen_title |= level == 1;
		}
		line = *eol ? eol + 1 : NULL;
	}
	if (!start) return NULL;
	if (!end) end = start + strlen(start);
	while (start < end && (*start == '\n' || *start == '\r' || *start == ' ')) start++;
	while (end > start && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ')) end--;
	return start < end ? xstrndup(start, (size_t)(end - start)) : NULL;
}

char *mdscan_plain(const char *md)
{
	struct mdscan s;
	if (mdscan_run(&s, md, strlen(md)) < 0) { mdscan_free(&s); return xstrdup(md); }
	char *t = s.text;
	s.text = NULL;
	mdscan_free(&s);
	/* one line per paragraph, no blank lines around */
	size_t n = strlen(t);
	while (n && (t[n - 1] == '\n' || t[n - 1] == ' ')) t[--n] = '\0';
	return t;
}

int mdscan_link_is_internal(const char *t)
{
	if (t[0] == '#') return 1;
	if (t[0] == '/' || t[0] == '.') return 0;
	/* A scheme ("https:", "mailto:") makes it external. */
	for (const char *p = t; *p && *p != '#' && *p != '/'; p++) {
		if (*p == ':') return 0;
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '+' && *p != '.') return 0;
	}
	return strchr(t, '/') == NULL || strchr(t, '#') < strchr(t, '/');
}
