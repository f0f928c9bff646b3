/* browse.c - the main screen: navigation tree on the left, the page on the right, find prompt. */
#include "app.h"

#include "buf.h"
#include "live.h"
#include "vocab.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void tree_refresh_rows(struct app *a)
{
	nav_rows_free(&a->rows);
	nav_rows(&a->tree, &a->rows);
	if (a->sel >= (int)a->rows.n) a->sel = (int)a->rows.n - 1;
	if (a->sel < 0) a->sel = 0;
}

void tree_select_node(struct app *a, int node)
{
	nav_reveal(&a->tree, node);
	tree_refresh_rows(a);
	for (size_t i = 0; i < a->rows.n; i++)
		if (a->rows.v[i] == node) { a->sel = (int)i; break; }
}

static int sel_node(const struct app *a)
{
	return a->rows.n ? a->rows.v[a->sel] : -1;
}

static enum mode browse_mode(const struct app *a)
{
	if (a->finding) return MODE_FIND;
	return a->focus == PANE_TREE && !a->workshop ? MODE_TREE : MODE_PAGE;
}

static int level_role(const char *level)
{
	if (!level) return R_TREE;
	if (strcmp(level, "required") == 0) return R_REQUIRED;
	if (strcmp(level, "anti-pattern") == 0) return R_ANTIPATTERN;
	return R_RECOMMENDED;
}

static void draw_tree(struct app *a, int y, int x, int h, int w)
{
	if (a->sel < a->top) a->top = a->sel;
	if (a->sel >= a->top + h) a->top = a->sel - h + 1;
	for (int r = 0; r < h; r++) {
		int row = a->top + r;
		ui_fill(y + r, x, w, A_NORMAL);
		if (row >= (int)a->rows.n) continue;
		const struct nav_node *nd = &a->tree.v[a->rows.v[row]];
		int selected = row == a->sel;
		int attr = nd->kind == NAV_FACET || nd->kind == NAV_GROUP ? theme_attr(R_TREE_GROUP) : theme_attr(R_TREE);
		if (nd->kind == NAV_ITEM) attr = theme_attr(R_TREE);
		if (selected) attr = theme_attr(a->focus == PANE_TREE ? R_TREE_FOCUS : R_TREE_SELECTED);
		if (selected) ui_fill(y + r, x, w, attr);
		int col = nd->depth * 2;
		const char *glyph = "  ";
		if (nd->first_child >= 0) glyph = nd->expanded ? (a->utf8 ? "▾ " : "- ") : (a->utf8 ? "▸ " : "+ ");
		col += ui_put(y + r, x + col, w - col, glyph, strlen(glyph), attr);
		if (nd->kind == NAV_ITEM && nd->level && !selected) {
			/* The level as a letter too, so it reads without colour. */
			const char *tag = strcmp(nd->level, "required") == 0 ? "R " : strcmp(nd->level, "anti-pattern") == 0 ? "A " : "r ";
			col += ui_put(y + r, x + col, w - col, tag, 2, theme_attr(level_role(nd->level)));
		}
		ui_put(y + r, x + col, w - col, nd->label, strlen(nd->label), attr);
	}
}

static void draw_find_prompt(struct app *a)
{
	int y = a->rows_n - 1;
	ui_fill(y, 0, a->cols_n, theme_attr(R_INPUT));
	int x = ui_put(y, 0, a->cols_n, "Find in page: /", 15, theme_attr(R_INPUT));
	x += ui_put(y, x, a->cols_n - x - 1, a->find, a->find_len, theme_attr(R_INPUT));
	move(y, x);
}

static void browse_draw(struct app *a)
{
	int top = 1, h = a->rows_n - 2;
	char right[64];
	snprintf(right, sizeof right, "%s%s", a->workshop ? "workshop · " : "", live_summary(a->live));
	ui_title(a, right);
	if (a->workshop) {
		int w = a->cols_n - 4 > 92 ? 92 : a->cols_n - 4;
		int x = (a->cols_n - w) / 2;
		for (int r = 0; r < h; r++) ui_fill(top + r, 0, a->cols_n, A_NORMAL);
		page_draw(a, top, x, h, w);
	} else {
		a->tree_w = a->cols_n / 3 > 38 ? 38 : a->cols_n / 3;
		draw_tree(a, top, 0, h, a->tree_w);
		attrset(theme_attr(R_PANE_BORDER));
		mvvline(top, a->tree_w, a->utf8 ? ACS_VLINE : '|', h);
		attrset(A_NORMAL);
		page_draw(a, top, a->tree_w + 2, h, a->cols_n - a->tree_w - 2);
	}
	if (a->finding) { draw_find_prompt(a); return; }
	char *crumbs = a->doc_node >= 0 ? nav_breadcrumbs(&a->tree, a->doc_node) : xstrdup(a->have_doc ? a->doc.id : "");
	struct buf left = BUF_INIT;
	buf_adds(&left, crumbs);
	if (a->md && a->md->nlines > (size_t)a->page_h)
		buf_addf(&left, "  %d%%", (int)((a->scroll + a->page_h) * 100 / (int)a->md->nlines > 100 ? 100
						: (a->scroll + a->page_h) * 100 / (int)a->md->nlines));
	ui_status(a, buf_str(&left), a->workshop ? "Space next  , prev  w exit  q quit" : "? help  / find  s search  c checklist  q quit");
	buf_free(&left);
	free(crumbs);
}

