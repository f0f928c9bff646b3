/* test_report.c - exports are safe to open and faithful: escaping, quoting, self-contained HTML, JSON shape. */
#include "core/report.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EVIL_NOTE "has <script>alert('x')</script> and \"quotes\", commas,\nand a second line"

static const struct report_live live_fail = { CHECK_FAIL, "3 clusters lack <b>customer_id</b>" };

static const struct report_item items[] = {
	{ "BO-TAG-01", "customer_id tag on all compute", "measurement-attribution", "required", "cost",
	  "https://databrickslabs.github.io/partner-architecture/built-on/", ITEM_DONE, NULL, EVIL_NOTE,
	  1714560000, &live_fail, NULL },
	{ "BO-PAT-01", "No PATs, \"ever\"", "technical-standards", "anti-pattern", "auth",
	  "javascript:alert(1)", ITEM_NA, "=HYPERLINK(\"http://evil\")", NULL, 1714560100, NULL, NULL },
	{ "BO-OPS-01", "# Heading-like <img src=x onerror=alert(1)>", "technical-standards", "recommended", "ops",
	  NULL, ITEM_OPEN, NULL, NULL, 0, NULL, NULL },
	{ "BO-OPS-02", "Blocked item", "operations-lifecycle", "required", "ops", NULL, ITEM_BLOCKED,
	  "waiting on the vendor", "- a list-looking note\n1. and a number", 1714560200, NULL, NULL },
};

static const struct report rep = {
	.assessment = "review <2024>", .partner = "built-on", .description = "Q2 \"review\"",
	.created_at = 1714550000, .generated_at = 1714570000, .items = items, .n = 4
};

static char *render(enum report_format f)
{
	struct buf b = BUF_INIT;
	report_write(&rep, f, &b);
	return buf_take(&b);
}

static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0) return 1;
	return 0;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++) n++;
	return n;
}

