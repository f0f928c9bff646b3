/* tree.h - the navigation tree pane: facets, groups, pages and items, with one list cursor. Knows nothing of the page. */
#ifndef PWAF_TREE_H
#define PWAF_TREE_H

#include "tui/actions.h"
#include "core/contentdb.h"

/* Build the tree from the content. 0, or -1 when the content cannot be read. */
int tree_init(struct cdb *db);
void tree_free(void);

/* Draw the rows that fit in h x w at (y, x); the selection in the focus colour when focused. */
void tree_draw(int y, int x, int h, int w, int focused, int utf8);
/*
 * Apply a tree action (move, expand, collapse, open) with h rows on screen. Returns the id of a
 * document to open (Enter on a page or item: borrowed, valid until the tree changes), else NULL.
 */
const char *tree_action(enum action act, int h);
/* A click on screen row `row` (0 = the first row drawn): select it; returns what tree_action(ACT_OPEN) does. */
const char *tree_click(int row, int h);
/* The mouse wheel: scroll by delta rows, the selection on the first row shown. */
void tree_wheel(int delta, int h);

/* Show only the nodes whose label holds text (case-insensitive), with their ancestors; "" or NULL
 * shows the tree again. The selection stays on its node when it can, else the first match. */
void tree_filter(const char *text);
const char *tree_filter_text(void);
/* The document of the selected node (NULL for a facet or group). */
const char *tree_selected_doc(void);
/* The selected node shows the open document (a preview opened it from there). */
void tree_mark_shown(void);

/* Show that document id is open: select (and reveal) the node showing it, preferring one under
 * the group of the current selection. Nodes not showing a document leave the tree unchanged. */
void tree_show_doc(const char *id);
/* The partner type of the group holding the open document ("built-on"), or NULL. */
const char *tree_partner(void);
/* "Built-On ISV › Cost attribution › BO-TAG-01" for the open document (malloc'd), or NULL. */
char *tree_breadcrumbs(void);
/* The pages of a partner type in reading order (the workshop's walk): ids borrowed from the
 * tree, *n of them; free the array only. */
const char **tree_partner_pages(const char *partner, size_t *n);

#endif
