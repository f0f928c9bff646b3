/* test_fleetreport.c - the fleet report's formats over a hand-built fleet: counts, escaping, well-formedness. */
#include "core/fleetreport.h"
#include "md/render.h"
#include "core/sanitize.h"
#include "core/textwidth.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WS_SCRIPT "<script>alert(1)</script> & \"q\""
#define WS_SCRIPT_HTML "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"
#define WS_UTF8 "Zürich-数据-workspace-with-a-very-long-name-indeed"
#define HOST_ODD "https://x.example.com/?a=1&b=\"2\""

static struct fleet_results fr;

static void add(struct fleet_ws *w, const char *item, const char *level, const char *pillar, enum check_status s,
		const char *evidence)
{
	w->res.v = xrealloc(w->res.v, (w->res.n + 1) * sizeof *w->res.v);
	struct check_result *c = &w->res.v[w->res.n++];
	c->item = xstrdup(item);
	c->title = xstrdup(strcmp(item, "BO-TAG-01") == 0 ? "Tag <every> resource & cost" : "A title");
	c->level = xstrdup(level);
	c->pillar = xstrdup(pillar);
	c->status = s;
	c->evidence = xstrdup(evidence);
	w->res.count[s]++;
}

/*
 * Three checked workspaces (one named like markup, one with a long UTF-8 name), one refusing the
 * credentials, one unreachable. Items (id order): AA-OPS-01 recommended and BO-TAG-01 required in
 * best-practices, BO-SEC-01 required in technical-standards, MEA-01 (no pillar) only in Zürich.
 * BO-TAG-01 fails in 2 of 3, BO-SEC-01 in 1 of 3; 2 workspaces fail a required item.
 */
static void setup(void)
{
	memset(&fr, 0, sizeof fr);
	strcpy(fr.run_id, "0b7c2a8e-1d2f-4c3b-9a8e-5f6d7c8b9a0e");
	strcpy(fr.started_at, "2026-12-04T18:00:00Z");
	fr.elapsed_ms = 12345.4;
	fr.version = xstrdup("9.9.9");
	struct fleet_ws *w = fleet_results_add(&fr, "alpha", "https://alpha.cloud.databricks.com", "101");
	add(w, "AA-OPS-01", "recommended", "best-practices", CHECK_WARN, "2 of 5 jobs without alerts");
	add(w, "BO-SEC-01", "required", "technical-standards", CHECK_PASS, "ok");
	add(w, "BO-TAG-01", "required", "best-practices", CHECK_FAIL, "3 clusters untagged");
	w->elapsed_ms = 1500;
	w->requests = 17;
	w->snapshot = xstrdup("/tmp/save/alpha.json");
	w = fleet_results_add(&fr, WS_SCRIPT, HOST_ODD, "102");
	add(w, "AA-OPS-01", "recommended", "best-practices", CHECK_ERROR, "HTTP 500 <x>\x1b[31m");
	add(w, "BO-SEC-01", "required", "technical-standards", CHECK_FAIL, "token <never> expires");
	add(w, "BO-TAG-01", "required", "best-practices", CHECK_FAIL, "no tags");
	w = fleet_results_add(&fr, WS_UTF8, "https://z.cloud.databricks.com", "103");
	add(w, "AA-OPS-01", "recommended", "best-practices", CHECK_MANUAL, "signal only");
	add(w, "BO-SEC-01", "required", "technical-standards", CHECK_PASS, "ok");
	add(w, "BO-TAG-01", "required", "best-practices", CHECK_PASS, "all tagged");
	add(w, "MEA-01", "recommended", "", CHECK_UNKNOWN, "could not read");
	w = fleet_results_add(&fr, "beta-auth", "https://beta.cloud.databricks.com", "104");
	w->state = FLEET_AUTH;
	w->error = xstrdup("HTTP 401 from /api/2.0/preview/scim/v2/Me");
	w = fleet_results_add(&fr, "gamma-down", "https://gamma.cloud.databricks.com", "");
	w->state = FLEET_UNREACHABLE;
	w->error = xstrdup("connection refused");
	fleet_results_count(&fr);
}

static void teardown(void)
{
	fleet_results_free(&fr);
}