Test(report, html_escapes_untrusted_text)
{
	char *h = render(REPORT_HTML);
	cr_assert(!contains_ci(h, "<script"), "a <script> element survived");
	cr_assert(!contains_ci(h, "<img"), "an <img> element survived");
	cr_assert(!contains_ci(h, "<b>customer_id"), "evidence markup survived");
	cr_assert(strstr(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the note is shown escaped");
	cr_assert(strstr(h, "&quot;quotes&quot;"));
	cr_assert(strstr(h, "review &lt;2024&gt;"), "the assessment name is escaped");
	cr_assert(strstr(h, "<a href=\"https://databrickslabs.github.io/partner-architecture/built-on/\""),
		  "http(s) sources are links");
	cr_assert(!contains_ci(h, "href=\"javascript:"), "other schemes are never linked");
	free(h);
}

Test(report, html_is_self_contained_with_an_svg_chart)
{
	char *h = render(REPORT_HTML);
	cr_assert(strstr(h, "<!DOCTYPE html>") && strstr(h, "</html>"));
	cr_assert(strstr(h, "<style>"), "CSS is inline");
	cr_assert(strstr(h, "<svg") && strstr(h, "</svg>"), "the progress chart is inline SVG");
	cr_assert(!contains_ci(h, "<link") && !contains_ci(h, "@import") && !contains_ci(h, "url("),
		  "no external stylesheet or resource");
	cr_assert(!contains_ci(h, "<script") && !contains_ci(h, "<iframe") && !contains_ci(h, "<object"),
		  "no script is needed and nothing is embedded");
	for (const char *p = h; (p = strchr(p, '<')) != NULL; p++) {   /* no tag has a src attribute */
		const char *e = strchr(p, '>');
		cr_assert_not_null(e);
		char tag[2048];
		snprintf(tag, sizeof tag, "%.*s", (int)(e - p), p);
		cr_assert(!contains_ci(tag, " src") && !contains_ci(tag, " on"), "a tag loads or runs something: %s", tag);
	}
	/* Every attribute holding an http(s) URL is a plain link's href (URLs in text are just text). */
	size_t attrs = 0;
	for (const char *p = h; (p = strstr(p, "=\"http")) != NULL; p++, attrs++)
		cr_assert(p - h >= 4 && strncmp(p - 4, "href", 4) == 0, "a URL attribute that is not a link: %.60s", p - 10);
	cr_assert_eq(attrs, 1, "one source link");
	/* The chart carries text, not colour alone: one bar per pillar plus overall, with counts. */
	cr_assert(strstr(h, ">Overall</text>"));
	cr_assert(strstr(h, ">Technical standards</text>"));
	cr_assert(strstr(h, "1 done, 1 n/a, 1 blocked, 1 open of 4"), "overall counts are written out");
	cr_assert_eq(count(h, "% done:"), 4, "three pillars and overall");
	cr_assert(strstr(h, "not checked"), "items without live results say so");
	cr_assert(strstr(h, ">fail<"), "live status is shown as text");
	free(h);
}

/* A minimal RFC 4180 reader: returns rows of fields. */
struct csv {
	char *f[16][16];
	int nf[16];
	int rows;
};

static void csv_parse(const char *s, struct csv *c)
{
	memset(c, 0, sizeof *c);
	struct buf field = BUF_INIT;
	int r = 0, quoted = 0, started = 0;
	for (const char *p = s; *p; p++) {
		if (quoted) {
			if (*p == '"' && p[1] == '"') { buf_addc(&field, '"'); p++; }
			else if (*p == '"') quoted = 0;
			else buf_addc(&field, *p);
			continue;
		}
		if (*p == '"') { quoted = 1; started = 1; continue; }
		if (*p == ',' || (*p == '\r' && p[1] == '\n')) {
			c->f[r][c->nf[r]++] = buf_take(&field);
			if (*p == '\r') { p++; r++; }
			started = 0;
			continue;
		}
		cr_assert(*p != '\n', "a bare LF outside quotes (rows end in CRLF)");
		buf_addc(&field, *p);
		started = 1;
	}
	cr_assert(!started && !quoted, "the last row lacks its CRLF");
	c->rows = r;
}

static void csv_free(struct csv *c)
{
	for (int r = 0; r < 16; r++)
		for (int i = 0; i < c->nf[r]; i++) free(c->f[r][i]);
}

Test(report, csv_quotes_per_rfc4180)
{
	char *s = render(REPORT_CSV);
	struct csv c;
	csv_parse(s, &c);
	cr_assert_eq(c.rows, 5, "a header and one row per item");
	for (int r = 0; r < c.rows; r++) cr_assert_eq(c.nf[r], 13, "row %d has %d fields", r, c.nf[r]);
	cr_assert_str_eq(c.f[0][1], "id");
	cr_assert_str_eq(c.f[0][9], "note");
	cr_assert_str_eq(c.f[1][1], "BO-TAG-01");
	cr_assert_str_eq(c.f[1][9], EVIL_NOTE, "the note round-trips exactly");
	cr_assert_str_eq(c.f[2][2], "No PATs, \"ever\"");
	cr_assert_str_eq(c.f[2][8], "'=HYPERLINK(\"http://evil\")", "formulas are defused");
	cr_assert_str_eq(c.f[1][11], "fail");
	cr_assert_str_eq(c.f[2][11], "not checked");
	cr_assert_str_eq(c.f[3][10], "", "never-marked items have no time");
	cr_assert_str_eq(c.f[1][10], "2024-05-01T10:40:00Z");
	csv_free(&c);
	free(s);
}

Test(report, json_parses_and_has_the_documented_shape)
{
	char *s = render(REPORT_JSON);
	cJSON *j = cJSON_Parse(s);
	cr_assert_not_null(j, "invalid JSON");
	cJSON *a = cJSON_GetObjectItem(j, "assessment");
	cr_assert_str_eq(cJSON_GetObjectItem(a, "name")->valuestring, "review <2024>");
	cr_assert_str_eq(cJSON_GetObjectItem(a, "partner")->valuestring, "built-on");
	cr_assert_str_eq(cJSON_GetObjectItem(j, "generated_at")->valuestring, "2024-05-01T13:26:40Z");
	cJSON *sum = cJSON_GetObjectItem(j, "summary");
	cr_assert_eq(cJSON_GetObjectItem(sum, "total")->valueint, 4);
	cr_assert_eq(cJSON_GetObjectItem(sum, "done")->valueint, 1);
	cr_assert_eq(cJSON_GetObjectItem(sum, "percent_done")->valueint, 33);
	cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(sum, "live"), "not_checked")->valueint, 3);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(sum, "pillars")), 3);
	cJSON *its = cJSON_GetObjectItem(j, "items");
	cr_assert_eq(cJSON_GetArraySize(its), 4);
	static const char *const keys[] = { "id", "title", "pillar", "level", "state", "reason", "note",
					    "changed_at", "live", NULL };
	cJSON *it;
	cJSON_ArrayForEach(it, its)
		for (int k = 0; keys[k]; k++) cr_assert(cJSON_HasObjectItem(it, keys[k]), "item lacks %s", keys[k]);
	cJSON *first = cJSON_GetArrayItem(its, 0);
	cr_assert_str_eq(cJSON_GetObjectItem(first, "note")->valuestring, EVIL_NOTE);
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(first, "live"), "status")->valuestring, "fail");
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(its, 1), "live")), "not checked is null");
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(its, 2), "changed_at")));
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(its, 1), "state")->valuestring, "na");
	cJSON_Delete(j);
	free(s);
}

