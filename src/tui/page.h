/* page.h - the page pane: a document composed and rendered, scrolled, searched, its links and history. Knows nothing of the tree. */
#ifndef PWAF_PAGE_H
#define PWAF_PAGE_H

#include "tui/actions.h"
#include "core/contentdb.h"
#include "md/render.h"

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
/* The text to find (as the prompt holds it now); when it grew to a whole character, jump to the
 * first match from here. */
void page_find_set(struct app *a, const char *text);
/* The next (dir 1) or previous (-1) line holding the text, wrapping around. */
void page_find_next(struct app *a, int dir);

/* Mark the words of a search (the one that opened the page) wherever they are; n and N go to them
 * while no find text is set. Opening another page clears them. */
void page_highlight(const char *query);
/* Pages in the back list: a screen that opened this page can tell when Back would leave it. */
int page_depth(void);
/* The headings of the page as laid out (for its contents), and scrolling to one's line. */
size_t page_headings(const struct md_heading **out);
void page_goto_line(int line);
/* The selected link's target, else the page's source URL; NULL when there is neither. */
const char *page_link_target(void);
/* After the screen is refreshed: write the visible web links again as OSC 8 hyperlinks (only
 * URLs termseq_url_ok accepts), leaving the cursor and attributes as curses left them. */
void page_hyperlinks(void);

void page_free(void);

#endif