TestSuite(fleetreport, .init = setup, .fini = teardown);

static char *render(enum fleet_report_format f, int color)
{
	struct fleet_report r = { .fr = &fr, .color = color };
	struct buf b = BUF_INIT;
	fleet_report_write(&r, f, &b);
	return buf_take(&b);
}

static int count_of(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle)) n++;
	return n;
}

static cJSON *path(cJSON *o, const char *a, const char *b)
{
	cJSON *x = cJSON_GetObjectItem(o, a);
	return b ? cJSON_GetObjectItem(x, b) : x;
}

static cJSON *ws_named(cJSON *j, const char *name)
{
	cJSON *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(j, "workspaces"))
		if (strcmp(cJSON_GetObjectItem(w, "name")->valuestring, name) == 0) return w;
	return NULL;
}

static cJSON *item_named(cJSON *j, const char *id)
{
	cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "items"))
		if (strcmp(cJSON_GetObjectItem(it, "item")->valuestring, id) == 0) return it;
	return NULL;
}

Test(fleetreport, format_names_match_the_enum)
{
	const char *const *n = fleet_report_format_names();
	const char *want[] = { "text", "json", "html", "junit", "sarif" };
	for (int i = 0; i < FREPORT_COUNT; i++) cr_assert_str_eq(n[i], want[i]);
	cr_assert_null(n[FREPORT_COUNT]);
}

Test(fleetreport, json_counts_workspaces_and_items)
{
	char *s = render(FREPORT_JSON, 0);
	cJSON *j = cJSON_Parse(s);
	cr_assert_not_null(j, "%s", s);
	cr_assert_null(strstr(s, "\\u001b"), "no escape sequence reaches the JSON");
	cJSON *sum = cJSON_GetObjectItem(j, "summary");
	cr_assert_eq(cJSON_GetObjectItem(sum, "workspaces")->valueint, 5);
	cr_assert_eq(cJSON_GetObjectItem(sum, "checked")->valueint, 3);
	cr_assert_eq(cJSON_GetObjectItem(sum, "auth")->valueint, 1);
	cr_assert_eq(cJSON_GetObjectItem(sum, "unreachable")->valueint, 1);
	cr_assert_eq(cJSON_GetObjectItem(sum, "config")->valueint, 0);
	cr_assert_eq(cJSON_GetObjectItem(sum, "failing_required")->valueint, 2);
	cr_assert_str_eq(path(j, "run", "id")->valuestring, fr.run_id);
	cr_assert(cJSON_IsNumber(path(j, "run", "elapsed_s")));
	cr_assert_float_eq(path(j, "run", "elapsed_s")->valuedouble, 12.345, 1e-9);
	cr_assert(cJSON_IsNull(path(j, "run", "partner")), "no partner type: null");
	cr_assert_str_eq(path(j, "run", "pwaf_version")->valuestring, "9.9.9");

	cJSON *a = ws_named(j, "alpha");
	cr_assert_not_null(a);
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(a, "error")), "a checked workspace has a null error");
	cr_assert_str_eq(cJSON_GetObjectItem(a, "state")->valuestring, "checked");
	cr_assert_str_eq(cJSON_GetObjectItem(a, "workspace_id")->valuestring, "101");
	cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(a, "requests")));
	cr_assert_eq(cJSON_GetObjectItem(a, "requests")->valueint, 17);
	cr_assert_float_eq(cJSON_GetObjectItem(a, "elapsed_s")->valuedouble, 1.5, 1e-9);
	cr_assert_str_eq(cJSON_GetObjectItem(a, "snapshot")->valuestring, "/tmp/save/alpha.json");
	cr_assert_eq(path(a, "summary", "fail")->valueint, 1);
	cr_assert_eq(path(a, "summary", "warn")->valueint, 1);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(a, "failing_required")), 1);
	cr_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "failing_required"), 0)->valuestring, "BO-TAG-01");

	cJSON *x = ws_named(j, WS_SCRIPT);
	cr_assert_not_null(x, "the markup-like name comes back intact: %s", s);
	cr_assert_str_eq(cJSON_GetObjectItem(x, "host")->valuestring, HOST_ODD);
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(x, "snapshot")));
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(x, "failing_required")), 2);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(x, "failing")), 2, "error is not failing");
	cr_assert_not_null(ws_named(j, WS_UTF8));

	cJSON *b = ws_named(j, "beta-auth");
	cr_assert_str_eq(cJSON_GetObjectItem(b, "state")->valuestring, "auth");
	cr_assert_str_eq(cJSON_GetObjectItem(b, "error")->valuestring, "HTTP 401 from /api/2.0/preview/scim/v2/Me");
	cr_assert_eq(path(b, "summary", "pass")->valueint, 0);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(b, "failing")), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(ws_named(j, "gamma-down"), "state")->valuestring, "unreachable");

	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "items")), 4);
	cJSON *tag = item_named(j, "BO-TAG-01");
	cr_assert_eq(path(tag, "workspaces", "fail")->valueint, 2, "fails in 2 of 3");
	cr_assert_eq(path(tag, "workspaces", "pass")->valueint, 1);
	cr_assert_str_eq(cJSON_GetObjectItem(tag, "level")->valuestring, "required");
	cr_assert_str_eq(cJSON_GetObjectItem(tag, "pillar")->valuestring, "best-practices");
	cJSON *fw = cJSON_GetObjectItem(tag, "failing_workspaces");
	cr_assert_eq(cJSON_GetArraySize(fw), 2);
	cr_assert_str_eq(cJSON_GetArrayItem(fw, 0)->valuestring, "alpha");
	cr_assert_str_eq(cJSON_GetArrayItem(fw, 1)->valuestring, WS_SCRIPT);
	cJSON *mea = item_named(j, "MEA-01");
	cr_assert_eq(path(mea, "workspaces", "unknown")->valueint, 1, "an item only one workspace checked counts 1");
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(mea, "failing_workspaces")), 0);
	cJSON_Delete(j);
	free(s);
}

