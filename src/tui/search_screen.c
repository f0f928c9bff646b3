/* search_screen.c - global search: ranked results that update as you type; Enter opens one. */
#include "tui/app.h"

#include "tui/list.h"
#include "tui/prompt.h"
#include "core/sanitize.h"
#include "core/search.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/vocab.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_LIMIT 50
#define PER_HIT 2          /* screen rows per result: title, snippet */
#define HITS_PAGE 5        /* results PgUp and PgDn move by */

static struct {
	struct prompt q;               /* the query, kept between visits */
	char ran[PROMPT_MAX];          /* the query the hits are for */
	struct search_hits hits;
	struct list_cursor cur;
} sr;

void search_open(struct app *a)
{
	a->screen = &screen_search;   /* the query and results of last time are kept */
}

/* Search again when the query changed and ends on a whole character. */
static void rerun(struct app *a)
{
	if (strcmp(sr.ran, sr.q.text) == 0 || !prompt_complete(&sr.q)) return;
	snprintf(sr.ran, sizeof sr.ran, "%s", sr.q.text);
	search_hits_free(&sr.hits);
	sr.cur = (struct list_cursor){ 0 };
	if (sr.q.len == 0) return;
	/* The last word is a prefix while the user is still typing it. */
	int prefix = sr.q.text[sr.q.len - 1] != ' ';
	if (search_run(a->db, sr.q.text, NULL, SEARCH_LIMIT, prefix, &sr.hits) < 0)
		app_message(a, "search failed: %s", cdb_errmsg(a->db));
	list_set_count(&sr.cur, (int)sr.hits.n);
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

static void draw_hit(struct app *a, int k, int ry)
{
	const struct doc *d = &sr.hits.v[k].doc;
	int attr = k == sr.cur.sel ? theme_attr(R_TREE_FOCUS) : theme_attr(R_TEXT);
	if (k == sr.cur.sel) ui_fill(ry, 0, a->cols_n, attr);
	char head[64];
	snprintf(head, sizeof head, " %-14s ", d->id);
	int c = ui_put(ry, 0, a->cols_n, head, strlen(head), attr | A_BOLD);
	c += ui_put(ry, c, a->cols_n - c - 1, d->title, strlen(d->title), attr);
	char tail[64];
	snprintf(tail, sizeof tail, "  %s%s%s", d->kind, d->level ? " · " : "", d->level ? vocab_label(VOCAB_LEVEL, d->level) : "");
	if (c + (int)strlen(tail) < a->cols_n) ui_put(ry, c, a->cols_n - c, tail, strlen(tail), attr | A_DIM);
	draw_snippet(ry + 1, 4, a->cols_n - 5, sr.hits.v[k].snippet);
}

static void search_draw(struct app *a)
{
	ui_title(a, "search all pages and items");
	int y = 1;
	int h = a->rows_n - 3;
	for (int r = 0; r < h; r++) ui_fill(y + 1 + r, 0, a->cols_n, A_NORMAL);
	int visible = h / PER_HIT;
	list_show(&sr.cur, visible);
	if (sr.q.len && sr.hits.n == 0)
		ui_put(y + 2, 2, a->cols_n - 4, "No page or item matches.", 24, theme_attr(R_DIM));
	if (!sr.q.len)
		ui_put(y + 2, 2, a->cols_n - 4, "Type words; results update as you type. Enter opens, Esc goes back.", 68, theme_attr(R_DIM));
	for (int i = 0; i < visible && sr.cur.top + i < (int)sr.hits.n; i++)
		draw_hit(a, sr.cur.top + i, y + 1 + i * PER_HIT);
	char left[64];
	snprintf(left, sizeof left, "%zu result%s", sr.hits.n, sr.hits.n == 1 ? "" : "s");
	ui_status(a, left, "Enter open  Up/Down choose  Left/Right C-a C-e C-w C-u edit  Esc back");
	prompt_draw(&sr.q, y, 0, a->cols_n, " Search: ", theme_attr(R_INPUT));   /* last: the cursor stays here */
}

static void search_action(struct app *a, enum action act, int key)
{
	(void)key;
	switch (act) {
	case ACT_CLOSE: a->screen = &screen_browse; break;
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: list_act(&sr.cur, act, HITS_PAGE); break;
	case ACT_ACCEPT:
		if (sr.hits.n) app_show_search_result(a, sr.hits.v[sr.cur.sel].doc.id, sr.ran);
		break;
	default:
		if (prompt_edit(&sr.q, act)) rerun(a);
		break;
	}
}

static void search_input(struct app *a, int ch)
{
	prompt_insert(&sr.q, ch);
	rerun(a);   /* once a UTF-8 character is complete, not on each of its bytes */
}

static void search_mouse(struct app *a, int y, int x, int button)
{
	(void)x;
	if (button == 4) list_move(&sr.cur, -1);
	else if (button == 5) list_move(&sr.cur, 1);
	else if (button == 1 && y >= 2) {
		int k = sr.cur.top + (y - 2) / PER_HIT;
		if (k < (int)sr.hits.n) { list_select(&sr.cur, k); search_action(a, ACT_ACCEPT, 0); }
	}
}

static enum mode search_mode(const struct app *a)
{
	(void)a;
	return MODE_SEARCH;
}

static void search_close(struct app *a)
{
	(void)a;
	search_hits_free(&sr.hits);
}

const struct screen screen_search = {
	.mode = search_mode, .draw = search_draw, .action = search_action, .input = search_input,
	.mouse = search_mouse, .close = search_close,
};
