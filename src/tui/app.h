/* app.h - the explorer's state, shared by its screens, and the screen table they implement. */
#ifndef PWAF_APP_H
#define PWAF_APP_H

#include "actions.h"
#include "settings.h"
#include "contentdb.h"
#include "navtree.h"
#include "render.h"
#include "search.h"
#include "theme.h"

#include <stddef.h>

struct app;

/* One screen: how it draws, what its actions do, and (prompt modes) what typed text does. */
struct screen {
	const char *name;
	enum mode (*mode)(const struct app *a);
	void (*draw)(struct app *a);
	void (*action)(struct app *a, enum action act, int key);
	void (*input)(struct app *a, int ch);             /* printable characters, or NULL */
	void (*mouse)(struct app *a, int y, int x, int button);
};

extern const struct screen screen_browse, screen_search, screen_help, screen_checklist;

struct live;
struct state_db;

enum pane { PANE_TREE, PANE_PAGE };

struct hist_entry {
	char *id;
	int scroll;
	int node;
};

#define HIST_MAX 64

struct app {
	struct cdb *db;
	struct config cfg;
	int utf8, demo;
	int rows_n, cols_n;            /* screen size */
	int quit;
	char msg[256];                 /* one-shot message for the status line */
	const struct screen *screen;   /* the active screen */
	struct live *live;             /* live status (demo, snapshot or workspace) */
	struct state_db *state;        /* opened when the checklist is first shown */
	const char *state_path;        /* --state, or NULL for the default */
	int live_shown;                /* results version the page was composed with */

	/* tree */
	struct nav_tree tree;
	struct nav_rows rows;
	int sel, top;                  /* selected row, first visible row */
	enum pane focus;

	/* page */
	struct doc doc;
	int have_doc, doc_node;
	struct md_doc *md;
	int md_width;
	int scroll, hscroll, link;     /* first visible line, code column offset, selected link (-1) */
	int page_y, page_x, page_h, page_w;   /* where the page was last drawn */
	int tree_w;
	struct hist_entry back[HIST_MAX], fwd[HIST_MAX];
	int nback, nfwd;

	/* in-page find (MODE_FIND edits the prompt) */
	int finding;
	char find[128];
	size_t find_len;

	/* global search */
	char query[256];
	size_t qlen;
	struct search_hits hits;
	int hit_sel, hit_top;
	const struct screen *search_return;

	/* workshop mode */
	int workshop;
	char workshop_partner[32];
};

/* Drawing helpers (ui.c). */
int ui_put(int y, int x, int w, const char *s, size_t len, int attr);   /* returns columns used */
void ui_fill(int y, int x, int w, int attr);
void ui_status(struct app *a, const char *left, const char *hints);
void ui_title(struct app *a, const char *right);
/* Prompt editing: append one typed byte (UTF-8 sequences arrive byte by byte), or delete the
 * last whole character. s has room for cap bytes including the NUL. */
void ui_input_add(char *s, size_t *len, size_t cap, int ch);
void ui_input_delete(char *s, size_t *len);
/* 1 when the text ends on a whole UTF-8 character (so it is worth searching for). */
int ui_input_complete(const char *s, size_t len);

/* Page model (page.c). */
int page_open(struct app *a, const char *target, int push_history);    /* 0, or -1 (message set) */
void page_layout(struct app *a, int width);
void page_back(struct app *a);
void page_forward(struct app *a);
void page_find_next(struct app *a, int dir);
void page_follow(struct app *a, int link);
void page_select_link(struct app *a, int dir);
void page_draw(struct app *a, int y, int x, int h, int w);
void page_scroll_to(struct app *a, int line);
void page_free(struct app *a);
/* Leave the current screen for the page of id (from search results, the checklist). */
void app_show_doc(struct app *a, const char *id);

/* Tree model helpers (browse.c). */
void tree_refresh_rows(struct app *a);
void tree_select_node(struct app *a, int node);

void app_message(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Screens' entry points. */
void help_open(struct app *a);
void checklist_open(struct app *a);
void checklist_free(void);

#endif
