/* browse.c - the main screen: the tree pane beside the page pane, the find prompt, workshop mode. */
#include "app.h"

#include "buf.h"
#include "live.h"
#include "page.h"
#include "theme.h"
#include "tree.h"
#include "ui.h"
#include "vocab.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum pane { PANE_TREE, PANE_PAGE };

static struct {
	enum pane focus;
	int finding;                   /* the find prompt is open (MODE_FIND) */
	int tree_w;                    /* the tree's width as last drawn */
	int workshop;                  /* workshop mode: no tree, the page centred */
	char workshop_partner[32];
	unsigned page_seen;            /* page_serial() the tree last followed */
} br;

/* The tree follows the page: after a link, back, forward or another screen opened one. */
static void follow_page(void)
{
	if (page_serial() == br.page_seen) return;
	br.page_seen = page_serial();
	const struct doc *d = page_doc();
	if (d) tree_show_doc(d->id);
}

static int open_doc(struct app *a, const char *id, int push_history)
{
	char *copy = xstrdup(id);   /* id may live in what the caller frees */
	int rc = page_open(a, copy, push_history);
	free(copy);
	follow_page();
	return rc;
}

const char *app_partner(const struct app *a)
{
	(void)a;
	if (br.workshop && br.workshop_partner[0]) return br.workshop_partner;
	const char *p = tree_partner();
	if (p) return p;
	const struct doc *d = page_doc();
	if (d && d->partners[0] && !d->partners[1]) return d->partners[0];
	return "built-on";
}

void app_show_doc(struct app *a, const char *id)
{
	a->screen = &screen_browse;
	open_doc(a, id, 1);
	br.focus = PANE_PAGE;
}

int browse_start(struct app *a, const char *start)
{
	if (tree_init(a->db) < 0) {
		app_message(a, "cannot read the content: %s", sqlite3_errmsg(cdb_sqlite(a->db)));
		return -1;
	}
	br.focus = PANE_TREE;
	if (open_doc(a, start ? start : "introduction", 0) == 0) return 0;
	if (start) return -1;
	struct doc_list l;
	struct doc_filter f = { .kind = "page" };
	if (cdb_list(a->db, &f, &l) == 0 && l.n) open_doc(a, l.v[0].id, 0);
	doc_list_free(&l);
	a->msg[0] = '\0';
	return 0;
}

static enum mode browse_mode(const struct app *a)
{
	(void)a;
	if (br.finding) return MODE_FIND;
	return br.focus == PANE_TREE && !br.workshop ? MODE_TREE : MODE_PAGE;
}

static void draw_find_prompt(struct app *a)
{
	int y = a->rows_n - 1;
	size_t len;
	const char *text = page_find_text(&len);
	ui_fill(y, 0, a->cols_n, theme_attr(R_INPUT));
	int x = ui_put(y, 0, a->cols_n, "Find in page: /", 15, theme_attr(R_INPUT));
	x += ui_put(y, x, a->cols_n - x - 1, text, len, theme_attr(R_INPUT));
	move(y, x);
}

static void browse_draw(struct app *a)
{
	int top = 1, h = a->rows_n - 2;
	char right[64];
	snprintf(right, sizeof right, "%s%s", br.workshop ? "workshop · " : "", live_summary(a->live));
	ui_title(a, right);
	if (br.workshop) {
		int w = a->cols_n - 4 > 92 ? 92 : a->cols_n - 4;
		int x = (a->cols_n - w) / 2;
		for (int r = 0; r < h; r++) ui_fill(top + r, 0, a->cols_n, A_NORMAL);
		page_draw(a, top, x, h, w);
	} else {
		br.tree_w = a->cols_n / 3 > 38 ? 38 : a->cols_n / 3;
		tree_draw(top, 0, h, br.tree_w, br.focus == PANE_TREE, a->utf8);
		attrset(theme_attr(R_PANE_BORDER));
		mvvline(top, br.tree_w, a->utf8 ? ACS_VLINE : '|', h);
		attrset(A_NORMAL);
		page_draw(a, top, br.tree_w + 2, h, a->cols_n - br.tree_w - 2);
	}
	if (br.finding) { draw_find_prompt(a); return; }
	const struct doc *d = page_doc();
	char *crumbs = tree_breadcrumbs();
	struct buf left = BUF_INIT;
	buf_adds(&left, crumbs ? crumbs : d ? d->id : "");
	int pct = page_percent();
	if (pct >= 0) buf_addf(&left, "  %d%%", pct);
	ui_status(a, buf_str(&left), br.workshop ? "Space next  , prev  w exit  q quit" : "? help  / find  s search  c checklist  q quit");
	buf_free(&left);
	free(crumbs);
}

