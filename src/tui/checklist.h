/* checklist.h - the checklist's model, shared by its screen (checklist_screen.c) and its flows (assess.c): items, states, rows, filters, the plan. */
#ifndef PWAF_CHECKLIST_H
#define PWAF_CHECKLIST_H

#include "core/contentdb.h"
#include "core/errlen.h"
#include "tui/list.h"
#include "core/state.h"

struct app;

enum cl_row_kind { ROW_HEAD, ROW_PAGE, ROW_ITEM };

/* A row: a heading (a pillar, or a rank of the plan), a page, or an item. */
struct cl_row {
	enum cl_row_kind kind;
	int doc;                   /* index into items (ROW_ITEM; for ROW_PAGE, its first item) */
	const char *pillar;        /* ROW_HEAD of a pillar */
	int rank;                  /* ROW_HEAD of the plan: plan_rank, else -1 */
};

struct checklist {
	char partner[32];          /* the assessment's partner type */
	char assessment[64];
	int loaded;                /* items and states are those of partner and assessment */
	struct doc_list items;     /* the partner type's items, in reading order */
	struct doc_list pages;     /* every page, in reading order */
	struct item_state_list states;
	unsigned serial;           /* counts reloads of the states (the detail pane follows it) */
	struct cl_row *rows;
	size_t nrows;
	struct list_cursor cur;
	const char *level_filter, *pillar_filter;
	int state_filter;          /* enum item_state_value, -1: all */
	int live_filter;           /* enum check_status, -1: all */
	char text_filter[64];
	int plan;                  /* the improvement plan instead of the pillars */
	char error[PWAF_ERRLEN];         /* the state database could not be used: shown instead of the list */
	int can_undo;
};

extern struct checklist cl;

/* Open the state database (created when missing) and the assessment cl.assessment. 0, or -1 with cl.error. */
int cl_open_state(struct app *a);
/* Load partner's items and the assessment's states; rows built, the cursor on the first item. */
void cl_load(struct app *a, const char *partner);
/* Read the states again (after a change) and rebuild the rows, keeping the selected item. */
void cl_reload_states(struct app *a);
/* Rebuild the rows for the filters and the view; the cursor stays on its item when it can. */
void cl_build_rows(struct app *a);

const struct item_state *cl_state_of(const char *id);
int cl_state_value(const char *id);
/* The live status of an item: an enum check_status, or -1 (no live source, not checked yet). */
int cl_live(struct app *a, const struct doc *d);

/* The selected item, or NULL (a heading, or nothing). */
const struct doc *cl_selected(void);
/* Select the row of item id: 1, or 0 when it is not listed. */
int cl_select_item(const char *id);
/* Move the cursor by a list action, over headings to the next item. 1 when act moves. */
int cl_move(enum action act, int page);
/* Select the next item after the selection whose state is open (wrapping); 0 when none is. */
int cl_advance(void);
/* Items done and items that apply (not n/a), of a pillar (NULL: all). */
void cl_counts(const char *pillar, size_t *done, size_t *applicable);
/* The title of a page, from the pages already loaded. */
const char *cl_page_title(const char *page);

void cl_free(void);

#endif
