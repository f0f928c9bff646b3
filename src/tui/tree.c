/* tree.c - the navigation tree pane: rows of the expanded tree, the cursor, drawing, expand and collapse. */
#include "tui/tree.h"

#include "core/buf.h"
#include "tui/list.h"
#include "core/navtree.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/vocab.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
	struct nav_tree nav;
	struct nav_rows rows;
	struct list_cursor cur;
	int doc_node;              /* the node showing the open document, or -1 */
	char filter[128];          /* rows: the nodes whose label holds it, and their ancestors */
} t = { .doc_node = -1 };

static void add_kept(const char *keep, int node, size_t *cap)
{
	for (int n = node; n >= 0; n = t.nav.v[n].next_sibling) {
		if (!keep[n]) continue;
		if (t.rows.n == *cap) t.rows.v = xrealloc(t.rows.v, (*cap = *cap ? *cap * 2 : 64) * sizeof *t.rows.v);
		t.rows.v[t.rows.n++] = n;
		add_kept(keep, t.nav.v[n].first_child, cap);   /* as deep as the tree: four levels */
	}
}

/* Filtered rows, in tree order: the nodes that match and their ancestors (a node's parent comes
 * before it in the node array, so one backward pass marks them). */
static void filtered_rows(void)
{
	char *keep = xcalloc(t.nav.n + 1, 1);
	for (size_t i = t.nav.n; i-- > 0;) {
		if (strcasestr(t.nav.v[i].label, t.filter)) keep[i] = 1;
		if (keep[i] && t.nav.v[i].parent >= 0) keep[t.nav.v[i].parent] = 1;
	}
	size_t cap = 0;
	if (t.nav.n) add_kept(keep, 0, &cap);
	free(keep);
}

static void refresh_rows(void)
{
	nav_rows_free(&t.rows);
	if (t.filter[0]) filtered_rows();
	else nav_rows(&t.nav, &t.rows);
	list_set_count(&t.cur, (int)t.rows.n);
}

void tree_filter(const char *text)
{
	int node = t.rows.n ? t.rows.v[t.cur.sel] : -1;
	snprintf(t.filter, sizeof t.filter, "%s", text ? text : "");
	refresh_rows();
	/* stay on the node selected, or the first match */
	int best = -1;
	for (size_t i = 0; i < t.rows.n && best < 0; i++)
		if (t.rows.v[i] == node) best = (int)i;
	for (size_t i = 0; i < t.rows.n && best < 0 && t.filter[0]; i++)
		if (strcasestr(t.nav.v[t.rows.v[i]].label, t.filter)) best = (int)i;
	list_select(&t.cur, best < 0 ? 0 : best);
}

const char *tree_filter_text(void)
{
	return t.filter;
}

const char *tree_selected_doc(void)
{
	int n = t.rows.n ? t.rows.v[t.cur.sel] : -1;
	return n >= 0 ? t.nav.v[n].doc_id : NULL;
}

void tree_mark_shown(void)
{
	if (t.rows.n && t.nav.v[t.rows.v[t.cur.sel]].doc_id) t.doc_node = t.rows.v[t.cur.sel];
}

static void select_node(int node)
{
	nav_reveal(&t.nav, node);
	int shown = 0;
	for (size_t i = 0; i < t.rows.n && !shown; i++) shown = t.rows.v[i] == node;
	if (!shown) t.filter[0] = '\0';   /* a filter that hides the node gives way */
	refresh_rows();
	for (size_t i = 0; i < t.rows.n; i++)
		if (t.rows.v[i] == node) { list_select(&t.cur, (int)i); break; }
}

static int sel_node(void)
{
	return t.rows.n ? t.rows.v[t.cur.sel] : -1;
}

int tree_init(struct cdb *db)
{
	if (nav_build(&t.nav, db) < 0) return -1;
	t.doc_node = -1;
	refresh_rows();
	return 0;
}

void tree_free(void)
{
	nav_rows_free(&t.rows);
	nav_free(&t.nav);
}

static int level_role(const char *level)
{
	if (!level) return R_TREE;
	if (vocab_level_of(level) == LEVEL_REQUIRED) return R_REQUIRED;
	if (vocab_level_of(level) == LEVEL_ANTI_PATTERN) return R_ANTIPATTERN;
	if (vocab_level_of(level) == LEVEL_INFO) return R_DIM;
	return R_RECOMMENDED;
}

