/* page.c - the page pane: compose a document with its live status, render, scroll, find, links, history. */
#include "tui/page.h"

#include "tui/app.h"
#include "core/buf.h"
#include "ws/live.h"
#include "core/mdscan.h"
#include "md/render.h"
#include "core/termseq.h"
#include "tui/theme.h"
#include "core/translit.h"
#include "tui/ui.h"
#include "core/vocab.h"
#include "core/textwidth.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct hist_entry {
	char *id;
	int scroll;
};

#define HIST_MAX 64

static struct {
	struct doc doc;
	int have_doc;
	unsigned serial;               /* documents opened so far */
	struct md_doc *md;
	int md_width;                  /* the width md was laid out for; 0: compose again */
	int scroll, hscroll, link;     /* first visible line, code column offset, selected link (-1) */
	int y, x, h, w;                /* where the page was last drawn */
	struct hist_entry back[HIST_MAX], fwd[HIST_MAX];
	int nback, nfwd;
	char find[128];                /* find in page: the text, marked wherever it is */
	size_t find_len;
	char terms[8][32];             /* the words of the search that opened the page, marked too */
	int nterms;
} pg = { .link = -1 };

/* The Markdown shown for a document: its body with a metadata line under the title, and for a
 * page the list of its checklist items. */
static char *compose(struct app *a, const struct doc *d)
{
	struct buf b = BUF_INIT;
	const char *body = d->body ? d->body : "";
	while (*body == '\n' || *body == '\r') body++;
	const char *nl = strncmp(body, "# ", 2) == 0 ? strchr(body, '\n') : NULL;
	size_t head = nl ? (size_t)(nl - body) + 1 : 0;
	buf_add(&b, body, head);
	buf_adds(&b, "\n");
	if (vocab_kind_of(d->kind) == KIND_ITEM) {
		buf_addf(&b, "**%s** · %s · ", vocab_label(VOCAB_LEVEL, d->level), vocab_label(VOCAB_PILLAR, d->pillar));
		for (char **p = d->partners; *p; p++) buf_addf(&b, "%s%s", p == d->partners ? "" : ", ", vocab_label(VOCAB_PARTNER, *p));
		struct doc page;
		if (d->page && cdb_get(a->db, d->page, &page) == 0) {
			buf_addf(&b, " · on [%s](%s)", page.title, page.id);
			doc_free(&page);
		}
		buf_addf(&b, " · `%s`\n", d->id);
		if (live_checking(a->live, d)) {
			buf_adds(&b, "\n> **Live:** checking…\n");
		} else {
			const struct check_result *r = live_result(a->live, d->id);
			if (r) buf_addf(&b, "\n> **Live: %s** — %s\n", check_status_word(r->status),
					r->status == CHECK_MANUAL ? "no API can show this; check it by hand" : r->evidence);
		}
	} else {
		buf_adds(&b, "*");
		for (char **p = d->partners; *p; p++) buf_addf(&b, "%s%s", p == d->partners ? "" : ", ", vocab_label(VOCAB_PARTNER, *p));
		if (d->pillar) buf_addf(&b, " · %s", vocab_label(VOCAB_PILLAR, d->pillar));
		buf_adds(&b, "*\n");
	}
	buf_adds(&b, body + head);
	if (vocab_kind_of(d->kind) == KIND_PAGE) {
		struct doc_list items;
		if (cdb_items_of(a->db, d->id, &items) == 0 && items.n) {
			buf_adds(&b, "\n\n## Checklist items on this page\n\n");
			for (size_t i = 0; i < items.n; i++)
				buf_addf(&b, "- [%s](%s) %s (%s)\n", items.v[i].id, items.v[i].id, items.v[i].title,
					 vocab_label(VOCAB_LEVEL, items.v[i].level));
		}
		doc_list_free(&items);
	}
	if (d->source) buf_addf(&b, "\n\nSource: <%s>\n", d->source);
	return buf_take(&b);
}

static void layout(struct app *a, int width)
{
	if (!pg.have_doc || (pg.md && pg.md_width == width)) return;
	md_doc_free(pg.md);
	char *src = compose(a, &pg.doc);
	if (!a->utf8) {   /* LANG=C: every character as its ASCII stand-in, laid out at its own width */
		char *plain = translit_ascii(src, strlen(src));
		free(src);
		src = plain;
	}
	struct md_opts o = { .width = width, .ascii = !a->utf8 };
	pg.md = md_render(src, strlen(src), &o);
	pg.md_width = width;
	free(src);
	if (pg.link >= 0 && (!pg.md || (size_t)pg.link >= pg.md->nlinks)) pg.link = -1;
}

