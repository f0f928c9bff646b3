/* checklist.c - the checklist's model: a partner type's items in reading order, the assessment's states, filtered rows, the plan. */
#include "tui/checklist.h"
#include "core/errlen.h"

#include "tui/app.h"
#include "core/buf.h"
#include "ws/live.h"
#include "core/plan.h"
#include "core/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct checklist cl = { .state_filter = -1, .live_filter = -1 };

const struct item_state *cl_state_of(const char *id)
{
	for (size_t i = 0; i < cl.states.n; i++)
		if (strcasecmp(cl.states.v[i].item, id) == 0) return &cl.states.v[i];
	return NULL;
}

int cl_state_value(const char *id)
{
	const struct item_state *s = cl_state_of(id);
	return s ? (int)s->state : ITEM_OPEN;
}

int cl_live(struct app *a, const struct doc *d)
{
	if (!a->live || !live_active(a->live) || live_checking(a->live, d)) return -1;
	const struct check_result *r = live_result(a->live, d->id);
	return r ? (int)r->status : -1;
}

static int item_visible(struct app *a, const struct doc *d)
{
	if (cl.level_filter && (!d->level || strcmp(d->level, cl.level_filter) != 0)) return 0;
	if (cl.pillar_filter && (!d->pillar || strcmp(d->pillar, cl.pillar_filter) != 0)) return 0;
	if (cl.state_filter >= 0 && cl_state_value(d->id) != cl.state_filter) return 0;
	if (cl.live_filter >= 0 && cl_live(a, d) != cl.live_filter) return 0;
	if (cl.text_filter[0] && !strcasestr(d->id, cl.text_filter) && !strcasestr(d->title, cl.text_filter)) return 0;
	return 1;
}

static void add_row(enum cl_row_kind k, int doc, const char *pillar, int rank)
{
	cl.rows = xrealloc(cl.rows, (cl.nrows + 1) * sizeof *cl.rows);
	cl.rows[cl.nrows++] = (struct cl_row){ k, doc, pillar, rank };
}

/* For each pillar, its pages in reading order, each with its visible items. */
static void pillar_rows(struct app *a)
{
	for (const struct vocab_term *p = vocab_terms(VOCAB_PILLAR); p->id; p++) {
		size_t head = cl.nrows;
		int any = 0;
		add_row(ROW_HEAD, -1, p->id, -1);
		const char *page = NULL;
		for (size_t i = 0; i < cl.items.n; i++) {
			const struct doc *d = &cl.items.v[i];
			if (!d->pillar || strcmp(d->pillar, p->id) != 0 || !item_visible(a, d)) continue;
			if (!page || strcmp(page, d->page) != 0) { add_row(ROW_PAGE, (int)i, p->id, -1); page = d->page; }
			add_row(ROW_ITEM, (int)i, p->id, -1);
			any = 1;
		}
		if (!any) cl.nrows = head;
	}
}

/* The plan: a heading per rank, its visible items in reading order. */
static void plan_rows(struct app *a)
{
	for (int rank = 0; rank < 4; rank++) {
		size_t head = cl.nrows;
		int any = 0;
		add_row(ROW_HEAD, -1, NULL, rank);
		for (size_t i = 0; i < cl.items.n; i++) {
			const struct doc *d = &cl.items.v[i];
			int live = cl_live(a, d);
			if (live < 0 || !item_visible(a, d)) continue;
			int level_rank = plan_rank((enum check_status)live, d->level, (enum item_state_value)cl_state_value(d->id));
			if (level_rank != rank) continue;
			add_row(ROW_ITEM, (int)i, d->pillar, -1);
			any = 1;
		}
		if (!any) cl.nrows = head;
	}
}

static int selectable(int row, void *ctx)
{
	(void)ctx;
	return cl.rows[row].kind == ROW_ITEM;
}

void cl_build_rows(struct app *a)
{
	const struct doc *sel = cl_selected();
	char *keep = sel ? xstrdup(sel->id) : NULL;
	free(cl.rows);
	cl.rows = NULL;
	cl.nrows = 0;
	if (cl.plan) plan_rows(a);
	else pillar_rows(a);
	list_set_count(&cl.cur, (int)cl.nrows);
	if (!keep || !cl_select_item(keep)) list_select_near(&cl.cur, cl.cur.sel, 1, selectable, NULL);
	free(keep);
}

