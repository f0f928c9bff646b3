/* report.c - export an assessment as Markdown, self-contained HTML, JSON or CSV. */
#include "core/report.h"

#include "core/escape.h"
#include "core/plan.h"

#include "core/sanitize.h"
#include "core/vocab.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const format_names[] = { "markdown", "html", "json", "csv", NULL };

const char *const *report_format_names(void)
{
	return format_names;
}

int report_format_of_name(const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	const char *dot = strrchr(base ? base : path ? path : "", '.');
	if (!dot) return REPORT_MARKDOWN;
	if (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0) return REPORT_MARKDOWN;
	if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0) return REPORT_HTML;
	if (strcasecmp(dot, ".json") == 0) return REPORT_JSON;
	if (strcasecmp(dot, ".csv") == 0) return REPORT_CSV;
	return -1;
}

const char *report_time(int64_t t, char *buf, size_t len)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (len) buf[0] = '\0';
	if (t > 0 && gmtime_r(&tt, &tm)) strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static const char *state_label(enum item_state_value v)
{
	return vocab_label(VOCAB_STATE, state_value_name(v));
}

/* --- summary ----------------------------------------------------------------------------- */

struct group {
	const char *pillar;     /* "" for items without one */
	struct state_counts c;
};

struct summary {
	struct group *g;        /* known pillars in framework order, then others as they come */
	size_t n;
	struct state_counts all;
	size_t live[CHECK_NSTATUS + 1];   /* the last one counts items not checked */
};

static const char *pillar_of(const struct report_item *it)
{
	return it->pillar ? it->pillar : "";
}

static size_t group_index(struct summary *s, const char *pillar)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->g[i].pillar, pillar) == 0) return i;
	s->g = xrealloc(s->g, (s->n + 1) * sizeof *s->g);
	memset(&s->g[s->n], 0, sizeof *s->g);
	s->g[s->n].pillar = pillar;
	return s->n++;
}

static void summarize(const struct report *r, struct summary *s)
{
	memset(s, 0, sizeof *s);
	for (const struct vocab_term *t = vocab_terms(VOCAB_PILLAR); t->id; t++)
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(pillar_of(&r->items[i]), t->id) == 0) {
				group_index(s, t->id);
				break;
			}
	for (size_t i = 0; i < r->n; i++) {
		const struct report_item *it = &r->items[i];
		unsigned st = (unsigned)it->state < ITEM_STATE_COUNT ? it->state : ITEM_OPEN;
		size_t gi = group_index(s, pillar_of(it));   /* may move s->g: index it afterwards */
		struct group *g = &s->g[gi];
		g->c.n[st]++;
		g->c.total++;
		s->all.n[st]++;
		s->all.total++;
		s->live[it->live && (unsigned)it->live->status < CHECK_NSTATUS ? it->live->status : CHECK_NSTATUS]++;
	}
}

static const char *group_label(const struct group *g)
{
	return g->pillar[0] ? vocab_label(VOCAB_PILLAR, g->pillar) : "Other";
}

/* --- HTML -------------------------------------------------------------------------------- */

static int is_web_url(const char *s)
{
	return s && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0);
}