void page_invalidate(void)
{
	pg.md_width = 0;
}

const struct doc *page_doc(void)
{
	return pg.have_doc ? &pg.doc : NULL;
}

unsigned page_serial(void)
{
	return pg.serial;
}

static void free_history(struct hist_entry *v, int *n)
{
	for (int i = 0; i < *n; i++) free(v[i].id);
	*n = 0;
}

void page_free(void)
{
	md_doc_free(pg.md);
	pg.md = NULL;
	if (pg.have_doc) doc_free(&pg.doc);
	pg.have_doc = 0;
	free_history(pg.back, &pg.nback);
	free_history(pg.fwd, &pg.nfwd);
}

static void push(struct hist_entry *v, int *n)
{
	if (*n == HIST_MAX) {
		free(v[0].id);
		memmove(v, v + 1, (HIST_MAX - 1) * sizeof *v);
		(*n)--;
	}
	v[*n].id = xstrdup(pg.doc.id);
	v[*n].scroll = pg.scroll;
	(*n)++;
}

static int heading_line(const char *slug)
{
	if (!pg.md) return -1;
	for (size_t i = 0; i < pg.md->nheadings; i++)
		if (strcasecmp(pg.md->headings[i].slug, slug) == 0) return (int)pg.md->headings[i].line;
	return -1;
}

static void scroll_to(int line)
{
	int max = pg.md ? (int)pg.md->nlines - pg.h : 0;
	if (line > max) line = max;
	pg.scroll = line < 0 ? 0 : line;
}

int page_open(struct app *a, const char *target, int push_history)
{
	const char *hash = strchr(target, '#');
	char *id = hash ? xstrndup(target, (size_t)(hash - target)) : xstrdup(target);
	if (!*id) {
		free(id);
		int line = hash ? heading_line(hash + 1) : -1;
		if (line < 0) { app_message(a, "no heading #%s on this page", hash ? hash + 1 : ""); return -1; }
		scroll_to(line);
		return 0;
	}
	struct doc d;
	if (cdb_get(a->db, id, &d) != 0) {
		app_message(a, "no page or item has id '%s'", id);
		free(id);
		return -1;
	}
	if (pg.have_doc && push_history) {
		push(pg.back, &pg.nback);
		free_history(pg.fwd, &pg.nfwd);
	}
	if (pg.have_doc) doc_free(&pg.doc);
	pg.doc = d;
	pg.have_doc = 1;
	pg.serial++;
	md_doc_free(pg.md);
	pg.md = NULL;
	pg.scroll = pg.hscroll = 0;
	pg.link = -1;
	pg.nterms = 0;
	if (hash) {
		layout(a, pg.w > 10 ? pg.w : 80);
		int line = heading_line(hash + 1);
		if (line >= 0) pg.scroll = line;
	}
	free(id);
	return 0;
}

static void restore(struct app *a, struct hist_entry *e)
{
	page_open(a, e->id, 0);
	pg.scroll = e->scroll;
	free(e->id);
}

static void back(struct app *a)
{
	if (pg.nback == 0) { app_message(a, "no earlier page"); return; }
	push(pg.fwd, &pg.nfwd);
	restore(a, &pg.back[--pg.nback]);
}

static void forward(struct app *a)
{
	if (pg.nfwd == 0) { app_message(a, "no later page"); return; }
	push(pg.back, &pg.nback);
	restore(a, &pg.fwd[--pg.nfwd]);
}

void page_scroll_by(int delta)
{
	scroll_to(pg.scroll + delta);
}

int page_percent(void)
{
	if (!pg.md || pg.md->nlines <= (size_t)pg.h) return -1;
	int p = (pg.scroll + pg.h) * 100 / (int)pg.md->nlines;
	return p > 100 ? 100 : p;
}

/* Case-insensitive ASCII search of needle in hay; returns the byte offset or -1. */
static long find_in(const char *hay, size_t len, const char *needle, size_t nlen, size_t from)
{
	for (size_t i = from; nlen && i + nlen <= len; i++)
		if (strncasecmp(hay + i, needle, nlen) == 0) return (long)i;
	return -1;
}