/* The line starting with prefix (after leading spaces), or NULL. */
static const char *line_with(const char *s, const char *needle)
{
	const char *p = strstr(s, needle);
	if (!p) return NULL;
	while (p > s && p[-1] != '\n') p--;
	return p;
}

/* s with each line break and the next line's indent as one space (the text wraps at 80 columns). Malloc'd. */
static char *unwrap(const char *s)
{
	char *u = xstrdup(s), *o = u;
	for (const char *p = s; *p; p++) {
		if (*p == '\n' && p[1] == ' ') {
			while (p[1] == ' ') p++;
			*o++ = ' ';
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return u;
}

Test(fleetreport, text_fits_80_columns_names_items_and_the_unreached)
{
	char *s = render(FREPORT_TEXT, 0);
	cr_assert_null(strchr(s, 0x1b), "no ANSI without color: %s", s);
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		cr_assert_leq(text_width(p, n), 80, "a line wider than 80 columns: %.*s", (int)n, p);
		p += n + (p[n] == '\n');
	}
	const char *tag = line_with(s, "BO-TAG-01  ");
	const char *sec = line_with(s, "BO-SEC-01  ");
	cr_assert(tag && sec, "%s", s);
	cr_assert(strstr(tag, "fails in 2 of 3 workspaces"), "%s", s);
	cr_assert(strstr(sec, "fails in 1 of 3 workspaces"), "%s", s);
	cr_assert_lt(tag, sec, "most failing first");
	cr_assert(strstr(s, "errs in 1 of 3 workspaces"), "AA-OPS-01 errs somewhere: %s", s);
	cr_assert_null(strstr(s, "MEA-01  "), "an item failing nowhere is not listed: %s", s);
	cr_assert(strstr(s, "Zürich-数据-workspace-with-a-…  checked"), "a long UTF-8 name is clipped to its column: %s", s);
	char *clean = sanitize_text(s, strlen(s), 1, NULL);
	cr_assert_str_eq(clean, s, "valid UTF-8: no sequence cut");
	free(clean);
	cr_assert(strstr(s, "failing required: BO-SEC-01, BO-TAG-01"), "%s", s);
	char *u = unwrap(s);
	cr_assert(strstr(u, "https://beta.cloud.databricks.com — credentials refused: HTTP 401 from /api/2.0/preview/scim/v2/Me"),
		  "%s", s);
	cr_assert(strstr(u, "not reached: beta-auth (credentials refused), gamma-down (could not be reached)"), "%s", s);
	cr_assert(strstr(u, "5 workspaces: 3 checked, 1 credentials refused, 1 could not be reached; 2 fail a required item"),
		  "%s", s);
	cr_assert(strstr(u, "run 0b7c2a8e-1d2f-4c3b-9a8e-5f6d7c8b9a0e, pwaf 9.9.9"), "%s", s);
	free(u);
	const char *auth = line_with(s, "beta-auth ");
	cr_assert(auth && strstr(auth, "auth ") && strstr(auth, "    -    -"), "unchecked counts are dashes: %s", s);
	free(s);

	char *c = render(FREPORT_TEXT, 1);
	cr_assert(strstr(c, "\x1b[1;31mauth"), "states in colour when asked: %s", c);
	cr_assert(strstr(c, "\x1b[1;31m2\x1b[0m"), "failure counts in colour: %s", c);
	free(c);
}

Test(fleetreport, html_is_an_escaped_self_contained_heat_map)
{
	char *s = render(FREPORT_HTML, 0);
	cr_assert(strstr(s, WS_SCRIPT_HTML), "the markup-like name is text");
	for (const char *p = s; (p = strchr(p, '<')); p++)
		cr_assert(strncasecmp(p, "<script", 7) != 0, "no script element");
	cr_assert_null(strstr(s, "src="), "no outside resource");
	cr_assert_null(strstr(s, "href="), "no outside resource");
	cr_assert_null(strstr(s, "url("), "no outside resource");
	cr_assert_null(strchr(s, 0x1b));
	cr_assert(strstr(s, "Content-Security-Policy"));
	cr_assert(strstr(s, "print-color-adjust:exact"));
	cr_assert(strstr(s, "size:landscape"));
	cr_assert(strstr(s, "position:sticky"));
	cr_assert(strstr(s, "Zürich-数据"));

	/* every (item, checked workspace) has its cell, with its letter and its evidence in title */
	cr_assert_eq(count_of(s, "<td class=\"c "), 4 * 3, "%s", s);
	const char *names[] = { "alpha", WS_SCRIPT_HTML, WS_UTF8 };
	const char *items[] = { "AA-OPS-01", "BO-SEC-01", "BO-TAG-01", "MEA-01" };
	for (int w = 0; w < 3; w++)
		for (int i = 0; i < 4; i++) {
			char want[256];
			snprintf(want, sizeof want, "title=\"%s · %s: ", names[w], items[i]);
			cr_assert_eq(count_of(s, want), 1, "one cell for %s", want);
		}
	cr_assert(strstr(s, "title=\"alpha · BO-TAG-01: fail — 3 clusters untagged\">F</td>"), "%s", s);
	cr_assert(strstr(s, "title=\"" WS_SCRIPT_HTML " · AA-OPS-01: error — HTTP 500 &lt;x&gt;[31m\">E</td>"), "%s", s);
	cr_assert(strstr(s, "title=\"alpha · MEA-01: not checked\">–</td>"), "%s", s);
	const char *letters[] = { ">P</td>", ">F</td>", ">W</td>", ">M</td>", ">U</td>", ">E</td>", ">–</td>" };
	for (size_t k = 0; k < sizeof letters / sizeof *letters; k++) cr_assert(strstr(s, letters[k]), "%s", letters[k]);
	cr_assert_eq(count_of(s, "<th class=\"ws"), 3, "a column per checked workspace");

	/* rows grouped by pillar in the framework's order, required first inside a pillar */
	const char *bp = strstr(s, "<tr class=\"grp\"><th>Architectural best practices");
	const char *ts = strstr(s, "<tr class=\"grp\"><th>Technical standards");
	const char *np = strstr(s, "<tr class=\"grp\"><th>No pillar");
	cr_assert(bp && ts && np && bp < ts && ts < np, "%s", s);
	const char *tag = strstr(bp, "<span class=\"id\">BO-TAG-01"), *ops = strstr(bp, "<span class=\"id\">AA-OPS-01");
	cr_assert(tag && ops && tag < ops && ops < ts, "required BO-TAG-01 before recommended AA-OPS-01");
	cr_assert(strstr(s, "BO-TAG-01: Tag &lt;every&gt; resource &amp; cost (required) — fails in 2 of 3 workspaces"), "%s", s);

	/* summary, legend, the unreached with their error */
	cr_assert(strstr(s, "<b>5</b>workspaces"));
	cr_assert(strstr(s, "<b>2</b>fail a required item"));
	cr_assert(strstr(s, "<b>1</b>could not be reached"));
	cr_assert(strstr(s, "class=\"legend\""));
	cr_assert(strstr(s, "<td>gamma-down</td><td>https://gamma.cloud.databricks.com</td><td>could not be reached</td>"
			    "<td>connection refused</td>"), "%s", s);
	cr_assert(strstr(s, "HTTP 401 from /api/2.0/preview/scim/v2/Me"));
	cr_assert(strstr(s, "</html>\n"));
	free(s);
}

/* Well-formed enough: tags balance, attribute values are quoted, & starts an entity, no raw < in text. */
static void assert_xml_balanced(const char *s)
{
	const char *stack[64];
	size_t depth = 0;
	for (const char *p = s; *p; p++) {
		cr_assert((unsigned char)*p >= 0x20 || *p == '\n', "a control character in XML");
		if (*p == '&') {
			cr_assert(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) || !strncmp(p, "&gt;", 4) ||
				  !strncmp(p, "&quot;", 6) || !strncmp(p, "&#39;", 5), "a bare &: %.30s", p);
			continue;
		}
		if (*p != '<') continue;
		if (p[1] == '?') {
			p = strstr(p, "?>");
			cr_assert_not_null(p);
			p++;
			continue;
		}
		int closing = p[1] == '/';
		const char *name = p + 1 + closing;
		size_t n = strcspn(name, " />");
		const char *q = name + n;
		while (*q && *q != '>') { /* attributes: name="value" with no < or " inside */
			if (*q == '"') {
				const char *e = strchr(q + 1, '"');
				cr_assert_not_null(e);
				for (const char *v = q + 1; v < e; v++) cr_assert(*v != '<', "a raw < in an attribute");
				q = e;
			}
			q++;
		}
		cr_assert_eq(*q, '>');
		if (closing) {
			cr_assert_gt(depth, 0);
			depth--;
			cr_assert(!strncmp(stack[depth], name, n) && stack[depth][n] != '-' && strcspn(stack[depth], " />") == n,
				  "mismatched </%.*s>", (int)n, name);
		} else if (q[-1] != '/') {
			cr_assert_lt(depth, 64);
			stack[depth++] = name;
		}
		p = q;
	}
	cr_assert_eq(depth, 0, "unclosed elements");
}

