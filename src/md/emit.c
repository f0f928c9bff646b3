/* emit.c - build output lines: container prefixes (quote bars, list markers), blank lines, spans. */
#include "md/build.h"

#include <stdlib.h>
#include <string.h>

static const char spaces[] = "                                ";

/* Columns always left for text, however deep the nesting (prefixes are clipped instead). */
static size_t min_text_cols(const struct md_build *b)
{
	return b->width >= 40 ? 20 : (size_t)b->width / 2;
}

static size_t prefix_cols(const struct md_build *b, size_t depth, size_t *skip)
{
	size_t total = 0;
	for (size_t i = 0; i < depth; i++) total += b->ctr[i].mw;
	size_t maxp = (size_t)b->width - min_text_cols(b);
	if (skip) *skip = total > maxp ? total - maxp : 0;
	return total > maxp ? maxp : total;
}

/* Columns available for text on a line inside the current containers. */
size_t md_avail(const struct md_build *b)
{
	return (size_t)b->width - prefix_cols(b, b->nctr, NULL);
}

/*
 * The line's text is written straight into its final place: the open string at the tail of
 * the document's arena (b->lt.cap is the room there). Room for n more bytes and a NUL.
 */
static bool line_room(struct md_build *b, size_t n)
{
	if (b->lt.len + n + 1 <= b->lt.cap) return true;
	char *p = md_arena_tail(&b->doc->arena, b->lt.len, b->lt.len + n + 1, &b->lt.cap);
	if (!p) return false;
	b->lt.p = p;
	return true;
}

/* Append s[0..n) to the line's text. */
static bool line_text(struct md_build *b, const char *s, size_t n)
{
	if (!line_room(b, n)) return false;
	memcpy(b->lt.p + b->lt.len, s, n);
	b->lt.len += n;
	return true;
}

void md_line_put(struct md_build *b, const char *s, size_t n, uint8_t role, uint8_t attr, int link)
{
	if (!n) return;
	size_t off = b->lt.len;
	if (line_text(b, s, n)) md_span_push(&b->ls, &b->nls, &b->capls, off, n, role, attr, link);
}

/* Put s (single-column characters) after dropping its first *skip columns. */
static void put_clipped(struct md_build *b, const char *s, size_t n, uint8_t role, size_t *skip)
{
	while (*skip && n) {
		uint32_t cp;
		size_t k = utf8_next(s, n, &cp);
		s += k;
		n -= k;
		(*skip)--;
	}
	md_line_put(b, s, n, role, 0, -1);
}

static void prefix_put(struct md_build *b, size_t depth, bool blank)
{
	size_t skip;
	prefix_cols(b, depth, &skip);
	for (size_t i = 0; i < depth; i++) {
		struct md_ctr *c = &b->ctr[i];
		if (c->kind == CTR_QUOTE) {
			put_clipped(b, c->mark, c->mlen, MD_ROLE_BORDER, &skip);
		} else if (!blank && !c->done) {
			put_clipped(b, c->mark, c->mlen, MD_ROLE_MARKER, &skip);
			c->done = true;
		} else {
			put_clipped(b, spaces, c->mw, MD_ROLE_TEXT, &skip);
		}
	}
}

/* Drop trailing spaces (and the spans they empty). */
static void line_trim(struct md_build *b)
{
	size_t n = b->lt.len;
	while (n && b->lt.p[n - 1] == ' ') n--;
	if (n == b->lt.len) return;
	b->lt.len = n;
	while (b->nls && b->ls[b->nls - 1].off >= n) b->nls--;
	if (b->nls) b->ls[b->nls - 1].len = n - b->ls[b->nls - 1].off;
}

static void line_commit(struct md_build *b, unsigned flags, int heading)
{
	struct md_doc *d = b->doc;
	if (!(flags & MD_LINE_CODE)) line_trim(b);
	if (!md_grow((void **)&d->lines, &b->caplines, d->nlines + 1, sizeof *d->lines)) return;
	struct md_line *l = &d->lines[d->nlines];
	/* the spans go right after the text (8-byte aligned, like the arena's tail) */
	size_t soff = (b->lt.len + 1 + 7) & ~(size_t)7, total = soff + b->nls * sizeof *l->spans;
	if (!line_room(b, total - b->lt.len - 1)) return;
	b->lt.p[b->lt.len] = '\0';
	l->text = b->lt.p;
	l->spans = (struct md_span *)(void *)(b->lt.p + soff);
	for (size_t i = 0; i < b->nls; i++) l->spans[i] = b->ls[i];
	md_arena_commit(&d->arena, total);
	b->lt.p = NULL;
	b->lt.cap = 0;
	l->len = b->lt.len;
	l->nspans = b->nls;
	l->flags = flags;
	l->heading = heading;
	for (size_t i = 0; i < b->nls; i++) {
		int k = b->ls[i].link;
		if (k >= 0 && (size_t)k < d->nlinks && d->links[k].line == SIZE_MAX) d->links[k].line = d->nlines;
	}
	d->nlines++;
	b->lt.len = 0;
	b->nls = 0;
}

