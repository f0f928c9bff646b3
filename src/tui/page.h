/* page.h - the page pane: a document composed and rendered, scrolled, searched, its links and history. Knows nothing of the tree. */
#ifndef PWAF_PAGE_H
#define PWAF_PAGE_H

#include "actions.h"
#include "contentdb.h"

#include <stddef.h>

struct app;

/*
 * Open an id, "id#anchor" or "#anchor" (a heading of the open page). push_history keeps the
 * page left in the back list. Returns 0, or -1 with a message set (no such id or heading).
 */
int page_open(struct app *a, const char *target, int push_history);
/* The open document, or NULL. */
const struct doc *page_doc(void);
/* Counts the documents opened (back and forward too), so the screen can follow the page. */
unsigned page_serial(void);
/* Compose again before the next draw (the live status changed, the width did). */
void page_invalidate(void);

/* Draw in h x w at (y, x), laying the text out for the width when it changed. */
void page_draw(struct app *a, int y, int x, int h, int w);
/* How far down the reader is, in percent, or -1 when the page fits on the screen. */
int page_percent(void);
/*
 * The page's own actions: scroll (up, down, page, top, bottom, left, right for code), links
 * (next, previous, open = follow), history (back, forward), find-next and find-prev.
 * Returns 1 when act is one of them.
 */
int page_action(struct app *a, enum action act);
/* Scroll by delta lines (the mouse wheel). */
void page_scroll_by(int delta);
/* A click at screen (y, x): follows the link there, if any. */
void page_click(struct app *a, int y, int x);

/* Find in page: the text typed so far (matches are marked while it is set). */
const char *page_find_text(size_t *len);
void page_find_clear(void);
/* Add a typed byte; once a character is whole, jump to the first match from here. */
void page_find_add(struct app *a, int ch);
void page_find_delete(void);
/* The next (dir 1) or previous (-1) line holding the text, wrapping around. */
void page_find_next(struct app *a, int dir);

void page_free(void);

#endif