Test(fleetreport, junit_suites_per_workspace_with_escaped_names)
{
	char *s = render(FREPORT_JUNIT, 0);
	assert_xml_balanced(s);
	cr_assert_eq(count_of(s, "<testsuite "), 5);
	/* 3 + 3 + 4 results, 2 unreached testcases; fail 3, errors 1 + 2 unreached, skipped 2 */
	cr_assert(strstr(s, "<testsuites name=\"pwaf fleet check\" tests=\"12\" failures=\"3\" errors=\"3\" skipped=\"2\""), "%s", s);
	cr_assert(strstr(s, "name=\"alpha: BO-TAG-01\""), "%s", s);
	cr_assert(strstr(s, "name=\"" WS_SCRIPT_HTML ": BO-SEC-01\""), "%s", s);
	cr_assert(strstr(s, "<testsuite name=\"" WS_SCRIPT_HTML "\""), "%s", s);
	cr_assert(strstr(s, "hostname=\"https://x.example.com/?a=1&amp;b=&quot;2&quot;\""), "%s", s);
	cr_assert(strstr(s, "<failure message=\"fail: 3 clusters untagged\">"), "%s", s);
	cr_assert(strstr(s, "<skipped message=\"manual: signal only\"/>"), "%s", s);
	cr_assert(strstr(s, "<system-out>warn: 2 of 5 jobs without alerts</system-out>"), "%s", s);
	cr_assert(strstr(s, "name=\"gamma-down: pwaf/workspace-unreached\">\n      <error message=\"could not be reached: "
			    "connection refused\" type=\"unreachable\">"), "%s", s);
	cr_assert(strstr(s, "<error message=\"credentials refused: HTTP 401"), "%s", s);
	cr_assert_null(strstr(s, "<script"));
	free(s);
}

