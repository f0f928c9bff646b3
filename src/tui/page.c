/* page.c - the page view's model and drawing: compose, render, scroll, find, links, history. */
#include "app.h"

#include "buf.h"
#include "live.h"
#include "mdscan.h"
#include "vocab.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void app_message(struct app *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
}

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
	if (strcmp(d->kind, "item") == 0) {
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
	if (strcmp(d->kind, "page") == 0) {
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

void page_layout(struct app *a, int width)
{
	if (!a->have_doc || (a->md && a->md_width == width)) return;
	md_doc_free(a->md);
	char *src = compose(a, &a->doc);
	struct md_opts o = { .width = width, .ascii = !a->utf8 };
	a->md = md_render(src, strlen(src), &o);
	a->md_width = width;
	free(src);
	if (a->link >= 0 && (!a->md || (size_t)a->link >= a->md->nlinks)) a->link = -1;
}

void page_free(struct app *a)
{
	md_doc_free(a->md);
	a->md = NULL;
	if (a->have_doc) doc_free(&a->doc);
	a->have_doc = 0;
	for (int i = 0; i < a->nback; i++) free(a->back[i].id);
	for (int i = 0; i < a->nfwd; i++) free(a->fwd[i].id);
	a->nback = a->nfwd = 0;
}

static void push(struct hist_entry *v, int *n, const struct app *a)
{
	if (*n == HIST_MAX) {
		free(v[0].id);
		memmove(v, v + 1, (HIST_MAX - 1) * sizeof *v);
		(*n)--;
	}
	v[*n].id = xstrdup(a->doc.id);
	v[*n].scroll = a->scroll;
	v[*n].node = a->doc_node;
	(*n)++;
}

static int heading_line(const struct app *a, const char *slug)
{
	if (!a->md) return -1;
	for (size_t i = 0; i < a->md->nheadings; i++)
		if (strcasecmp(a->md->headings[i].slug, slug) == 0) return (int)a->md->headings[i].line;
	return -1;
}

/* Open an id, "id#anchor" or "#anchor". */
int page_open(struct app *a, const char *target, int push_history)
{
	const char *hash = strchr(target, '#');
	char *id = hash ? xstrndup(target, (size_t)(hash - target)) : xstrdup(target);
	if (!*id) {
		free(id);
		int line = hash ? heading_line(a, hash + 1) : -1;
		if (line < 0) { app_message(a, "no heading #%s on this page", hash ? hash + 1 : ""); return -1; }
		page_scroll_to(a, line);
		return 0;
	}
	struct doc d;
	int rc = cdb_get(a->db, id, &d);
	if (rc != 0) {
		app_message(a, "no page or item has id '%s'", id);
		free(id);
		return -1;
	}
	if (a->have_doc && push_history) {
		push(a->back, &a->nback, a);
		for (int i = 0; i < a->nfwd; i++) free(a->fwd[i].id);
		a->nfwd = 0;
	}
	if (a->have_doc) doc_free(&a->doc);
	a->doc = d;
	a->have_doc = 1;
	md_doc_free(a->md);
	a->md = NULL;
	a->scroll = a->hscroll = 0;
	a->link = -1;
	int under = a->sel < (int)a->rows.n && a->sel >= 0 ? a->rows.v[a->sel] : -1;
	while (under >= 0 && a->tree.v[under].kind != NAV_GROUP && a->tree.v[under].kind != NAV_FACET)
		under = a->tree.v[under].parent;
	a->doc_node = nav_find_doc(&a->tree, d.id, under);
	if (a->doc_node >= 0) tree_select_node(a, a->doc_node);
	if (hash) {
		page_layout(a, a->page_w > 10 ? a->page_w : 80);
		int line = heading_line(a, hash + 1);
		if (line >= 0) a->scroll = line;
	}
	free(id);
	return 0;
}

void app_show_doc(struct app *a, const char *id)
{
	char *copy = xstrdup(id);   /* id may live in what the old screen frees */
	a->screen = &screen_browse;
	page_open(a, copy, 1);
	a->focus = PANE_PAGE;
	free(copy);
}

static void restore(struct app *a, struct hist_entry *e)
{
	page_open(a, e->id, 0);
	a->scroll = e->scroll;
	free(e->id);
}

void page_back(struct app *a)
{
	if (a->nback == 0) { app_message(a, "no earlier page"); return; }
	push(a->fwd, &a->nfwd, a);
	restore(a, &a->back[--a->nback]);
}

void page_forward(struct app *a)
{
	if (a->nfwd == 0) { app_message(a, "no later page"); return; }
	push(a->back, &a->nback, a);
	restore(a, &a->fwd[--a->nfwd]);
}

void page_scroll_to(struct app *a, int line)
{
	int max = a->md ? (int)a->md->nlines - a->page_h : 0;
	if (line > max) line = max;
	a->scroll = line < 0 ? 0 : line;
}

/* Case-insensitive ASCII search of needle in hay; returns the byte offset or -1. */
static long find_in(const char *hay, size_t len, const char *needle, size_t nlen, size_t from)
{
	for (size_t i = from; nlen && i + nlen <= len; i++)
		if (strncasecmp(hay + i, needle, nlen) == 0) return (long)i;
	return -1;
}

void page_find_next(struct app *a, int dir)
{
	if (!a->md || !a->find_len) { app_message(a, "nothing to find: press / first"); return; }
	int n = (int)a->md->nlines;
	for (int step = 1; step <= n; step++) {
		int l = ((a->scroll + dir * step) % n + n) % n;
		if (find_in(a->md->lines[l].text, a->md->lines[l].len, a->find, a->find_len, 0) >= 0) {
			if ((dir > 0 && l <= a->scroll) || (dir < 0 && l >= a->scroll)) app_message(a, "search wrapped");
			a->scroll = l;
			return;
		}
	}
	app_message(a, "'%s' is not on this page", a->find);
}

void page_follow(struct app *a, int link)
{
	if (!a->md || link < 0 || (size_t)link >= a->md->nlinks) { app_message(a, "select a link first: ] or J"); return; }
	const char *url = a->md->links[link].url;
	if (mdscan_link_is_internal(url)) page_open(a, url, 1);
	else app_message(a, "external link: %s", url);
}

/* Links on screen, in order: select the next one after (or before) the current. */
void page_select_link(struct app *a, int dir)
{
	if (!a->md || a->md->nlinks == 0) { app_message(a, "this page has no links"); return; }
	int n = (int)a->md->nlinks;
	int cur = a->link;
	/* Find link occurrences by line, in reading order. */
	int best = -1;
	size_t best_line = 0;
	size_t cur_line = cur >= 0 ? a->md->links[cur].line : (size_t)(dir > 0 ? (a->scroll > 0 ? a->scroll - 1 : 0) : a->scroll + a->page_h);
	for (int i = 0; i < n; i++) {
		size_t l = a->md->links[i].line;
		int after = dir > 0 ? (l > cur_line || (l == cur_line && i > cur)) : (l < cur_line || (l == cur_line && i < cur));
		if (cur < 0 && dir > 0) after = l >= cur_line;
		if (!after) continue;
		if (best < 0 || (dir > 0 ? l < best_line : l > best_line)) { best = i; best_line = l; }
	}
	if (best < 0) { app_message(a, dir > 0 ? "last link" : "first link"); return; }
	a->link = best;
	if ((int)best_line < a->scroll || (int)best_line >= a->scroll + a->page_h) page_scroll_to(a, (int)best_line - a->page_h / 3);
	app_message(a, "link [%d] %s  (Enter follows)", best + 1, a->md->links[best].url);
}

static int span_attr(const struct app *a, const struct md_span *sp)
{
	int attr = theme_attr((enum role)sp->role);
	if (sp->attr & MD_ATTR_BOLD) attr |= A_BOLD;
	if (sp->attr & MD_ATTR_ITALIC) attr |= A_ITALIC;
	if (sp->attr & MD_ATTR_UNDERLINE) attr |= A_UNDERLINE;
	if (sp->link >= 0 && sp->link == a->link) attr = theme_attr(R_LINK_SELECTED);
	return attr;
}

/* Mark the bytes of every find match in a line (NULL when there is none). */
static char *match_mask(const struct app *a, const struct md_line *l)
{
	if (!a->find_len) return NULL;
	char *mask = NULL;
	for (long m = find_in(l->text, l->len, a->find, a->find_len, 0); m >= 0;
	     m = find_in(l->text, l->len, a->find, a->find_len, (size_t)m + a->find_len)) {
		if (!mask) mask = xcalloc(l->len, 1);
		memset(mask + m, 1, a->find_len);
	}
	return mask;
}

/* Draw one rendered line: spans in their roles, find matches marked, code scrolled sideways. */
static void draw_line(struct app *a, const struct md_line *l, int y, int x, int w)
{
	int code = (l->flags & MD_LINE_CODE) != 0;
	int skip = code ? a->hscroll : 0, col = 0;
	char *mask = match_mask(a, l);
	for (size_t s = 0; s < l->nspans && col < w; s++) {
		const struct md_span *sp = &l->spans[s];
		int attr = span_attr(a, sp);
		size_t i = sp->off, end = sp->off + sp->len;
		while (i < end && col < w) {
			size_t n = 1;
			while (i + n < end && ((unsigned char)l->text[i + n] & 0xC0) == 0x80) n++;
			int cw = (int)md_text_width(l->text + i, n);
			if (skip > 0) { skip -= cw; i += n; continue; }
			if (col + cw > w) break;
			ui_put(y, x + col, cw, l->text + i, n, mask && mask[i] ? theme_attr(R_MATCH) : attr);
			col += cw;
			i += n;
		}
	}
	free(mask);
	if (code && md_text_width(l->text, l->len) > (size_t)(w + a->hscroll))
		ui_put(y, x + w - 1, 1, a->utf8 ? "›" : ">", a->utf8 ? 3 : 1, theme_attr(R_DIM));
}

void page_draw(struct app *a, int y, int x, int h, int w)
{
	a->page_y = y; a->page_x = x; a->page_h = h; a->page_w = w;
	/* Long lines are hard to read: text is laid out at most 100 columns wide. */
	int width = w - 1 > 100 ? 100 : w - 1 > 20 ? w - 1 : 20;
	page_layout(a, width);
	for (int r = 0; r < h; r++) ui_fill(y + r, x, w, A_NORMAL);
	if (!a->md) {
		ui_put(y, x, w, "(nothing open: pick a page in the tree)", 39, theme_attr(R_DIM));
		return;
	}
	if (a->scroll > (int)a->md->nlines - 1) a->scroll = a->md->nlines ? (int)a->md->nlines - 1 : 0;
	for (int r = 0; r < h && a->scroll + r < (int)a->md->nlines; r++)
		draw_line(a, &a->md->lines[a->scroll + r], y + r, x, w);
}
