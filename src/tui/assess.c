/* assess.c - the checklist's flows: its partner type and assessment chosen in choosers, milestones compared, exports written. */
#include "tui/assess.h"
#include "core/errlen.h"

#include "tui/app.h"
#include "core/atomicfile.h"
#include "core/buf.h"
#include "tui/checklist.h"
#include "core/export.h"
#include "ws/live.h"
#include "tui/page.h"
#include "tui/pick.h"
#include "core/report.h"
#include "core/state.h"
#include "core/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Show the checklist of partner, the item of the page being read selected when it is listed. */
static void show(struct app *a, const char *partner)
{
	cl_load(a, partner);
	const struct doc *d = page_doc();
	if (a->screen == &screen_browse && d && vocab_kind_of(d->kind) == KIND_ITEM) cl_select_item(d->id);
	a->screen = &screen_checklist;
}

/* ---- the partner type ---------------------------------------------------------------------- */

static void partner_accept(struct app *a, int index, const char *id)
{
	(void)index;
	if (!id) return;
	if (state_assessment_set_partner(a->state, cl.assessment, id) != STATE_OK) {
		app_message(a, "not saved: %s", state_errmsg(a->state));
		return;
	}
	show(a, id);
	app_message(a, "assessment '%s' walks the %s checklist", cl.assessment, vocab_label(VOCAB_PARTNER, id));
}

static const struct pick_spec partner_spec = { "Which partner type does this assessment cover? It keeps the answer.",
					       "Enter choose  Esc back", partner_accept, NULL, NULL };

void assess_pick_partner(struct app *a)
{
	const char *want = cl.loaded && cl.partner[0] ? cl.partner : app_partner(a);
	pick_clear();
	int sel = 0, i = 0;
	for (const struct vocab_term *t = vocab_terms(VOCAB_PARTNER); t->id; t++, i++) {
		pick_add(t->label, t->id, t->id);
		if (want && strcmp(want, t->id) == 0) sel = i;
	}
	pick_open(a, &partner_spec, sel);
}

/* ---- opening the checklist ------------------------------------------------------------------- */

void checklist_open(struct app *a)
{
	cl.error[0] = '\0';
	if (!cl.assessment[0])
		snprintf(cl.assessment, sizeof cl.assessment, "%s", a->cfg.assessment ? a->cfg.assessment : "default");
	if (cl_open_state(a) < 0) { a->screen = &screen_checklist; return; }
	struct assessment as = { 0 };
	if (state_assessment_get(a->state, cl.assessment, &as) != STATE_OK) {
		snprintf(cl.error, sizeof cl.error, "%s", state_errmsg(a->state));
		a->screen = &screen_checklist;
		return;
	}
	if (as.partner && vocab_find(VOCAB_PARTNER, as.partner)) show(a, as.partner);
	else assess_pick_partner(a);   /* ask once: the assessment keeps it */
	assessment_free(&as);
}

/* ---- assessments ------------------------------------------------------------------------------- */

static void switch_to(struct app *a, const char *name)
{
	snprintf(cl.assessment, sizeof cl.assessment, "%s", name);
	cl.loaded = 0;
	a->screen = &screen_browse;   /* as if c was pressed: the page's item is selected */
	checklist_open(a);
	if (!cl.error[0]) app_message(a, "assessment '%s'", cl.assessment);
}

static void assessment_accept(struct app *a, int index, const char *id)
{
	(void)index;
	if (id) switch_to(a, id);
}

static void assessment_create(struct app *a, const char *name)
{
	if (state_assessment_ensure(a->state, name, NULL, NULL, NULL, NULL) != STATE_OK) {
		app_message(a, "not created: %s", state_errmsg(a->state));
		return;
	}
	switch_to(a, name);
}

static const struct pick_spec assessment_spec = { "Assessments: Enter walks one, n creates one",
						  "Enter choose  n new  Esc back", assessment_accept, assessment_create,
						  "New assessment name: " };

