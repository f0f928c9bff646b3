/* list.h - one list cursor (selection, first visible row, count) for every list on screen: tree, checklist, search results, help. */
#ifndef PWAF_LIST_H
#define PWAF_LIST_H

#include "tui/actions.h"

/*
 * sel is the selected row and top the first row shown; both stay within 0 .. n - 1 (0 when the
 * list is empty). A list without a selection (help: text to scroll) keeps sel == top.
 * The functions below clamp; none fails.
 */
struct list_cursor {
	int sel, top, n;
};

/* A new row count (the list was rebuilt or filtered): keep sel and top where they can stay. */
void list_set_count(struct list_cursor *c, int n);
/* Select row i (clamped). */
void list_select(struct list_cursor *c, int i);
/* Select the row delta rows away (clamped). */
void list_move(struct list_cursor *c, int delta);
/*
 * Move by an action: up, down, page-up and page-down (by page rows), top, bottom. Returns 1 when
 * act is one of them, else 0 (nothing changed).
 */
int list_act(struct list_cursor *c, enum action act, int page);
/*
 * The same over rows that cannot be selected (headings): after the move, the nearest row ok()
 * accepts, in the direction of the move, else the other way. Returns list_act's answer.
 */
int list_act_skip(struct list_cursor *c, enum action act, int page, int (*ok)(int row, void *ctx), void *ctx);
/* Select row i, or the nearest row ok() accepts, looking in direction dir (1 down, -1 up) first. */
void list_select_near(struct list_cursor *c, int i, int dir, int (*ok)(int row, void *ctx), void *ctx);
/* Scroll so that sel is among the h rows from top (before drawing h rows). */
void list_show(struct list_cursor *c, int h);
/* The same, and the headings (rows ok() refuses) right above the selected row come into view too
 * while it stays in view. */
void list_show_above(struct list_cursor *c, int h, int (*ok)(int row, void *ctx), void *ctx);
/* Scroll the view (the mouse wheel, or a list without selection) by delta rows with h rows on
 * screen, never past the last screenful; sel follows to stay in view. */
void list_scroll(struct list_cursor *c, int delta, int h);

#endif