static const char html_css[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;"
	"padding:0 1em;color:#1d1d1f;background:#fff}"
	"h1{margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
	".meta{color:#555}table{border-collapse:collapse;width:100%;margin:.5em 0}"
	"th,td{border:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}"
	"th{background:#f3f3f3}td.num{text-align:right}"
	".st{display:inline-block;padding:0 .4em;border-radius:3px;font-weight:600;white-space:nowrap}"
	".st-done{background:#d4edda}.st-na{background:#e2e3e5}.st-blocked{background:#f8d7da}.st-open{background:#fff3cd}"
	".lv-pass{background:#d4edda}.lv-fail,.lv-error{background:#f8d7da}.lv-warn{background:#fff3cd}"
	".lv-manual,.lv-unknown,.lv-none{background:#e2e3e5}"
	".note{white-space:pre-wrap}.small{font-size:.85em;color:#555}"
	"svg text{font:12px system-ui,sans-serif;fill:#1d1d1f}"
	"@media print{a{color:inherit}}";

/* Colours of the stacked bars: done, na, blocked, open (every bar also has a text label). */
static const char *const bar_colours[ITEM_STATE_COUNT] = { "#f0c36d", "#3a9d5d", "#9aa0a6", "#d9534f" };
static const enum item_state_value bar_order[ITEM_STATE_COUNT] = { ITEM_DONE, ITEM_NA, ITEM_BLOCKED, ITEM_OPEN };

static void svg_bar(struct buf *b, int y, const char *label, const struct state_counts *c)
{
	const int x0 = 200, width = 360;
	buf_addf(b, "<text x=\"0\" y=\"%d\">", y + 15);
	esc_html(b, label);
	buf_adds(b, "</text>");
	buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"#f5f5f5\" stroke=\"#999\"/>", x0, y, width);
	int x = x0;
	for (int k = 0; k < ITEM_STATE_COUNT; k++) {
		enum item_state_value v = bar_order[k];
		if (!c->total || !c->n[v]) continue;
		int w = (int)((c->n[v] * (size_t)width + c->total / 2) / c->total);
		if (x + w > x0 + width) w = x0 + width - x;
		buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"><title>%zu %s</title></rect>",
			 x, y, w, bar_colours[v], c->n[v], state_label(v));
		x += w;
	}
	buf_addf(b, "<text x=\"%d\" y=\"%d\">%d%% done: %zu done, %zu n/a, %zu blocked, %zu open of %zu</text>",
		 x0 + width + 10, y + 15, state_percent_done(c), c->n[ITEM_DONE], c->n[ITEM_NA], c->n[ITEM_BLOCKED],
		 c->n[ITEM_OPEN], c->total);
}

static void html_chart(struct buf *b, const struct summary *s)
{
	int rows = (int)s->n + 1, h = rows * 28 + 24;
	buf_addf(b, "<svg width=\"900\" height=\"%d\" viewBox=\"0 0 900 %d\" role=\"img\" "
		 "aria-labelledby=\"chart-title\"><title id=\"chart-title\">Progress by pillar</title>", h, h);
	int y = 4;
	for (size_t i = 0; i < s->n; i++, y += 28) svg_bar(b, y, group_label(&s->g[i]), &s->g[i].c);
	svg_bar(b, y, "Overall", &s->all);
	y += 28;
	/* legend: colour plus name */
	int x = 200;
	for (int k = 0; k < ITEM_STATE_COUNT; k++) {
		enum item_state_value v = bar_order[k];
		buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
			 x, y + 2, bar_colours[v], x + 16, y + 12, state_label(v));
		x += 130;
	}
	buf_adds(b, "</svg>\n");
}

static void html_counts_row(struct buf *b, const char *label, const struct state_counts *c, int bold)
{
	buf_adds(b, bold ? "<tr><th>" : "<tr><td>");
	esc_html(b, label);
	buf_adds(b, bold ? "</th>" : "</td>");
	buf_addf(b, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
		 "<td class=\"num\">%zu</td><td class=\"num\">%d%%</td></tr>\n", c->n[ITEM_DONE], c->n[ITEM_NA],
		 c->n[ITEM_BLOCKED], c->n[ITEM_OPEN], c->total, state_percent_done(c));
}

static void html_item(struct buf *b, const struct report_item *it)
{
	char t[32];
	buf_adds(b, "<tr><td>");
	if (is_web_url(it->source)) {
		buf_adds(b, "<a href=\"");
		esc_html(b, it->source);
		buf_adds(b, "\" rel=\"noopener noreferrer\">");
		esc_html(b, it->id);
		buf_adds(b, "</a>");
	} else {
		esc_html(b, it->id);
	}
	buf_adds(b, "</td><td>");
	esc_html(b, it->title);
	buf_adds(b, "</td><td>");
	esc_html(b, it->level ? vocab_label(VOCAB_LEVEL, it->level) : "");
	buf_addf(b, "</td><td><span class=\"st st-%s\">%s</span>", state_value_name(it->state), state_label(it->state));
	if (it->changed_at) buf_addf(b, "<div class=\"small\">%s</div>", report_time(it->changed_at, t, sizeof t));
	buf_adds(b, "</td><td>");
	if (it->live) {
		const char *ln = check_status_name(it->live->status);
		buf_addf(b, "<span class=\"st lv-%s\">%s</span>", ln, ln);
		if (it->live->evidence && *it->live->evidence) {
			buf_adds(b, "<div class=\"note small\">");
			esc_html(b, it->live->evidence);
			buf_adds(b, "</div>");
		}
	} else {
		buf_adds(b, "<span class=\"st lv-none\">not checked</span>");
	}
	buf_adds(b, "</td><td class=\"note\">");
	if (it->reason) {
		buf_adds(b, "<strong>Reason:</strong> ");
		esc_html(b, it->reason);
		if (it->note) buf_addc(b, '\n');
	}
	if (it->note) esc_html(b, it->note);
	buf_adds(b, "</td></tr>\n");
}