void assess_pick_assessment(struct app *a)
{
	struct assessment_list l = { 0 };
	if (!a->state || state_assessment_list(a->state, &l) != STATE_OK) {
		app_message(a, "cannot list the assessments: %s", a->state ? state_errmsg(a->state) : "no state database");
		return;
	}
	pick_clear();
	int sel = 0;
	for (size_t i = 0; i < l.n; i++) {
		pick_add(l.v[i].name, l.v[i].partner ? vocab_label(VOCAB_PARTNER, l.v[i].partner) : "partner type not chosen yet",
			 l.v[i].name);
		if (strcmp(l.v[i].name, cl.assessment) == 0) sel = (int)i;
	}
	assessment_list_free(&l);
	pick_open(a, &assessment_spec, sel);
}

/* ---- milestones ---------------------------------------------------------------------------------- */

static char compare_from[128];

static const char *state_short(enum item_state_value v)
{
	return state_value_name(v);
}

static void diff_accept(struct app *a, int index, const char *id)
{
	(void)a;
	(void)index;
	(void)id;
}

static const struct pick_spec diff_spec = { NULL, "Esc back", diff_accept, NULL, NULL };

static void compare_accept(struct app *a, int index, const char *to)
{
	(void)index;
	if (!to) return;
	/* always from the older milestone to the newer, whichever was chosen first */
	const char *from = compare_from;
	struct milestone_list l = { 0 };
	int first_from = 1;
	if (state_milestone_list(a->state, cl.assessment, &l) == STATE_OK)
		for (size_t i = 0; i < l.n; i++) {
			if (strcmp(l.v[i].name, compare_from) == 0) break;
			if (strcmp(l.v[i].name, to) == 0) { first_from = 0; break; }
		}
	milestone_list_free(&l);
	static char older[128], newer[128];
	snprintf(older, sizeof older, "%s", first_from ? from : to);
	snprintf(newer, sizeof newer, "%s", first_from ? to : from);
	from = older;
	to = newer;
	struct milestone_diff d;
	int rc = state_milestone_diff(a->state, cl.assessment, from, to, &d);
	if (rc != STATE_OK) { app_message(a, "cannot compare: %s", state_errmsg(a->state)); return; }
	static char title[300];
	snprintf(title, sizeof title, "From milestone '%s' to '%s': %zu item%s changed", from, to, d.n,
		 d.n == 1 ? "" : "s");
	static struct pick_spec spec;
	spec = diff_spec;
	spec.title = title;
	pick_clear();
	for (size_t i = 0; i < d.n; i++) {
		const struct milestone_change *c = &d.v[i];
		struct buf label = BUF_INIT, right = BUF_INIT;
		buf_addf(&label, "%-14s", c->item);
		if (c->old_state != c->new_state) buf_addf(&label, " state %s → %s", state_short(c->old_state), state_short(c->new_state));
		else buf_addf(&label, " state %s", state_short(c->new_state));
		if (c->old_live != c->new_live && (!c->old_live || !c->new_live || strcmp(c->old_live, c->new_live) != 0))
			buf_addf(&right, "live %s → %s", c->old_live ? c->old_live : "not checked", c->new_live ? c->new_live : "not checked");
		else if (c->new_live)
			buf_addf(&right, "live %s", c->new_live);
		pick_add(buf_str(&label), right.len ? buf_str(&right) : NULL, c->item);
		buf_free(&label);
		buf_free(&right);
	}
	milestone_diff_free(&d);
	pick_open(a, &spec, 0);
}

static void milestone_accept(struct app *a, int index, const char *from)
{
	(void)index;
	if (!from) return;
	struct milestone_list l = { 0 };
	if (state_milestone_list(a->state, cl.assessment, &l) != STATE_OK) return;
	snprintf(compare_from, sizeof compare_from, "%s", from);
	static char title[200];
	snprintf(title, sizeof title, "Compare milestone '%s' with which other one?", from);
	static struct pick_spec spec = { NULL, "Enter compare  Esc back", compare_accept, NULL, NULL };
	spec.title = title;
	pick_clear();
	int sel = 0, n = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.v[i].name, from) == 0) { sel = n; continue; }
		char when[40] = "";
		time_t t = (time_t)l.v[i].created_at;
		struct tm tm;
		if (localtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		pick_add(l.v[i].name, when, l.v[i].name);
		n++;
	}
	milestone_list_free(&l);
	if (!n) { app_message(a, "one milestone only: n in the milestones creates another to compare with"); return; }
	pick_open(a, &spec, sel < n ? sel : n - 1);
}