void tree_draw(int y, int x, int h, int w, int focused, int utf8)
{
	list_show(&t.cur, h);
	for (int r = 0; r < h; r++) {
		int row = t.cur.top + r;
		ui_fill(y + r, x, w, A_NORMAL);
		if (row >= (int)t.rows.n) continue;
		const struct nav_node *nd = &t.nav.v[t.rows.v[row]];
		int selected = row == t.cur.sel;
		int attr = nd->kind == NAV_FACET || nd->kind == NAV_GROUP ? theme_attr(R_TREE_GROUP) : theme_attr(R_TREE);
		if (selected) attr = theme_attr(focused ? R_TREE_FOCUS : R_TREE_SELECTED);
		if (selected) ui_fill(y + r, x, w, attr);
		int col = nd->depth * 2;
		const char *glyph = "  ";
		int open = nd->expanded || t.filter[0];
		if (nd->first_child >= 0) glyph = open ? (utf8 ? "▾ " : "- ") : (utf8 ? "▸ " : "+ ");
		col += ui_put(y + r, x + col, w - col, glyph, strlen(glyph), attr);
		if (nd->kind == NAV_ITEM && nd->level && !selected) {
			/* The level as a letter too, so it reads without colour. */
			const char *tag = vocab_level_of(nd->level) == LEVEL_REQUIRED ? "R " : vocab_level_of(nd->level) == LEVEL_ANTI_PATTERN ? "A "
					  : vocab_level_of(nd->level) == LEVEL_INFO ? "i " : "r ";
			col += ui_put(y + r, x + col, w - col, tag, 2, theme_attr(level_role(nd->level)));
		}
		ui_put(y + r, x + col, w - col, nd->label, strlen(nd->label), attr);
	}
}

const char *tree_action(enum action act, int h)
{
	int node = sel_node();
	struct nav_node *nd = node >= 0 ? &t.nav.v[node] : NULL;
	if (list_act(&t.cur, act, h)) return NULL;   /* moving previews nothing; Enter opens */
	switch (act) {
	case ACT_EXPAND:
		if (nd && nd->first_child >= 0) { nd->expanded = 1; refresh_rows(); }
		break;
	case ACT_COLLAPSE:
		if (nd && nd->first_child >= 0 && nd->expanded) { nd->expanded = 0; refresh_rows(); }
		else if (nd && nd->parent >= 0) select_node(nd->parent);
		break;
	case ACT_OPEN:
		if (!nd) break;
		if (nd->doc_id) return nd->doc_id;
		nd->expanded = !nd->expanded;
		refresh_rows();
		break;
	default: break;
	}
	return NULL;
}

const char *tree_click(int row, int h)
{
	int i = t.cur.top + row;
	if (row < 0 || i >= (int)t.rows.n) return NULL;
	list_select(&t.cur, i);
	return tree_action(ACT_OPEN, h);
}

void tree_wheel(int delta, int h)
{
	list_scroll(&t.cur, delta, h);
	list_select(&t.cur, t.cur.top);
}

void tree_show_doc(const char *id)
{
	int under = sel_node();
	while (under >= 0 && t.nav.v[under].kind != NAV_GROUP && t.nav.v[under].kind != NAV_FACET)
		under = t.nav.v[under].parent;
	t.doc_node = nav_find_doc(&t.nav, id, under);
	if (t.doc_node >= 0) select_node(t.doc_node);
}

const char *tree_partner(void)
{
	for (int p = t.doc_node; p >= 0; p = t.nav.v[p].parent)
		if (t.nav.v[p].kind == NAV_GROUP && vocab_find(VOCAB_PARTNER, t.nav.v[p].group)) return t.nav.v[p].group;
	return NULL;
}

char *tree_breadcrumbs(void)
{
	return t.doc_node >= 0 ? nav_breadcrumbs(&t.nav, t.doc_node) : NULL;
}

const char **tree_partner_pages(const char *partner, size_t *n)
{
	int *seq = NULL;
	*n = nav_partner_pages(&t.nav, partner, &seq);
	const char **ids = xcalloc(*n + 1, sizeof *ids);
	for (size_t i = 0; i < *n; i++) ids[i] = t.nav.v[seq[i]].doc_id;
	free(seq);
	return ids;
}