/* The improvement plan (only with live results): ranked, each item with its evidence and fix. */
static void html_plan(const struct report *r, struct buf *b)
{
	if (!r->live_source) return;
	size_t *order = xcalloc(r->n + 1, sizeof *order), n = plan_order(r, order);
	buf_adds(b, "<h2>Improvement plan</h2>\n");
	if (!n) buf_adds(b, "<p class=\"meta\">No live check fails or warns.</p>\n");
	else buf_adds(b, "<ol class=\"plan\">\n");
	for (size_t k = 0; k < n; k++) {
		const struct report_item *it = &r->items[order[k]];
		buf_adds(b, "<li><strong>");
		esc_html(b, it->id);
		buf_adds(b, "</strong> ");
		esc_html(b, it->title);
		buf_addf(b, " <span class=\"st lv-%s\">%s</span> <span class=\"small\">(", check_status_name(it->live->status),
			 check_status_name(it->live->status));
		esc_html(b, plan_rank_label(plan_rank(it->live->status, it->level, it->state)));
		buf_adds(b, ")</span>");
		if (it->live->evidence && *it->live->evidence) {
			buf_adds(b, "<div class=\"note small\">");
			esc_html(b, it->live->evidence);
			buf_adds(b, "</div>");
		}
		if (it->fix) {
			buf_adds(b, "<div class=\"note\"><strong>Fix:</strong> ");
			esc_html(b, it->fix);
			buf_adds(b, "</div>");
		}
		buf_adds(b, "</li>\n");
	}
	if (n) buf_adds(b, "</ol>\n");
	free(order);
}

static void write_html(const struct report *r, const struct summary *s, struct buf *b)
{
	char t[32];
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>pwaf assessment: ");
	esc_html(b, r->assessment);
	buf_addf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>Assessment: ", html_css);
	esc_html(b, r->assessment);
	buf_adds(b, "</h1>\n<p class=\"meta\">Partner type: ");
	esc_html(b, r->partner ? vocab_label(VOCAB_PARTNER, r->partner) : "all partner types");
	if (r->created_at) buf_addf(b, " · created %s", report_time(r->created_at, t, sizeof t));
	buf_addf(b, " · generated %s by pwaf", report_time(r->generated_at, t, sizeof t));
	if (r->milestone) { buf_adds(b, " · milestone "); esc_html(b, r->milestone); }
	if (r->live_source) { buf_adds(b, " · live status from "); esc_html(b, r->live_source); }
	buf_adds(b, "</p>\n");
	if (r->description && *r->description) {
		buf_adds(b, "<p class=\"note\">");
		esc_html(b, r->description);
		buf_adds(b, "</p>\n");
	}
	buf_adds(b, "<h2>Progress</h2>\n");
	html_chart(b, s);
	buf_adds(b, "<table class=\"summary\"><tr><th>Pillar</th><th>Done</th><th>N/A</th><th>Blocked</th><th>Open</th>"
		 "<th>Total</th><th>Done of applicable</th></tr>\n");
	for (size_t i = 0; i < s->n; i++) html_counts_row(b, group_label(&s->g[i]), &s->g[i].c, 0);
	html_counts_row(b, "Overall", &s->all, 1);
	buf_adds(b, "</table>\n<p class=\"meta\">Live checks:");
	for (int k = 0; k < CHECK_NSTATUS; k++) buf_addf(b, " %s %zu ·", check_status_name((enum check_status)k), s->live[k]);
	buf_addf(b, " not checked %zu</p>\n", s->live[CHECK_NSTATUS]);
	html_plan(r, b);
	for (size_t g = 0; g < s->n; g++) {
		buf_adds(b, "<h2>");
		esc_html(b, group_label(&s->g[g]));
		buf_adds(b, "</h2>\n<table><tr><th>Item</th><th>Title</th><th>Level</th><th>State</th><th>Live status</th>"
			 "<th>Reason and note</th></tr>\n");
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(pillar_of(&r->items[i]), s->g[g].pillar) == 0) html_item(b, &r->items[i]);
		buf_adds(b, "</table>\n");
	}
	buf_adds(b, "</body>\n</html>\n");
}

