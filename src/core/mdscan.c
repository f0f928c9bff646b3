/* mdscan.c - scan a Markdown body (md4c) for plain text, headings, links and check SQL. */
#include "core/mdscan.h"

#include "core/buf.h"
#include "core/entity.h"
#include "core/slug.h"

#include <ctype.h>
#include <md4c.h>
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
	size_t link_cursor, check_cursor;
};

static int line_at(const char *body, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		if (body[i] == '\n') line++;
	return line;
}

/* Find the line where a link target is written: after '(' or '<' (inline and autolinks) or a
 * space (reference definitions), searching forward from the previous link, then from the top. */
static int link_line(struct scan_ctx *c, const char *target, size_t tlen)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = pass ? 1 : c->link_cursor + 1; i + tlen <= c->len; i++) {
			char prev = c->body[i - 1];
			if ((prev == '(' || prev == '<' || prev == ' ') && memcmp(c->body + i, target, tlen) == 0) {
				c->link_cursor = i + tlen;
				return line_at(c->body, i);
			}
		}
	}
	return 1;
}

static int check_fence_line(struct scan_ctx *c)
{
	const char *p = c->body + c->check_cursor;
	const char *hit = strstr(p, "sql check");
	if (!hit) return 1;
	c->check_cursor = (size_t)(hit - c->body) + 9;
	return line_at(c->body, (size_t)(hit - c->body));
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

static void add_heading(struct scan_ctx *c)
{
	struct mdscan *s = c->s;
	s->headings = xrealloc(s->headings, (s->nheadings + 1) * sizeof *s->headings);
	struct mdscan_heading *h = &s->headings[s->nheadings++];
	h->level = c->heading_level;
	h->text = xstrdup(buf_str(&c->heading));
	h->slug = slug_set_add(&c->slugs, buf_str(&c->plain), c->plain.len);
	if (!h->slug) { fputs("pwaf: out of memory\n", stderr); abort(); }   /* as xmalloc does */
	h->line = 0;
	buf_adds(&c->text, "\n");
	if (s->headings_text) {
		struct buf all = BUF_INIT;
		buf_adds(&all, s->headings_text);
		buf_addc(&all, '\n');
		buf_adds(&all, h->text);
		free(s->headings_text);
		s->headings_text = buf_take(&all);
	} else {
		s->headings_text = xstrdup(h->text);
	}
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
		s->links = xrealloc(s->links, (s->nlinks + 1) * sizeof *s->links);
		struct mdscan_link *l = &s->links[s->nlinks++];
		l->target = xstrndup(d->href.text, d->href.size);
		l->line = link_line(c, d->href.text, d->href.size);
	}
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
	struct scan_ctx *c = ud;
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

/* Give each heading the line of the next line, in order, that starts with '#' and holds its text. */
static void heading_lines(struct mdscan *s, const char *body)
{
	const char *cursor = body;
	for (size_t i = 0; i < s->nheadings; i++) {
		s->headings[i].line = 1;
		for (const char *q = cursor; *q; q++) {
			if (*q != '#' || (q != body && q[-1] != '\n')) continue;
			const char *eol = strchr(q, '\n');
			const char *hit = strstr(q, s->headings[i].text);
			if (hit && (!eol || hit < eol)) {
				s->headings[i].line = line_at(body, (size_t)(q - body));
				cursor = eol ? eol : q + strlen(q);
				break;
			}
		}
	}
}

int mdscan_run(struct mdscan *s, const char *body, size_t len)
{
	memset(s, 0, sizeof *s);
	struct scan_ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.body = body;
	c.len = len;
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
	heading_lines(s, body);
	s->text = buf_take(&c.text);
	if (!s->headings_text) s->headings_text = xstrdup("");
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