Test(fleetreport, sarif_has_the_required_fields_and_locates_by_host)
{
	char *s = render(FREPORT_SARIF, 0);
	cJSON *j = cJSON_Parse(s);
	cr_assert_not_null(j, "%s", s);
	cr_assert(cJSON_IsString(cJSON_GetObjectItem(j, "$schema")));
	cr_assert_str_eq(cJSON_GetObjectItem(j, "version")->valuestring, "2.1.0");
	cJSON *runs = cJSON_GetObjectItem(j, "runs");
	cr_assert_eq(cJSON_GetArraySize(runs), 1);
	cJSON *run = cJSON_GetArrayItem(runs, 0);
	cJSON *drv = path(cJSON_GetObjectItem(run, "tool"), "driver", NULL);
	cr_assert_str_eq(cJSON_GetObjectItem(drv, "name")->valuestring, "pwaf");
	cJSON *rules = cJSON_GetObjectItem(drv, "rules");
	cr_assert_eq(cJSON_GetArraySize(rules), 4 + 2, "a rule per item and the workspace rules");
	cJSON *results = cJSON_GetObjectItem(run, "results");
	/* 3 fail (error), 1 warn (warning), 1 error (note), 2 unreached workspaces */
	cr_assert_eq(cJSON_GetArraySize(results), 7, "%s", s);
	int levels[3] = { 0 }, unreached = 0;
	cJSON *r;
	cJSON_ArrayForEach(r, results)
	{
		const char *rule = cJSON_GetObjectItem(r, "ruleId")->valuestring;
		int idx = cJSON_GetObjectItem(r, "ruleIndex")->valueint;
		cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(rules, idx), "id")->valuestring, rule,
				 "ruleIndex names the rule");
		const char *lvl = cJSON_GetObjectItem(r, "level")->valuestring;
		levels[!strcmp(lvl, "error") ? 0 : !strcmp(lvl, "warning") ? 1 : 2]++;
		const char *msg = path(r, "message", "text")->valuestring;
		cJSON *ll = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "locations"), 0),
								   "logicalLocations"), 0);
		const char *fqn = cJSON_GetObjectItem(ll, "fullyQualifiedName")->valuestring;
		const char *ws = cJSON_GetObjectItem(ll, "name")->valuestring;
		cr_assert(strncmp(msg, ws, strlen(ws)) == 0, "the message names the workspace: %s", msg);
		for (size_t i = 0; i < fr.n; i++)
			if (!strcmp(fr.v[i].name, ws)) cr_assert_str_eq(fqn, fr.v[i].host, "located by the host");
		if (!strcmp(rule, "pwaf/workspace-unreached")) unreached++;
	}
	cr_assert_eq(levels[0], 3 + 2);
	cr_assert_eq(levels[1], 1);
	cr_assert_eq(levels[2], 1);
	cr_assert_eq(unreached, 2);
	cr_assert(strstr(s, "\"" WS_SCRIPT_HTML "\"") == NULL, "JSON strings are not HTML-escaped");
	cJSON_Delete(j);
	free(s);
}

Test(fleetreport, an_empty_fleet_still_writes_every_format)
{
	struct fleet_results empty;
	memset(&empty, 0, sizeof empty);
	struct fleet_report r = { .fr = &empty };
	for (int f = 0; f < FREPORT_COUNT; f++) {
		struct buf b = BUF_INIT;
		fleet_report_write(&r, (enum fleet_report_format)f, &b);
		cr_assert_gt(b.len, 0, "format %d wrote nothing", f);
		if (f == FREPORT_JSON || f == FREPORT_SARIF) {
			cJSON *j = cJSON_Parse(buf_str(&b));
			cr_assert_not_null(j);
			cJSON_Delete(j);
		}
		if (f == FREPORT_JUNIT) assert_xml_balanced(buf_str(&b));
		if (f == FREPORT_HTML) cr_assert(strstr(buf_str(&b), "No workspace was checked."));
		buf_free(&b);
	}
}