/* Start a content line: first a pending blank line, then the container prefix. */
void md_line_begin(struct md_build *b)
{
	b->lt.p = NULL;   /* found afresh at the arena's tail */
	b->lt.len = b->lt.cap = 0;
	b->nls = 0;
	if (b->need_blank && b->doc->nlines) {
		prefix_put(b, b->blank_depth < b->nctr ? b->blank_depth : b->nctr, true);
		line_commit(b, 0, -1);
	}
	b->need_blank = false;
	prefix_put(b, b->nctr, false);
}

void md_line_end(struct md_build *b, unsigned flags, int heading)
{
	line_commit(b, flags, heading);
}

/* Put count copies of the (one-column) character s. */
void md_line_repeat(struct md_build *b, const char *s, size_t count, uint8_t role)
{
	size_t n = strlen(s);
	char buf[256];
	size_t per = sizeof buf / n;
	while (count) {
		size_t k = count < per ? count : per;
		for (size_t i = 0; i < k; i++) memcpy(buf + i * n, s, n);
		md_line_put(b, buf, k * n, role, 0, -1);
		count -= k;
	}
}

/* Append wrapped line i of f to the current line, with the parts of the tiles it covers. */
void md_line_put_frag(struct md_build *b, const struct md_frags *f, size_t i)
{
	const struct md_frag *fl = &f->ln[i];
	if (!fl->len) return;
	size_t base = b->lt.len, end = fl->off + fl->len;
	if (!line_text(b, f->text + fl->off, fl->len)) return;
	for (size_t k = fl->sp; k < f->nsty && f->sty[k].off < end; k++) {
		const struct md_span *s = &f->sty[k];
		size_t a = s->off > fl->off ? s->off : fl->off;
		size_t e = s->off + s->len < end ? s->off + s->len : end;
		if (e > a) md_span_push(&b->ls, &b->nls, &b->capls, base + a - fl->off, e - a, s->role, s->attr, s->link);
	}
}

/* Emit every wrapped line of f as its own output line. */
void md_emit_frags(struct md_build *b, const struct md_frags *f, unsigned flags, int heading)
{
	for (size_t i = 0; i < f->nln; i++) {
		md_line_begin(b);
		md_line_put_frag(b, f, i);
		md_line_end(b, flags, heading);
	}
}

/* Wrap a run at the available width and emit it as a paragraph. */
void md_emit_run(struct md_build *b, const struct md_run *r)
{
	md_wrap(r->text.p, r->text.len, r->sty, r->nsty, md_avail(b), &b->frags);
	md_emit_frags(b, &b->frags, 0, -1);
}

/* A block ended: the next content line is preceded by a blank line. */
void md_block_end(struct md_build *b)
{
	b->need_blank = true;
	b->blank_depth = b->nctr;
}

void md_ctr_push(struct md_build *b, uint8_t kind, const char *mark, size_t mlen, size_t mw)
{
	if (!md_grow((void **)&b->ctr, &b->capctr, b->nctr + 1, sizeof *b->ctr)) return;
	struct md_ctr *c = &b->ctr[b->nctr++];
	if (mlen >= sizeof c->mark) mlen = sizeof c->mark - 1;
	c->kind = kind;
	c->done = false;
	memcpy(c->mark, mark, mlen);
	c->mark[mlen] = '\0';
	c->mlen = (uint8_t)mlen;
	c->mw = (uint8_t)mw;
	if (kind == CTR_QUOTE) b->nquote++;
}

void md_ctr_pop(struct md_build *b)
{
	if (!b->nctr) return;
	if (b->ctr[--b->nctr].kind == CTR_QUOTE) b->nquote--;
	if (b->blank_depth > b->nctr) b->blank_depth = b->nctr;
}
