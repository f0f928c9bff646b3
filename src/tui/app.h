/* app.h - what the explorer's screens share (content, settings, live source, state DB, message) and the screen table they implement. */
#ifndef PWAF_APP_H
#define PWAF_APP_H

#include "tui/actions.h"
#include "core/contentdb.h"
#include "core/settings.h"

struct app;
struct live;
struct state_db;

/*
 * One screen. Each keeps its own state in its own file (as tig's views do); what they share is
 * struct app. mode says which keymap applies; input gets printable characters in prompt modes
 * and keys no action is bound to; close frees the screen's state when the explorer ends.
 */
struct screen {
	enum mode (*mode)(const struct app *a);
	void (*draw)(struct app *a);
	void (*action)(struct app *a, enum action act, int key);
	void (*input)(struct app *a, int ch);             /* or NULL */
	void (*mouse)(struct app *a, int y, int x, int button);   /* or NULL */
	void (*close)(struct app *a);                     /* or NULL */
	void (*refreshed)(struct app *a);                 /* after a change reached the terminal: write what
	                                                     curses cannot (hyperlinks); or NULL */
};

extern const struct screen screen_browse, screen_search, screen_help, screen_checklist, screen_pick;

struct app {
	struct cdb *db;                /* the content */
	struct config cfg;             /* the settings file */
	int utf8;                      /* the locale is UTF-8 (else ASCII glyphs) */
	int rows_n, cols_n;            /* screen size */
	int quit;
	char msg[256];                 /* one-shot message for the status line */
	const struct screen *screen;   /* the active screen */
	struct live *live;             /* live status (demo, snapshot or workspace) */
	struct state_db *state;        /* opened when the checklist is first shown */
	const char *state_path;        /* --state, or NULL for the default */
	int hyperlinks;                /* write OSC 8 hyperlinks (the setting, or what the terminal supports) */
	unsigned live_serial;          /* counts changes of the live results */
	const struct screen *checklist_ret;   /* where closing the checklist goes: the screen it was opened
	                                         from (the fleet screen, the pages), NULL: the pages */
};

void app_message(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The partner type the reader is in: the workshop's, the tree group of the open page, the open
 * item's (its first), the open page's only one; NULL when none. (browse.c) */
const char *app_partner(const struct app *a);
/* Leave the current screen for the page of id (from search results, the checklist); Back from that
 * page returns to the screen as it was left. (browse.c) */
void app_show_doc(struct app *a, const char *id);
/* The same from search results: the words of query are marked in the page. */
void app_show_search_result(struct app *a, const char *id, const char *query);

/* Screens' entry points. */
/* Build the tree and open start_id (NULL: the introduction). -1 with a message when the content
 * cannot be read or start_id cannot be opened. */
int browse_start(struct app *a, const char *start_id);
void help_open(struct app *a);
void search_open(struct app *a);
void checklist_open(struct app *a);

#endif