static void tree_action(struct app *a, enum action act)
{
	int node = sel_node(a);
	struct nav_node *nd = node >= 0 ? &a->tree.v[node] : NULL;
	int h = a->rows_n - 2;
	switch (act) {
	case ACT_UP: if (a->sel > 0) a->sel--; break;
	case ACT_DOWN: if (a->sel + 1 < (int)a->rows.n) a->sel++; break;
	case ACT_PGUP: a->sel = a->sel > h ? a->sel - h : 0; break;
	case ACT_PGDN: a->sel = a->sel + h < (int)a->rows.n ? a->sel + h : (int)a->rows.n - 1; break;
	case ACT_TOP: a->sel = 0; break;
	case ACT_BOTTOM: a->sel = (int)a->rows.n - 1; break;
	case ACT_EXPAND:
		if (nd && nd->first_child >= 0) { nd->expanded = 1; tree_refresh_rows(a); }
		break;
	case ACT_COLLAPSE:
		if (nd && nd->first_child >= 0 && nd->expanded) { nd->expanded = 0; tree_refresh_rows(a); }
		else if (nd && nd->parent >= 0) tree_select_node(a, nd->parent);
		break;
	case ACT_OPEN:
		if (!nd) break;
		if (nd->doc_id) {
			page_open(a, nd->doc_id, 1);
			a->focus = PANE_PAGE;
		} else {
			nd->expanded = !nd->expanded;
			tree_refresh_rows(a);
		}
		break;
	default: break;
	}
	/* Moving in the tree previews nothing; Enter opens. */
}

/* The workshop's sequence: the pages of the partner type being presented. */
static void workshop_step(struct app *a, int dir)
{
	int *seq;
	size_t n = nav_partner_pages(&a->tree, a->workshop_partner, &seq);
	if (!n) { free(seq); return; }
	int cur = -1;
	for (size_t i = 0; i < n; i++)
		if (a->have_doc && strcasecmp(a->tree.v[seq[i]].doc_id, a->doc.id) == 0) cur = (int)i;
	int next = cur < 0 ? 0 : cur + dir;
	if (next < 0 || next >= (int)n) {
		app_message(a, dir > 0 ? "last page of the %s walk" : "first page", vocab_label(VOCAB_PARTNER, a->workshop_partner));
	} else {
		page_open(a, a->tree.v[seq[next]].doc_id, 1);
		app_message(a, "%s · page %d of %zu", vocab_label(VOCAB_PARTNER, a->workshop_partner), next + 1, n);
	}
	free(seq);
}

static void workshop_toggle(struct app *a)
{
	a->workshop = !a->workshop;
	a->md_width = 0;
	if (!a->workshop) { app_message(a, "workshop mode off"); return; }
	const char *partner = NULL;
	for (int p = a->doc_node; p >= 0 && !partner; p = a->tree.v[p].parent)
		if (a->tree.v[p].kind == NAV_GROUP && vocab_find(VOCAB_PARTNER, a->tree.v[p].group)) partner = a->tree.v[p].group;
	if (!partner && a->have_doc && a->doc.partners[0] && a->doc.partners[1] == NULL) partner = a->doc.partners[0];
	if (!partner) partner = "connected-isv";
	snprintf(a->workshop_partner, sizeof a->workshop_partner, "%s", partner);
	app_message(a, "workshop: %s · Space next page, comma previous, w to leave", vocab_label(VOCAB_PARTNER, partner));
}