static void milestone_create(struct app *a, const char *name)
{
	/* keep the live statuses seen now beside the states, to compare them later */
	struct milestone_live *live = xcalloc(cl.items.n + 1, sizeof *live);
	size_t n = 0;
	for (size_t i = 0; i < cl.items.n; i++) {
		int s = cl_live(a, &cl.items.v[i]);
		if (s < 0) continue;
		const struct check_result *r = live_result(a->live, cl.items.v[i].id);
		live[n++] = (struct milestone_live){ cl.items.v[i].id, check_status_name((enum check_status)s), r ? r->evidence : NULL };
	}
	struct milestone m;
	int rc = state_milestone_create_live(a->state, cl.assessment, name, n ? live_summary(a->live) : NULL, live, n, &m);
	free(live);
	if (rc != STATE_OK) { app_message(a, "no milestone: %s", state_errmsg(a->state)); return; }
	app_message(a, "milestone '%s': %zu item states and %zu live statuses kept", m.name, m.items, n);
	free(m.name);
	assess_milestones(a);
}

static const struct pick_spec milestones_spec = { "Milestones: n creates one; Enter on one, then another, shows what changed",
						  "n new  Enter compare  Esc back", milestone_accept, milestone_create,
						  "New milestone name: " };

void assess_milestones(struct app *a)
{
	struct milestone_list l = { 0 };
	if (!a->state || state_milestone_list(a->state, cl.assessment, &l) != STATE_OK) {
		app_message(a, "cannot list the milestones: %s", a->state ? state_errmsg(a->state) : "no state database");
		return;
	}
	pick_clear();
	for (size_t i = 0; i < l.n; i++) {
		char right[80] = "", when[40] = "";
		time_t t = (time_t)l.v[i].created_at;
		struct tm tm;
		if (localtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		snprintf(right, sizeof right, "%s · %zu item states", when, l.v[i].items);
		pick_add(l.v[i].name, right, l.v[i].name);
	}
	milestone_list_free(&l);
	pick_open(a, &milestones_spec, pick_count() ? pick_count() - 1 : 0);
}

/* ---- export ---------------------------------------------------------------------------------------- */

const char *assess_export_name(void)
{
	static char name[160];
	char safe[80];
	size_t k = 0;
	for (const char *p = cl.assessment; *p && k + 1 < sizeof safe; p++)
		safe[k++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ? *p : '-';
	safe[k] = '\0';
	snprintf(name, sizeof name, "pwaf-%s-%s.html", safe, cl.partner);
	return name;
}

void assess_export(struct app *a, const char *path)
{
	int format = report_format_of_name(path);
	if (!*path) { app_message(a, "no file name: nothing exported"); return; }
	if (format < 0) { app_message(a, "cannot tell the format of '%s': use .html, .md, .json or .csv", path); return; }
	struct assessment_export e;
	char err[PWAF_ERRLEN];
	int rc = assessment_export_build(a->db, a->state, cl.assessment, cl.partner, (int64_t)time(NULL), &e, err, sizeof err);
	if (rc == STATE_ERROR) { app_message(a, "not exported: %s", err); return; }
	struct report_live *live = xcalloc(e.r.n + 1, sizeof *live);
	int any = 0;
	for (size_t i = 0; i < e.r.n; i++) {
		const struct check_result *r = a->live && live_active(a->live) ? live_result(a->live, e.items[i].id) : NULL;
		if (!r) continue;
		live[i].status = r->status;
		live[i].evidence = r->evidence;
		e.items[i].live = &live[i];
		any = 1;
	}
	if (any) e.r.live_source = live_summary(a->live);
	struct buf out = BUF_INIT;
	report_write(&e.r, (enum report_format)format, &out);
	if (atomic_write(path, buf_str(&out), out.len, err, sizeof err) == 0)
		app_message(a, "exported %zu %s items to %s", e.r.n, vocab_label(VOCAB_PARTNER, cl.partner), path);
	else
		app_message(a, "not exported: %s", err);
	buf_free(&out);
	free(live);
	assessment_export_free(&e);
}
