/* test_plan.c - the improvement plan (plan.c) and the exports around it: ranking, plan sections, format by file name, partner-only exports. */
#include "core/export.h"
#include "core/plan.h"
#include "core/report.h"

#include "core/buf.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- ranking ------------------------------------------------------------------------------ */

Test(plan, rank_puts_failing_required_first_then_failing_then_warnings)
{
	cr_assert_eq(plan_rank(CHECK_FAIL, "required", ITEM_OPEN), 0);
	cr_assert_eq(plan_rank(CHECK_FAIL, "recommended", ITEM_OPEN), 1);
	cr_assert_eq(plan_rank(CHECK_FAIL, "anti-pattern", ITEM_DONE), 1, "a failing item marked done still fails");
	cr_assert_eq(plan_rank(CHECK_FAIL, NULL, ITEM_OPEN), 1, "no level is not required");
	cr_assert_eq(plan_rank(CHECK_WARN, "required", ITEM_BLOCKED), 2);
	cr_assert_eq(plan_rank(CHECK_WARN, "info", ITEM_OPEN), 3);
}

Test(plan, rank_leaves_out_passes_unknowns_and_not_applicable_items)
{
	for (int st = 0; st < CHECK_NSTATUS; st++)
		if (st != CHECK_FAIL && st != CHECK_WARN)
			cr_assert_eq(plan_rank((enum check_status)st, "required", ITEM_OPEN), -1, "status %s", check_status_name(st));
	cr_assert_eq(plan_rank(CHECK_FAIL, "required", ITEM_NA), -1, "n/a items are not in the plan");
	cr_assert_eq(plan_rank(CHECK_WARN, "recommended", ITEM_NA), -1);
}

Test(plan, rank_labels)
{
	cr_assert_str_eq(plan_rank_label(0), "required, failing");
	cr_assert_str_eq(plan_rank_label(1), "failing");
	cr_assert_str_eq(plan_rank_label(2), "required, warning");
	cr_assert_str_eq(plan_rank_label(3), "warning");
	cr_assert_null(plan_rank_label(-1));
	cr_assert_null(plan_rank_label(4));
}

static const struct report_live L_FAIL = { CHECK_FAIL, "3 clusters lack customer_id" };
static const struct report_live L_FAIL2 = { CHECK_FAIL, "<b>2</b> tokens never expire" };
static const struct report_live L_WARN = { CHECK_WARN, "1 warehouse is classic" };
static const struct report_live L_PASS = { CHECK_PASS, "all tagged" };
static const struct report_live L_UNKNOWN = { CHECK_UNKNOWN, "not an admin" };

/* In report order: the plan must reorder them. */
static const struct report_item plan_items[] = {
	{ "I-01", "warns, recommended", "technical-standards", "recommended", NULL, NULL, ITEM_OPEN, NULL, NULL, 0, &L_WARN, "Make it serverless." },
	{ "I-02", "fails, recommended", "technical-standards", "recommended", NULL, NULL, ITEM_OPEN, NULL, NULL, 0, &L_FAIL2, "Set a lifetime <90d>." },
	{ "I-03", "passes", "technical-standards", "required", NULL, NULL, ITEM_OPEN, NULL, NULL, 0, &L_PASS, "n/a" },
	{ "I-04", "warns, required", "technical-standards", "required", NULL, NULL, ITEM_DONE, NULL, NULL, 0, &L_WARN, NULL },
	{ "I-05", "fails, required", "measurement-attribution", "required", NULL, NULL, ITEM_OPEN, NULL, NULL, 0, &L_FAIL, "Tag every cluster with customer_id." },
	{ "I-06", "not checked", "technical-standards", "required", NULL, NULL, ITEM_OPEN, NULL, NULL, 0, NULL, NULL },
	{ "I-07", "fails, required, second", "technical-standards", "required", NULL, NULL, ITEM_BLOCKED, NULL, NULL, 0, &L_FAIL, "Tag them too." },
	{ "I-08", "fails but n/a", "technical-standards", "required", NULL, NULL, ITEM_NA, "no compute", NULL, 0, &L_FAIL, NULL },
	{ "I-09", "unknown", "technical-standards", "required", NULL, NULL, ITEM_OPEN, NULL, NULL, 0, &L_UNKNOWN, NULL },
};
#define N_PLAN (sizeof plan_items / sizeof *plan_items)