/* --- Markdown ---------------------------------------------------------------------------- */

/* A multi-line text as the continuation of a list item indented by indent spaces. */
static void md_block(struct buf *b, const char *s, int indent)
{
	char *t = esc_clean(s);
	const char *p = t;
	int first = 1;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && p[n - 1] == ' ') n--;
		if (!first) buf_addf(b, n ? "\\\n%*s" : "\n%*s", indent, "");
		esc_md_line(b, p, n);
		first = 0;
		p = e ? e + 1 : p + strlen(p);
	}
	buf_addc(b, '\n');
	free(t);
}

static void md_counts_row(struct buf *b, const char *label, const struct state_counts *c, int bold)
{
	buf_adds(b, bold ? "| **" : "| ");
	esc_md(b, label);
	buf_addf(b, "%s | %zu | %zu | %zu | %zu | %zu | %d%% |\n", bold ? "**" : "", c->n[ITEM_DONE], c->n[ITEM_NA],
		 c->n[ITEM_BLOCKED], c->n[ITEM_OPEN], c->total, state_percent_done(c));
}

static void md_item(struct buf *b, const struct report_item *it)
{
	char t[32];
	buf_addf(b, "- **[%s]** **", state_value_name(it->state));
	esc_md(b, it->id);
	buf_adds(b, "** ");
	esc_md(b, it->title);
	if (it->level) buf_addf(b, " (%s)", vocab_label(VOCAB_LEVEL, it->level));
	buf_addc(b, '\n');
	buf_addf(b, "  - State: %s", state_label(it->state));
	if (it->changed_at) buf_addf(b, ", changed %s", report_time(it->changed_at, t, sizeof t));
	buf_addc(b, '\n');
	if (it->reason) {
		buf_adds(b, "  - Reason: ");
		md_block(b, it->reason, 4);
	}
	if (it->note) {
		buf_adds(b, "  - Note: ");
		md_block(b, it->note, 4);
	}
	if (it->live) {
		buf_addf(b, "  - Live: %s", check_status_name(it->live->status));
		if (it->live->evidence && *it->live->evidence) {
			buf_adds(b, ": ");
			md_block(b, it->live->evidence, 4);
		} else {
			buf_addc(b, '\n');
		}
	} else {
		buf_adds(b, "  - Live: not checked\n");
	}
	if (is_web_url(it->source) && !strpbrk(it->source, "<> \n")) buf_addf(b, "  - Source: <%s>\n", it->source);
}

static void md_plan(const struct report *r, struct buf *b)
{
	if (!r->live_source) return;
	size_t *order = xcalloc(r->n + 1, sizeof *order), n = plan_order(r, order);
	buf_adds(b, "\n## Improvement plan\n\n");
	if (!n) buf_adds(b, "No live check fails or warns.\n");
	for (size_t k = 0; k < n; k++) {
		const struct report_item *it = &r->items[order[k]];
		buf_addf(b, "%zu. **", k + 1);
		esc_md(b, it->id);
		buf_adds(b, "** ");
		esc_md(b, it->title);
		buf_addf(b, " — %s (", check_status_name(it->live->status));
		esc_md(b, plan_rank_label(plan_rank(it->live->status, it->level, it->state)));
		buf_adds(b, ")\n");
		if (it->live->evidence && *it->live->evidence) {
			buf_adds(b, "   - Evidence: ");
			md_block(b, it->live->evidence, 5);
		}
		if (it->fix) {
			buf_adds(b, "   - Fix: ");
			md_block(b, it->fix, 5);
		}
	}
	free(order);
}