const struct doc *cl_selected(void)
{
	if (cl.cur.sel >= (int)cl.nrows || cl.rows[cl.cur.sel].kind != ROW_ITEM) return NULL;
	return &cl.items.v[cl.rows[cl.cur.sel].doc];
}

int cl_select_item(const char *id)
{
	for (size_t i = 0; i < cl.nrows; i++)
		if (cl.rows[i].kind == ROW_ITEM && strcasecmp(cl.items.v[cl.rows[i].doc].id, id) == 0) {
			list_select(&cl.cur, (int)i);
			return 1;
		}
	return 0;
}

int cl_move(enum action act, int page)
{
	return list_act_skip(&cl.cur, act, page, selectable, NULL);
}

int cl_advance(void)
{
	for (size_t k = 1; k <= cl.nrows; k++) {
		size_t i = ((size_t)cl.cur.sel + k) % cl.nrows;
		if (cl.rows[i].kind == ROW_ITEM && cl_state_value(cl.items.v[cl.rows[i].doc].id) == ITEM_OPEN) {
			list_select(&cl.cur, (int)i);
			return 1;
		}
	}
	return 0;
}

void cl_counts(const char *pillar, size_t *done, size_t *applicable)
{
	*done = *applicable = 0;
	for (size_t i = 0; i < cl.items.n; i++) {
		const struct doc *d = &cl.items.v[i];
		if (pillar && (!d->pillar || strcmp(d->pillar, pillar) != 0)) continue;
		int s = cl_state_value(d->id);
		if (s == ITEM_NA) continue;
		(*applicable)++;
		if (s == ITEM_DONE) (*done)++;
	}
}

/* Items in reading order: by their page's place among the pages, then by id. */
static int page_rank(const char *page)
{
	for (size_t i = 0; i < cl.pages.n; i++)
		if (page && strcmp(cl.pages.v[i].id, page) == 0) return (int)i;
	return (int)cl.pages.n;
}

static int item_cmp(const void *x, const void *y)
{
	const struct doc *a = x, *b = y;
	int c = page_rank(a->page) - page_rank(b->page);
	return c ? c : strcmp(a->id, b->id);
}

const char *cl_page_title(const char *page)
{
	int k = page_rank(page);
	return k < (int)cl.pages.n ? cl.pages.v[k].title : page ? page : "";
}

int cl_open_state(struct app *a)
{
	char err[PWAF_ERRLEN];
	if (!a->state && state_open(a->state_path, STATE_OPEN_CREATE, &a->state, err, sizeof err) != STATE_OK) {
		snprintf(cl.error, sizeof cl.error, "%s", err);
		return -1;
	}
	if (state_assessment_ensure(a->state, cl.assessment, NULL, NULL, NULL, NULL) != STATE_OK) {
		snprintf(cl.error, sizeof cl.error, "%s", state_errmsg(a->state));
		return -1;
	}
	return 0;
}

static void load_states(struct app *a)
{
	item_state_list_free(&cl.states);
	memset(&cl.states, 0, sizeof cl.states);
	cl.serial++;
	if (a->state && state_items(a->state, cl.assessment, &cl.states) == STATE_ERROR)
		snprintf(cl.error, sizeof cl.error, "%s", state_errmsg(a->state));
}

void cl_load(struct app *a, const char *partner)
{
	snprintf(cl.partner, sizeof cl.partner, "%s", partner);
	doc_list_free(&cl.items);
	struct doc_filter f = { .kind = "item", .partner = cl.partner };
	if (cdb_list(a->db, &f, &cl.items) < 0) snprintf(cl.error, sizeof cl.error, "cannot read the checklist");
	doc_list_free(&cl.pages);
	struct doc_filter pf = { .kind = "page" };
	if (cdb_list(a->db, &pf, &cl.pages) == 0)   /* pages come in their `order` */
		qsort(cl.items.v, cl.items.n, sizeof *cl.items.v, item_cmp);
	load_states(a);
	cl.cur = (struct list_cursor){ 0 };
	cl.can_undo = 0;
	cl.loaded = 1;
	cl_build_rows(a);
}

void cl_reload_states(struct app *a)
{
	load_states(a);
	cl_build_rows(a);
}

void cl_free(void)
{
	doc_list_free(&cl.pages);
	doc_list_free(&cl.items);
	item_state_list_free(&cl.states);
	free(cl.rows);
	cl.rows = NULL;
	cl.nrows = 0;
	cl.loaded = 0;
}