static const struct report plan_rep = {
	.assessment = "plan", .partner = "built-on", .live_source = "demo workspace",
	.generated_at = 1714570000, .items = plan_items, .n = N_PLAN
};

Test(plan, order_ranks_then_keeps_the_report_order_on_ties)
{
	size_t order[N_PLAN];
	size_t n = plan_order(&plan_rep, order);
	static const char *const want[] = { "I-05", "I-07", "I-02", "I-04", "I-01" };
	cr_assert_eq(n, 5, "pass, not checked, n/a and unknown items are left out (got %zu)", n);
	for (size_t i = 0; i < n; i++) cr_assert_str_eq(plan_items[order[i]].id, want[i], "place %zu", i);
}

Test(plan, order_of_an_empty_report_or_one_without_findings_is_empty)
{
	struct report empty = { .assessment = "e" };
	size_t order[1] = { 99 };
	cr_assert_eq(plan_order(&empty, order), 0);
	struct report_item ok[] = { plan_items[2], plan_items[5] };
	struct report r = { .assessment = "ok", .items = ok, .n = 2 };
	cr_assert_eq(plan_order(&r, order), 0);
}

/* --- the plan in the exports ----------------------------------------------------------------- */

static char *write_rep(const struct report *r, enum report_format f)
{
	struct buf b = BUF_INIT;
	report_write(r, f, &b);
	return buf_take(&b);
}

/* Index of needle in hay, or -1 (for order assertions). */
static long at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	return p ? p - hay : -1;
}

Test(plan, markdown_section_is_ranked_with_evidence_and_fixes)
{
	char *m = write_rep(&plan_rep, REPORT_MARKDOWN);
	long sec = at(m, "\n## Improvement plan\n");
	cr_assert(sec >= 0, "%s", m);
	char *p = m + sec;
	char *end = strstr(p + 1, "\n## ");   /* the section ends at the next one */
	if (end) *end = '\0';
	long a = at(p, "1. **I-05**"), b = at(p, "2. **I-07**"), c = at(p, "3. **I-02**"), d = at(p, "4. **I-04**"),
	     e = at(p, "5. **I-01**");
	cr_assert(a >= 0 && a < b && b < c && c < d && d < e, "ranked list: %s", p);
	cr_assert(at(p, "(required, failing)") >= 0 && at(p, "(required, warning)") >= 0, "%s", p);
	cr_assert(at(p, "Fix: Tag every cluster with customer\\_id.") >= 0, "fix shown and escaped: %s", p);
	cr_assert(at(p, "Evidence: 3 clusters lack customer\\_id") >= 0, "%s", p);
	cr_assert(at(p, "\\<b\\>2\\</b\\>") >= 0, "evidence is escaped: %s", p);
	cr_assert(at(p, "**I-03**") < 0 && at(p, "**I-06**") < 0 && at(p, "**I-08**") < 0 && at(p, "**I-09**") < 0, "%s", p);
	free(m);
}

Test(plan, html_section_is_an_ordered_escaped_list)
{
	char *h = write_rep(&plan_rep, REPORT_HTML);
	long sec = at(h, "<h2>Improvement plan</h2>");
	cr_assert(sec >= 0);
	const char *p = h + sec;
	long a = at(p, "<strong>I-05</strong>"), b = at(p, "<strong>I-07</strong>"), c = at(p, "<strong>I-02</strong>"),
	     e = at(p, "<strong>I-01</strong>");
	cr_assert(at(p, "<ol class=\"plan\">") >= 0 && a >= 0 && a < b && b < c && c < e, "%s", p);
	cr_assert(at(p, "<strong>Fix:</strong> Set a lifetime &lt;90d&gt;.") >= 0, "fix escaped: %.2000s", p);
	cr_assert(at(p, "&lt;b&gt;2&lt;/b&gt; tokens never expire") >= 0);
	cr_assert(at(p, "<b>2</b>") < 0, "no raw HTML from evidence");
	free(h);
}