Test(report, markdown_has_a_summary_table_and_escapes_syntax)
{
	char *m = render(REPORT_MARKDOWN);
	cr_assert(strstr(m, "| Pillar | Done | N/A | Blocked | Open | Total |"), "summary table");
	cr_assert(strstr(m, "| **Overall** | 1 | 1 | 1 | 1 | 4 | 33% |"), "%s", m);
	cr_assert(strstr(m, "\n## Technical standards\n") && strstr(m, "\n## Operations & lifecycle\n") == NULL &&
		  strstr(m, "\n## Operations \\& lifecycle\n"), "per-pillar sections");
	cr_assert(!strstr(m, "<script>") && strstr(m, "\\<script\\>"), "HTML in notes is escaped");
	for (const char *p = m; (p = strchr(p, '<')) != NULL; p++)   /* every < is escaped or an autolink */
		cr_assert((p > m && p[-1] == '\\') || strncmp(p, "<https://", 9) == 0, "raw HTML: %.30s", p);
	/* No untrusted line may start a heading, list or block of its own. */
	const char *p = m;
	while ((p = strchr(p, '\n')) != NULL) {
		p++;
		const char *q = p;
		while (*q == ' ') q++;
		cr_assert(strncmp(q, "1. and", 6) != 0 && strncmp(q, "- a list-looking", 16) != 0,
			  "a note line escaped its item: %.40s", q);
	}
	cr_assert(strstr(m, "Live: fail: 3 clusters lack \\<b\\>customer\\_id\\</b\\>"), "live evidence shown");
	cr_assert(strstr(m, "Live: not checked"));
	free(m);
}

Test(report, empty_assessment_renders_in_every_format)
{
	struct report r = { .assessment = "empty", .generated_at = 1714570000 };
	for (int f = 0; f < REPORT_FORMAT_COUNT; f++) {
		struct buf b = BUF_INIT;
		report_write(&r, (enum report_format)f, &b);
		cr_assert(b.len > 0, "format %d is empty", f);
		if (f == REPORT_JSON) {
			cJSON *j = cJSON_Parse(buf_str(&b));
			cr_assert_not_null(j);
			cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "summary"), "percent_done")->valueint, 100);
			cJSON_Delete(j);
		}
		buf_free(&b);
	}
}

/* A leading TAB (or CR) before a formula is defused like = + - @ (OWASP CSV injection). */
Test(report, csv_defuses_a_leading_tab)
{
	static const struct report_item tab_items[] = {
		{ "BO-X-01", "\t=cmd|' /C calc'!A0", "technical-standards", "required", "p", NULL, ITEM_NA,
		  "\t@SUM(1+1)", "\t+1", 0, NULL, NULL },
	};
	struct report r = rep;
	r.items = tab_items;
	r.n = 1;
	struct buf b = BUF_INIT;
	report_write(&r, REPORT_CSV, &b);
	struct csv c;
	csv_parse(buf_str(&b), &c);
	cr_assert_eq(c.rows, 2);
	cr_assert_str_eq(c.f[1][2], "'\t=cmd|' /C calc'!A0", "title: %s", c.f[1][2]);
	cr_assert_str_eq(c.f[1][8], "'\t@SUM(1+1)", "reason: %s", c.f[1][8]);
	cr_assert_str_eq(c.f[1][9], "'\t+1", "note: %s", c.f[1][9]);
	csv_free(&c);
	buf_free(&b);
}