static void write_markdown(const struct report *r, const struct summary *s, struct buf *b)
{
	char t[32];
	buf_adds(b, "# Assessment: ");
	esc_md(b, r->assessment);
	buf_adds(b, "\n\n- Partner type: ");
	esc_md(b, r->partner ? vocab_label(VOCAB_PARTNER, r->partner) : "all partner types");
	buf_addc(b, '\n');
	if (r->created_at) buf_addf(b, "- Created: %s\n", report_time(r->created_at, t, sizeof t));
	buf_addf(b, "- Generated: %s by pwaf\n", report_time(r->generated_at, t, sizeof t));
	if (r->milestone) { buf_adds(b, "- Milestone: "); esc_md(b, r->milestone); buf_addc(b, '\n'); }
	if (r->live_source) { buf_adds(b, "- Live status from: "); esc_md(b, r->live_source); buf_addc(b, '\n'); }
	if (r->description && *r->description) {
		buf_adds(b, "- Description: ");
		md_block(b, r->description, 2);
	}
	buf_adds(b, "\n## Summary\n\n| Pillar | Done | N/A | Blocked | Open | Total | Done of applicable |\n"
		 "|---|--:|--:|--:|--:|--:|--:|\n");
	for (size_t i = 0; i < s->n; i++) md_counts_row(b, group_label(&s->g[i]), &s->g[i].c, 0);
	md_counts_row(b, "Overall", &s->all, 1);
	buf_adds(b, "\nLive checks:");
	for (int k = 0; k < CHECK_NSTATUS; k++) buf_addf(b, " %s %zu,", check_status_name((enum check_status)k), s->live[k]);
	buf_addf(b, " not checked %zu.\n", s->live[CHECK_NSTATUS]);
	md_plan(r, b);
	for (size_t g = 0; g < s->n; g++) {
		buf_adds(b, "\n## ");
		esc_md(b, group_label(&s->g[g]));
		buf_adds(b, "\n\n");
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(pillar_of(&r->items[i]), s->g[g].pillar) == 0) md_item(b, &r->items[i]);
	}
}

/* --- CSV (RFC 4180) ---------------------------------------------------------------------- */

static void write_csv(const struct report *r, struct buf *b)
{
	char t[32];
	buf_adds(b, "assessment,id,title,pillar,level,page,source,state,reason,note,changed_at,live_status,live_evidence\r\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct report_item *it = &r->items[i];
		esc_csv(b, r->assessment, 1, 0);
		esc_csv(b, it->id, 1, 0);
		esc_csv(b, it->title, 1, 0);
		esc_csv(b, it->pillar, 0, 0);
		esc_csv(b, it->level, 0, 0);
		esc_csv(b, it->page, 0, 0);
		esc_csv(b, it->source, 1, 0);
		esc_csv(b, state_value_name(it->state), 0, 0);
		esc_csv(b, it->reason, 1, 0);
		esc_csv(b, it->note, 1, 0);
		esc_csv(b, report_time(it->changed_at, t, sizeof t), 0, 0);
		esc_csv(b, it->live ? check_status_name(it->live->status) : "not checked", 0, 0);
		esc_csv(b, it->live ? it->live->evidence : NULL, 1, 1);
	}
}

/* --- JSON -------------------------------------------------------------------------------- */

static void json_str(cJSON *o, const char *k, const char *v)
{
	if (!v) {
		cJSON_AddNullToObject(o, k);
		return;
	}
	char *t = esc_clean(v);
	cJSON_AddStringToObject(o, k, t);
	free(t);
}

static void json_time(cJSON *o, const char *k, int64_t v)
{
	char t[32];
	json_str(o, k, v ? report_time(v, t, sizeof t) : NULL);
}