Test(plan, json_plan_array_has_the_documented_fields_in_order)
{
	char *s = write_rep(&plan_rep, REPORT_JSON);
	cJSON *j = cJSON_Parse(s);
	cr_assert_not_null(j);
	cJSON *plan = cJSON_GetObjectItem(j, "plan");
	cr_assert(cJSON_IsArray(plan));
	cr_assert_eq(cJSON_GetArraySize(plan), 5);
	static const char *const ids[] = { "I-05", "I-07", "I-02", "I-04", "I-01" };
	static const char *const keys[] = { "id", "title", "level", "state", "live", "evidence", "fix", "why" };
	for (int i = 0; i < 5; i++) {
		cJSON *o = cJSON_GetArrayItem(plan, i);
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "id")), ids[i]);
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) cr_assert(cJSON_HasObjectItem(o, keys[k]), "%s lacks %s", ids[i], keys[k]);
	}
	cJSON *first = cJSON_GetArrayItem(plan, 0);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(first, "why")), "required, failing");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(first, "live")), "fail");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(first, "fix")), "Tag every cluster with customer_id.");
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(plan, 3), "fix")), "no fix is null");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(plan, 3), "state")), "done");
	cJSON_Delete(j);
	free(s);
}

Test(plan, without_live_results_markdown_and_html_have_no_plan_and_json_an_empty_one)
{
	struct report r = plan_rep;
	r.live_source = NULL;
	struct report_item none[N_PLAN];
	memcpy(none, plan_items, sizeof none);
	for (size_t i = 0; i < N_PLAN; i++) none[i].live = NULL;
	r.items = none;
	char *m = write_rep(&r, REPORT_MARKDOWN), *h = write_rep(&r, REPORT_HTML), *s = write_rep(&r, REPORT_JSON);
	cr_assert(!strstr(m, "Improvement plan") && !strstr(h, "Improvement plan"));
	cJSON *j = cJSON_Parse(s);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "plan")), 0);
	cJSON_Delete(j);
	free(m);
	free(h);
	free(s);
}

Test(plan, live_results_without_findings_say_so)
{
	struct report_item ok[] = { plan_items[2] };
	struct report r = { .assessment = "ok", .live_source = "demo workspace", .items = ok, .n = 1 };
	char *m = write_rep(&r, REPORT_MARKDOWN), *h = write_rep(&r, REPORT_HTML);
	cr_assert(strstr(m, "## Improvement plan\n\nNo live check fails or warns."), "%s", m);
	cr_assert(strstr(h, "No live check fails or warns."));
	free(m);
	free(h);
}

/* --- the format an output file's name asks for --------------------------------------------- */

Test(plan, export_format_follows_the_output_name_and_refuses_unknown_extensions)
{
	cr_assert_eq(report_format_of_name("r.md"), REPORT_MARKDOWN);
	cr_assert_eq(report_format_of_name("r.MARKDOWN"), REPORT_MARKDOWN);
	cr_assert_eq(report_format_of_name("out/report"), REPORT_MARKDOWN, "no extension is Markdown");
	cr_assert_eq(report_format_of_name("out.d/report"), REPORT_MARKDOWN, "a dot in a directory is no extension");
	cr_assert_eq(report_format_of_name("r.html"), REPORT_HTML);
	cr_assert_eq(report_format_of_name("R.HTM"), REPORT_HTML);
	cr_assert_eq(report_format_of_name("a/b.json"), REPORT_JSON);
	cr_assert_eq(report_format_of_name("x.Csv"), REPORT_CSV);
	cr_assert_eq(report_format_of_name("r.pdf"), -1);
	cr_assert_eq(report_format_of_name("r.md.pdf"), -1, "the last extension counts");
	cr_assert_eq(report_format_of_name("r.docx"), -1);
	cr_assert_eq(report_format_of_name("r."), -1);
}

/* --- an export holds only its partner type's items ------------------------------------------ */

static char *dir;

static void export_setup(void)
{
	dir = tu_tmpdir();
}

static void export_teardown(void)
{
	tu_rmrf(dir);
	free(dir);
}

static void item_file(const char *id, const char *partner, const char *level)
{
	struct buf b = BUF_INIT, name = BUF_INIT;
	buf_addf(&b, "---\nid: %s\nkind: item\ntitle: \"Item %s\"\npartners: [%s]\npillar: technical-standards\n"
		 "level: %s\npage: guide\nsource: https://example.com/%s\n---\n\n# Item %s\n\nWhat it asks.\n\n"
		 "## Fix a failure\n\nFix %s *now*.\n", id, id, partner, level, id, id, id);
	buf_addf(&name, "%s.md", id);
	tu_write(dir, buf_str(&name), buf_str(&b));
	buf_free(&b);
	buf_free(&name);
}