static void page_action(struct app *a, enum action act, int key)
{
	int h = a->page_h > 0 ? a->page_h : 10;
	if (a->workshop && key == ' ') act = ACT_NEXT_PAGE;
	switch (act) {
	case ACT_UP: page_scroll_to(a, a->scroll - 1); break;
	case ACT_DOWN: page_scroll_to(a, a->scroll + 1); break;
	case ACT_PGUP: page_scroll_to(a, a->scroll - (h - 2)); break;
	case ACT_PGDN: page_scroll_to(a, a->scroll + (h - 2)); break;
	case ACT_TOP: page_scroll_to(a, 0); break;
	case ACT_BOTTOM: page_scroll_to(a, a->md ? (int)a->md->nlines : 0); break;
	case ACT_SCROLL_LEFT: a->hscroll = a->hscroll > 8 ? a->hscroll - 8 : 0; break;
	case ACT_SCROLL_RIGHT: a->hscroll += 8; break;
	case ACT_OPEN: page_follow(a, a->link); break;
	case ACT_NEXT_LINK: page_select_link(a, 1); break;
	case ACT_PREV_LINK: page_select_link(a, -1); break;
	case ACT_BACK: page_back(a); break;
	case ACT_FORWARD: page_forward(a); break;
	case ACT_FIND_NEXT: page_find_next(a, 1); break;
	case ACT_FIND_PREV: page_find_next(a, -1); break;
	case ACT_NEXT_PAGE: workshop_step(a, 1); break;
	case ACT_PREV_PAGE: workshop_step(a, -1); break;
	default: break;
	}
}

static void browse_action(struct app *a, enum action act, int key)
{
	if (a->finding) {
		if (act == ACT_CLOSE) { a->finding = 0; a->find_len = 0; a->find[0] = '\0'; }
		else if (act == ACT_ACCEPT) { a->finding = 0; page_find_next(a, 1); }
		else if (act == ACT_DELETE) ui_input_delete(a->find, &a->find_len);
		return;
	}
	switch (act) {
	case ACT_QUIT: a->quit = 1; return;
	case ACT_FOCUS: a->focus = a->focus == PANE_TREE ? PANE_PAGE : PANE_TREE; return;
	case ACT_FIND:
		a->finding = 1; a->find_len = 0; a->find[0] = '\0'; a->focus = PANE_PAGE;
		return;
	case ACT_WORKSHOP: workshop_toggle(a); return;
	case ACT_CLOSE: if (a->workshop) workshop_toggle(a); return;
	case ACT_BACK:
		if (a->focus == PANE_TREE && key != 'h') { page_back(a); return; }
		break;
	default: break;
	}
	if (browse_mode(a) == MODE_TREE) tree_action(a, act);
	else page_action(a, act, key);
}

static void browse_input(struct app *a, int ch)
{
	if (!a->finding) return;
	size_t before = a->find_len;
	ui_input_add(a->find, &a->find_len, sizeof a->find, ch);
	if (a->find_len != before && ui_input_complete(a->find, a->find_len)) {
		/* Jump to the first match as you type. */
		int keep = a->scroll;
		a->scroll = keep > 0 ? keep - 1 : 0;
		page_find_next(a, 1);
		if (a->msg[0] && strstr(a->msg, "is not on this page")) a->scroll = keep;
	}
}

static void browse_mouse(struct app *a, int y, int x, int button)
{
	int in_tree = !a->workshop && x < a->tree_w;
	if (button == 4 || button == 5) {
		int dir = button == 4 ? -3 : 3;
		if (in_tree) { a->top += dir; if (a->top < 0) a->top = 0; a->sel = a->top; }
		else page_scroll_to(a, a->scroll + dir);
		return;
	}
	if (in_tree) {
		int row = a->top + y - 1;
		if (row >= 0 && row < (int)a->rows.n) {
			a->sel = row;
			a->focus = PANE_TREE;
			tree_action(a, ACT_OPEN);
		}
		return;
	}
	a->focus = PANE_PAGE;
	int line = a->scroll + y - a->page_y;
	if (!a->md || line < 0 || line >= (int)a->md->nlines) return;
	const struct md_line *l = &a->md->lines[line];
	int col = 0;
	for (size_t s = 0; s < l->nspans; s++) {
		int w = (int)md_text_width(l->text + l->spans[s].off, l->spans[s].len);
		if (x - a->page_x >= col && x - a->page_x < col + w && l->spans[s].link >= 0) {
			a->link = l->spans[s].link;
			page_follow(a, a->link);
			return;
		}
		col += w;
	}
}

static enum mode browse_mode_fn(const struct app *a)
{
	return browse_mode(a);
}

const struct screen screen_browse = {
	"browse", browse_mode_fn, browse_draw, browse_action, browse_input, browse_mouse
};