static void json_counts(cJSON *o, const struct state_counts *c)
{
	cJSON_AddNumberToObject(o, "total", (double)c->total);
	for (int k = 0; k < ITEM_STATE_COUNT; k++) cJSON_AddNumberToObject(o, state_value_name(k), (double)c->n[k]);
	cJSON_AddNumberToObject(o, "percent_done", state_percent_done(c));
}

static void json_plan(const struct report *r, cJSON *root)
{
	cJSON *plan = cJSON_AddArrayToObject(root, "plan");
	size_t *order = xcalloc(r->n + 1, sizeof *order), n = plan_order(r, order);
	for (size_t k = 0; k < n; k++) {
		const struct report_item *it = &r->items[order[k]];
		cJSON *o = cJSON_CreateObject();
		json_str(o, "id", it->id);
		json_str(o, "title", it->title);
		json_str(o, "level", it->level);
		json_str(o, "state", state_value_name(it->state));
		json_str(o, "live", check_status_name(it->live->status));
		json_str(o, "evidence", it->live->evidence);
		json_str(o, "fix", it->fix);
		json_str(o, "why", plan_rank_label(plan_rank(it->live->status, it->level, it->state)));
		cJSON_AddItemToArray(plan, o);
	}
	free(order);
}

static void write_json(const struct report *r, const struct summary *s, struct buf *b)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *a = cJSON_AddObjectToObject(root, "assessment");
	json_str(a, "name", r->assessment);
	json_str(a, "partner", r->partner);
	json_str(a, "description", r->description);
	json_str(a, "milestone", r->milestone);
	json_str(root, "live_source", r->live_source);
	json_time(a, "created_at", r->created_at);
	json_time(root, "generated_at", r->generated_at);
	cJSON *sum = cJSON_AddObjectToObject(root, "summary");
	json_counts(sum, &s->all);
	cJSON *live = cJSON_AddObjectToObject(sum, "live");
	for (int k = 0; k < CHECK_NSTATUS; k++) cJSON_AddNumberToObject(live, check_status_name((enum check_status)k), (double)s->live[k]);
	cJSON_AddNumberToObject(live, "not_checked", (double)s->live[CHECK_NSTATUS]);
	cJSON *pillars = cJSON_AddArrayToObject(sum, "pillars");
	for (size_t i = 0; i < s->n; i++) {
		cJSON *p = cJSON_CreateObject();
		json_str(p, "pillar", s->g[i].pillar[0] ? s->g[i].pillar : NULL);
		json_str(p, "label", group_label(&s->g[i]));
		json_counts(p, &s->g[i].c);
		cJSON_AddItemToArray(pillars, p);
	}
	cJSON *items = cJSON_AddArrayToObject(root, "items");
	for (size_t i = 0; i < r->n; i++) {
		const struct report_item *it = &r->items[i];
		cJSON *o = cJSON_CreateObject();
		json_str(o, "id", it->id);
		json_str(o, "title", it->title);
		json_str(o, "pillar", it->pillar);
		json_str(o, "level", it->level);
		json_str(o, "page", it->page);
		json_str(o, "source", it->source);
		json_str(o, "state", state_value_name(it->state));
		json_str(o, "reason", it->reason);
		json_str(o, "note", it->note);
		json_time(o, "changed_at", it->changed_at);
		if (it->live) {
			cJSON *l = cJSON_AddObjectToObject(o, "live");
			json_str(l, "status", check_status_name(it->live->status));
			json_str(l, "evidence", it->live->evidence);
		} else {
			cJSON_AddNullToObject(o, "live");
		}
		cJSON_AddItemToArray(items, o);
	}
	json_plan(r, root);
	char *text = cJSON_Print(root);
	if (!text) {
		fputs("pwaf: out of memory\n", stderr);
		abort();
	}
	buf_adds(b, text);
	buf_addc(b, '\n');
	free(text);
	cJSON_Delete(root);
}

void report_write(const struct report *r, enum report_format fmt, struct buf *out)
{
	struct summary s;
	summarize(r, &s);
	switch (fmt) {
	case REPORT_HTML: write_html(r, &s, out); break;
	case REPORT_JSON: write_json(r, &s, out); break;
	case REPORT_CSV: write_csv(r, out); break;
	default: write_markdown(r, &s, out); break;
	}
	free(s.g);
}