static int has_item(const struct assessment_export *e, const char *id)
{
	for (size_t i = 0; i < e->r.n; i++)
		if (strcmp(e->r.items[i].id, id) == 0) return 1;
	return 0;
}

static const struct report_item *item_of(const struct assessment_export *e, const char *id)
{
	for (size_t i = 0; i < e->r.n; i++)
		if (strcmp(e->r.items[i].id, id) == 0) return &e->r.items[i];
	return NULL;
}

TestSuite(export, .init = export_setup, .fini = export_teardown);

Test(export, holds_only_the_partner_types_items_and_their_fixes)
{
	char *page = tu_page("guide", "Guide", "built-on, connected-isv", "The guide.");
	tu_write(dir, "guide.md", page);
	free(page);
	item_file("BO-X-01", "built-on", "required");
	item_file("BO-X-02", "built-on", "recommended");
	item_file("ISV-X-01", "connected-isv", "required");
	struct diag d = { 0 };
	cr_assert_eq(tu_index(dir, &d), 0, "%s", tu_diag_text(&d));
	diag_free(&d);
	struct cdb *c = tu_open(dir);
	cr_assert_not_null(c);

	struct buf sp = BUF_INIT;
	buf_addf(&sp, "%s/state.db", dir);
	struct state_db *s = NULL;
	char err[512];
	cr_assert_eq(state_open(buf_str(&sp), STATE_OPEN_CREATE, &s, err, sizeof err), STATE_OK, "%s", err);
	buf_free(&sp);
	cr_assert_eq(state_assessment_ensure(s, "acme", "built-on", NULL, NULL, NULL), STATE_OK);
	struct state_change done = { ITEM_DONE, NULL, "built-on work", "test" };
	struct state_change isv = { ITEM_DONE, NULL, "isv work", "test" };
	cr_assert_eq(state_item_set(s, "acme", "BO-X-01", &done, NULL), STATE_OK);
	cr_assert_eq(state_item_set(s, "acme", "ISV-X-01", &isv, NULL), STATE_OK);

	/* The assessment's own partner type. */
	struct assessment_export e;
	cr_assert_eq(assessment_export_build(c, s, "acme", NULL, 1, &e, err, sizeof err), STATE_OK, "%s", err);
	cr_assert_eq(e.r.n, 2, "built-on items only (got %zu)", e.r.n);
	cr_assert(has_item(&e, "BO-X-01") && has_item(&e, "BO-X-02") && !has_item(&e, "ISV-X-01"),
		  "another partner type's marked item is left out");
	cr_assert_str_eq(e.r.partner, "built-on");
	const struct report_item *it = item_of(&e, "BO-X-01");
	cr_assert_eq(it->state, ITEM_DONE);
	cr_assert_not_null(it->fix);
	cr_assert(strstr(it->fix, "Fix BO-X-01 now"), "the fix is the plain text of 'Fix a failure': %s", it->fix);
	assessment_export_free(&e);

	/* --partner connected-isv: that type's items, with their states. */
	cr_assert_eq(assessment_export_build(c, s, "acme", "connected-isv", 1, &e, err, sizeof err), STATE_OK, "%s", err);
	cr_assert_eq(e.r.n, 1, "got %zu", e.r.n);
	it = item_of(&e, "ISV-X-01");
	cr_assert_not_null(it);
	cr_assert_eq(it->state, ITEM_DONE);
	cr_assert_str_eq(it->note, "isv work");
	cr_assert_str_eq(e.r.partner, "connected-isv");
	char *json = write_rep(&e.r, REPORT_JSON);
	cr_assert(strstr(json, "ISV-X-01") && !strstr(json, "BO-X-0"), "%s", json);
	free(json);
	assessment_export_free(&e);

	/* An assessment with no partner type exports every item. */
	cr_assert_eq(state_assessment_ensure(s, "all", NULL, NULL, NULL, NULL), STATE_OK);
	cr_assert_eq(assessment_export_build(c, s, "all", NULL, 1, &e, err, sizeof err), STATE_OK, "%s", err);
	cr_assert_eq(e.r.n, 3, "got %zu", e.r.n);
	assessment_export_free(&e);

	state_close(s);
	cdb_close(c);
}