/* 1 when line l holds the find text, or (with none) one of the search's words. */
static int line_matches(int l)
{
	const struct md_line *ln = &pg.md->lines[l];
	if (pg.find_len) return find_in(ln->text, ln->len, pg.find, pg.find_len, 0) >= 0;
	for (int t = 0; t < pg.nterms; t++)
		if (find_in(ln->text, ln->len, pg.terms[t], strlen(pg.terms[t]), 0) >= 0) return 1;
	return 0;
}

void page_find_next(struct app *a, int dir)
{
	if (!pg.md || (!pg.find_len && !pg.nterms)) { app_message(a, "nothing to find: press / first"); return; }
	int n = (int)pg.md->nlines;
	for (int step = 1; step <= n; step++) {
		int l = ((pg.scroll + dir * step) % n + n) % n;
		if (line_matches(l)) {
			if ((dir > 0 && l <= pg.scroll) || (dir < 0 && l >= pg.scroll)) app_message(a, "search wrapped");
			pg.scroll = l;
			return;
		}
	}
	app_message(a, "'%s' is not on this page", pg.find_len ? pg.find : pg.terms[0]);
}

void page_highlight(const char *query)
{
	pg.nterms = 0;
	for (const char *p = query; *p && pg.nterms < 8;) {
		while (*p && !(((unsigned char)*p >= 0x80) || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z'))) p++;
		const char *e = p;
		while (*e && (((unsigned char)*e >= 0x80) || (*e >= '0' && *e <= '9') || ((*e | 32) >= 'a' && (*e | 32) <= 'z') ||
			      *e == '_' || *e == '-'))
			e++;
		size_t n = (size_t)(e - p);
		static const char *const skip[] = { "and", "or", "not", "near", "the", "a", "an", "of", "to", "in", "is", NULL };
		int stop = n < 2;
		for (int k = 0; !stop && skip[k]; k++) stop = strlen(skip[k]) == n && strncasecmp(p, skip[k], n) == 0;
		if (!stop && n < sizeof pg.terms[0]) {
			memcpy(pg.terms[pg.nterms], p, n);
			pg.terms[pg.nterms++][n] = '\0';
		}
		p = e;
	}
}

int page_depth(void)
{
	return pg.nback;
}

size_t page_headings(const struct md_heading **out)
{
	*out = pg.md ? pg.md->headings : NULL;
	return pg.md ? pg.md->nheadings : 0;
}

void page_goto_line(int line)
{
	scroll_to(line);
}

const char *page_link_target(void)
{
	if (pg.md && pg.link >= 0 && (size_t)pg.link < pg.md->nlinks) return pg.md->links[pg.link].url;
	return pg.have_doc ? pg.doc.source : NULL;
}

const char *page_find_text(size_t *len)
{
	if (len) *len = pg.find_len;
	return pg.find;
}

void page_find_clear(void)
{
	pg.find_len = 0;
	pg.find[0] = '\0';
}

void page_find_set(struct app *a, const char *text)
{
	size_t n = strlen(text);
	if (n >= sizeof pg.find) n = sizeof pg.find - 1;
	if (n == pg.find_len && memcmp(pg.find, text, n) == 0) return;
	memcpy(pg.find, text, n);
	pg.find[n] = '\0';
	pg.find_len = n;
	if (!n || !ui_input_complete(pg.find, n)) return;
	/* Jump to the first match as you type; stay put when there is none. */
	int keep = pg.scroll;
	pg.scroll = keep > 0 ? keep - 1 : 0;
	a->msg[0] = '\0';
	page_find_next(a, 1);
	if (a->msg[0] && strstr(a->msg, "is not on this page")) pg.scroll = keep;
}

static void follow(struct app *a, int link)
{
	if (!pg.md || link < 0 || (size_t)link >= pg.md->nlinks) { app_message(a, "select a link first: ] or J"); return; }
	const char *url = pg.md->links[link].url;
	if (mdscan_link_is_internal(url)) page_open(a, url, 1);
	else app_message(a, "external link: %s", url);
}

/* Links on screen, in order: select the next one after (or before) the current. */
static void select_link(struct app *a, int dir)
{
	if (!pg.md || pg.md->nlinks == 0) { app_message(a, "this page has no links"); return; }
	int n = (int)pg.md->nlinks;
	int cur = pg.link;
	int best = -1;
	size_t best_line = 0;
	size_t cur_line = cur >= 0 ? pg.md->links[cur].line : (size_t)(dir > 0 ? (pg.scroll > 0 ? pg.scroll - 1 : 0) : pg.scroll + pg.h);
	for (int i = 0; i < n; i++) {
		size_t l = pg.md->links[i].line;
		int after = dir > 0 ? (l > cur_line || (l == cur_line && i > cur)) : (l < cur_line || (l == cur_line && i < cur));
		if (cur < 0 && dir > 0) after = l >= cur_line;
		if (!after) continue;
		if (best < 0 || (dir > 0 ? l < best_line : l > best_line)) { best = i; best_line = l; }
	}
	if (best < 0) { app_message(a, dir > 0 ? "last link" : "first link"); return; }
	pg.link = best;
	if ((int)best_line < pg.scroll || (int)best_line >= pg.scroll + pg.h) scroll_to((int)best_line - pg.h / 3);
	app_message(a, "link [%d] %s  (Enter follows)", best + 1, pg.md->links[best].url);
}

int page_action(struct app *a, enum action act)
{
	int h = pg.h > 0 ? pg.h : 10;
	switch (act) {
	case ACT_UP: scroll_to(pg.scroll - 1); break;
	case ACT_DOWN: scroll_to(pg.scroll + 1); break;
	case ACT_PGUP: scroll_to(pg.scroll - (h - 2)); break;
	case ACT_PGDN: scroll_to(pg.scroll + (h - 2)); break;
	case ACT_TOP: scroll_to(0); break;
	case ACT_BOTTOM: scroll_to(pg.md ? (int)pg.md->nlines : 0); break;
	case ACT_SCROLL_LEFT: pg.hscroll = pg.hscroll > 8 ? pg.hscroll - 8 : 0; break;
	case ACT_SCROLL_RIGHT: pg.hscroll += 8; break;
	case ACT_OPEN: follow(a, pg.link); break;
	case ACT_NEXT_LINK: select_link(a, 1); break;
	case ACT_PREV_LINK: select_link(a, -1); break;
	case ACT_BACK: back(a); break;
	case ACT_FORWARD: forward(a); break;
	case ACT_FIND_NEXT: page_find_next(a, 1); break;
	case ACT_FIND_PREV: page_find_next(a, -1); break;
	default: return 0;
	}
	return 1;
}

void page_click(struct app *a, int y, int x)
{
	int line = pg.scroll + y - pg.y;
	if (!pg.md || line < 0 || line >= (int)pg.md->nlines) return;
	const struct md_line *l = &pg.md->lines[line];
	int col = 0;
	for (size_t s = 0; s < l->nspans; s++) {
		int w = (int)text_width(l->text + l->spans[s].off, l->spans[s].len);
		if (x - pg.x >= col && x - pg.x < col + w && l->spans[s].link >= 0) {
			pg.link = l->spans[s].link;
			follow(a, pg.link);
			return;
		}
		col += w;
	}
}

static int span_attr(const struct md_span *sp)
{
	int attr = theme_attr((enum role)sp->role);
	if (sp->attr & MD_ATTR_BOLD) attr |= A_BOLD;
	if (sp->attr & MD_ATTR_ITALIC) attr |= A_ITALIC;
	if (sp->attr & MD_ATTR_UNDERLINE) attr |= A_UNDERLINE;
	if (sp->link >= 0 && sp->link == pg.link) attr = theme_attr(R_LINK_SELECTED);
	return attr;
}

static void mark(const struct md_line *l, const char *needle, size_t n, char **mask)
{
	for (long m = find_in(l->text, l->len, needle, n, 0); m >= 0; m = find_in(l->text, l->len, needle, n, (size_t)m + n)) {
		if (!*mask) *mask = xcalloc(l->len, 1);
		memset(*mask + m, 1, n);
	}
}

/* Mark the bytes of every find match, and every word of the search that opened the page, in a
 * line (NULL when there is none). */
static char *match_mask(const struct md_line *l)
{
	char *mask = NULL;
	if (pg.find_len) mark(l, pg.find, pg.find_len, &mask);
	for (int t = 0; t < pg.nterms; t++) mark(l, pg.terms[t], strlen(pg.terms[t]), &mask);
	return mask;
}

/* Draw one rendered line: spans in their roles, find matches marked, code scrolled sideways. */
static void draw_line(struct app *a, const struct md_line *l, int y, int x, int w)
{
	int code = (l->flags & MD_LINE_CODE) != 0;
	int skip = code ? pg.hscroll : 0, col = 0;
	char *mask = match_mask(l);
	for (size_t s = 0; s < l->nspans && col < w; s++) {
		const struct md_span *sp = &l->spans[s];
		int attr = span_attr(sp);
		size_t i = sp->off, end = sp->off + sp->len;
		while (i < end && col < w) {
			size_t n = 1;
			while (i + n < end && ((unsigned char)l->text[i + n] & 0xC0) == 0x80) n++;
			int cw = (int)text_width(l->text + i, n);
			if (skip > 0) { skip -= cw; i += n; continue; }
			if (col + cw > w) break;
			ui_put(y, x + col, cw, l->text + i, n, mask && mask[i] ? theme_attr(R_MATCH) : attr);
			col += cw;
			i += n;
		}
	}
	free(mask);
	if (code && text_width(l->text, l->len) > (size_t)(w + pg.hscroll))
		ui_put(y, x + w - 1, 1, a->utf8 ? "›" : ">", a->utf8 ? 3 : 1, theme_attr(R_DIM));
}

static int out_byte(int c)
{
	return putchar(c);
}

void page_hyperlinks(void)
{
	if (!pg.md || pg.h <= 0) return;
	char seq[2100];
	int any = 0;
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) return;
	for (int r = 0; r < pg.h && pg.scroll + r < (int)pg.md->nlines; r++) {
		const struct md_line *l = &pg.md->lines[pg.scroll + r];
		if (l->flags & MD_LINE_CODE) continue;   /* code scrolls sideways: no links there */
		int col = 0;
		for (size_t k = 0; k < l->nspans && col < pg.w; k++) {
			const struct md_span *sp = &l->spans[k];
			int sw = (int)text_width(l->text + sp->off, sp->len);
			if (sp->link >= 0 && termseq_link_open(pg.md->links[sp->link].url, seq, sizeof seq)) {
				/* The same cells again, inside the hyperlink: where they are, as they look. */
				if (!any) fputs("\0337", stdout);   /* DECSC: the cursor and attributes curses left */
				any = 1;
				const char *to = tiparm(cup, pg.y + r, pg.x + col);
				if (to) fputs(to, stdout);
				int attr = span_attr(sp);
				vid_puts((attr_t)(attr & ~A_COLOR), (short)PAIR_NUMBER(attr), NULL, out_byte);
				fputs(seq, stdout);
				size_t n = 0;
				int used = 0;
				while (n < sp->len && used < pg.w - col) {
					size_t c = 1;
					while (n + c < sp->len && ((unsigned char)l->text[sp->off + n + c] & 0xC0) == 0x80) c++;
					int cw = (int)text_width(l->text + sp->off + n, c);
					if (used + cw > pg.w - col) break;
					used += cw;
					n += c;
				}
				fwrite(l->text + sp->off, 1, n, stdout);
				fputs(termseq_link_close(), stdout);
				vid_puts(A_NORMAL, 0, NULL, out_byte);
			}
			col += sw;
		}
	}
	if (any) {
		fputs("\0338", stdout);   /* DECRC */
		fflush(stdout);
	}
}

void page_draw(struct app *a, int y, int x, int h, int w)
{
	pg.y = y; pg.x = x; pg.h = h; pg.w = w;
	/* Long lines are hard to read: text is laid out at most 100 columns wide. */
	int width = w - 1 > 100 ? 100 : w - 1 > 20 ? w - 1 : 20;
	layout(a, width);
	for (int r = 0; r < h; r++) ui_fill(y + r, x, w, A_NORMAL);
	if (!pg.md) {
		ui_put(y, x, w, "(nothing open: pick a page in the tree)", 39, theme_attr(R_DIM));
		return;
	}
	if (pg.scroll > (int)pg.md->nlines - 1) pg.scroll = pg.md->nlines ? (int)pg.md->nlines - 1 : 0;
	for (int r = 0; r < h && pg.scroll + r < (int)pg.md->nlines; r++)
		draw_line(a, &pg.md->lines[pg.scroll + r], y + r, x, w);
}
