/* search_screen.c - global search: ranked results that update as you type; Enter opens one. */
#include "app.h"

#include "buf.h"
#include "sanitize.h"
#include "vocab.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_LIMIT 50

static void rerun(struct app *a)
{
	search_hits_free(&a->hits);
	a->hit_sel = a->hit_top = 0;
	if (a->qlen == 0) return;
	/* The last word is a prefix while the user is still typing it. */
	int prefix = a->query[a->qlen - 1] != ' ';
	if (search_run(a->db, a->query, NULL, SEARCH_LIMIT, prefix, &a->hits) < 0)
		app_message(a, "search failed: %s", sqlite3_errmsg(cdb_sqlite(a->db)));
}

/* Snippet with match markers drawn as the match role. */
static void draw_snippet(int y, int x, int w, const char *snip)
{
	int col = 0, on = 0;
	const char *p = snip;
	while (*p && col < w) {
		const char *q = p;
		while (*q && *q != SEARCH_MARK_ON && *q != SEARCH_MARK_OFF) q++;
		char *clean = sanitize_line(p, (size_t)(q - p));
		col += ui_put(y, x + col, w - col, clean, strlen(clean), theme_attr(on ? R_MATCH : R_DIM));
		free(clean);
		if (!*q) break;
		on = *q == SEARCH_MARK_ON;
		p = q + 1;
	}
}

static void search_draw(struct app *a)
{
	ui_title(a, "search all pages and items");
	int y = 1;
	ui_fill(y, 0, a->cols_n, theme_attr(R_INPUT));
	int x = ui_put(y, 0, a->cols_n, " Search: ", 9, theme_attr(R_INPUT));
	x += ui_put(y, x, a->cols_n - x - 1, a->query, a->qlen, theme_attr(R_INPUT));
	int cursor_x = x;
	int h = a->rows_n - 3;
	for (int r = 0; r < h; r++) ui_fill(y + 1 + r, 0, a->cols_n, A_NORMAL);
	int per = 2, visible = h / per;
	if (a->hit_sel < a->hit_top) a->hit_top = a->hit_sel;
	if (a->hit_sel >= a->hit_top + visible) a->hit_top = a->hit_sel - visible + 1;
	if (a->qlen && a->hits.n == 0)
		ui_put(y + 2, 2, a->cols_n - 4, "No page or item matches.", 24, theme_attr(R_DIM));
	if (!a->qlen)
		ui_put(y + 2, 2, a->cols_n - 4, "Type words; results update as you type. Enter opens, Esc goes back.", 68, theme_attr(R_DIM));
	for (int i = 0; i < visible && a->hit_top + i < (int)a->hits.n; i++) {
		int k = a->hit_top + i, ry = y + 1 + i * per;
		const struct doc *d = &a->hits.v[k].doc;
		int attr = k == a->hit_sel ? theme_attr(R_TREE_FOCUS) : theme_attr(R_TEXT);
		if (k == a->hit_sel) ui_fill(ry, 0, a->cols_n, attr);
		char head[64];
		snprintf(head, sizeof head, " %-14s ", d->id);
		int c = ui_put(ry, 0, a->cols_n, head, strlen(head), attr | A_BOLD);
		c += ui_put(ry, c, a->cols_n - c - 1, d->title, strlen(d->title), attr);
		char tail[64];
		snprintf(tail, sizeof tail, "  %s%s%s", d->kind, d->level ? " · " : "", d->level ? vocab_label(VOCAB_LEVEL, d->level) : "");
		if (c + (int)strlen(tail) < a->cols_n) ui_put(ry, c, a->cols_n - c, tail, strlen(tail), attr | A_DIM);
		draw_snippet(ry + 1, 4, a->cols_n - 5, a->hits.v[k].snippet);
	}
	char left[64];
	snprintf(left, sizeof left, "%zu result%s", a->hits.n, a->hits.n == 1 ? "" : "s");
	ui_status(a, left, "Enter open  Up/Down choose  Esc back");
	move(y, cursor_x);
}

static void search_action(struct app *a, enum action act, int key)
{
	switch (act) {
	case ACT_CLOSE: a->screen = &screen_browse; break;
	case ACT_UP: if (a->hit_sel > 0) a->hit_sel--; break;
	case ACT_DOWN: if (a->hit_sel + 1 < (int)a->hits.n) a->hit_sel++; break;
	case ACT_PGUP: a->hit_sel = a->hit_sel > 5 ? a->hit_sel - 5 : 0; break;
	case ACT_PGDN: a->hit_sel = a->hit_sel + 5 < (int)a->hits.n ? a->hit_sel + 5 : (int)a->hits.n - 1; break;
	case ACT_DELETE:
		if (a->qlen) {
			ui_input_delete(a->query, &a->qlen);
			rerun(a);
		}
		break;
	case ACT_ACCEPT:
		if (a->hits.n) app_show_doc(a, a->hits.v[a->hit_sel].doc.id);
		break;
	default: break;
	}
	if (a->hit_sel < 0) a->hit_sel = 0;
}

static void search_input(struct app *a, int ch)
{
	size_t before = a->qlen;
	ui_input_add(a->query, &a->qlen, sizeof a->query, ch);
	/* Search once a UTF-8 character is complete, not on each of its bytes. */
	if (a->qlen != before && ui_input_complete(a->query, a->qlen)) rerun(a);
}

static void search_mouse(struct app *a, int y, int x, int button)
{
	if (button == 4 && a->hit_sel > 0) a->hit_sel--;
	else if (button == 5 && a->hit_sel + 1 < (int)a->hits.n) a->hit_sel++;
	else if (button == 1 && y >= 2) {
		int k = a->hit_top + (y - 2) / 2;
		if (k < (int)a->hits.n) { a->hit_sel = k; search_action(a, ACT_ACCEPT, 0); }
	}
}

static enum mode search_mode(const struct app *a)
{
	return MODE_SEARCH;
}

const struct screen screen_search = { "search", search_mode, search_draw, search_action, search_input, search_mouse };