/* The workshop's walk: the pages of the partner type being presented. */
static void workshop_step(struct app *a, int dir)
{
	size_t n;
	const char **seq = tree_partner_pages(br.workshop_partner, &n);
	const struct doc *d = page_doc();
	int cur = -1;
	for (size_t i = 0; i < n; i++)
		if (d && strcasecmp(seq[i], d->id) == 0) cur = (int)i;
	int next = cur < 0 ? 0 : cur + dir;
	const char *label = vocab_label(VOCAB_PARTNER, br.workshop_partner);
	if (!n) {
		/* nothing to walk */
	} else if (next < 0 || next >= (int)n) {
		app_message(a, dir > 0 ? "last page of the %s walk" : "first page", label);
	} else {
		open_doc(a, seq[next], 1);
		app_message(a, "%s · page %d of %zu", label, next + 1, n);
	}
	free(seq);
}

static void workshop_toggle(struct app *a)
{
	if (br.workshop) {
		br.workshop = 0;
		page_invalidate();
		app_message(a, "workshop mode off");
		return;
	}
	const char *partner = app_partner(a);   /* before the workshop's own partner counts */
	snprintf(br.workshop_partner, sizeof br.workshop_partner, "%s", partner);
	br.workshop = 1;
	page_invalidate();
	app_message(a, "workshop: %s · Space next page, comma previous, w to leave", vocab_label(VOCAB_PARTNER, partner));
}

static void find_action(struct app *a, enum action act)
{
	if (act == ACT_CLOSE) { br.finding = 0; page_find_clear(); }
	else if (act == ACT_ACCEPT) { br.finding = 0; page_find_next(a, 1); }
	else if (act == ACT_DELETE) page_find_delete();
}

static void browse_action(struct app *a, enum action act, int key)
{
	if (br.finding) { find_action(a, act); return; }
	switch (act) {
	case ACT_QUIT: a->quit = 1; return;
	case ACT_FOCUS: br.focus = br.focus == PANE_TREE ? PANE_PAGE : PANE_TREE; return;
	case ACT_FIND:
		br.finding = 1;
		br.focus = PANE_PAGE;
		page_find_clear();
		return;
	case ACT_WORKSHOP: workshop_toggle(a); return;
	case ACT_CLOSE: if (br.workshop) workshop_toggle(a); return;
	case ACT_BACK:
		if (br.focus == PANE_TREE && key != 'h') { page_action(a, ACT_BACK); follow_page(); return; }
		break;
	default: break;
	}
	if (browse_mode(a) == MODE_TREE) {
		const char *open = tree_action(act, a->rows_n - 2);
		if (open && open_doc(a, open, 1) == 0) br.focus = PANE_PAGE;
		return;
	}
	if (br.workshop && key == ' ') act = ACT_NEXT_PAGE;
	if (act == ACT_NEXT_PAGE || act == ACT_PREV_PAGE) workshop_step(a, act == ACT_NEXT_PAGE ? 1 : -1);
	else page_action(a, act);
	follow_page();
}

static void browse_input(struct app *a, int ch)
{
	if (br.finding) page_find_add(a, ch);
}

static void browse_mouse(struct app *a, int y, int x, int button)
{
	int in_tree = !br.workshop && x < br.tree_w;
	int h = a->rows_n - 2;
	if (button == 4 || button == 5) {
		int dir = button == 4 ? -3 : 3;
		if (in_tree) tree_wheel(dir, h);
		else page_scroll_by(dir);
		return;
	}
	if (in_tree) {
		br.focus = PANE_TREE;
		const char *open = tree_click(y - 1, h);
		if (open && open_doc(a, open, 1) == 0) br.focus = PANE_PAGE;
		return;
	}
	br.focus = PANE_PAGE;
	page_click(a, y, x);
	follow_page();
}

static void browse_close(struct app *a)
{
	(void)a;
	page_free();
	tree_free();
}

const struct screen screen_browse = {
	.mode = browse_mode, .draw = browse_draw, .action = browse_action, .input = browse_input,
	.mouse = browse_mouse, .close = browse_close,
};
