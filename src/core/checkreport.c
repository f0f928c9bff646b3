/* checkreport.c - write check results as text, JSON, Markdown, JUnit XML or SARIF 2.1.0. */
#include "core/checkreport.h"

#include "core/escape.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = { "text", "json", "markdown", "junit", "sarif", NULL };

const char *const *check_report_format_names(void)
{
	return format_names;
}

static int shown(const struct check_report *r, enum check_status s)
{
	return !r->show || (r->show & (1u << s));
}

int check_report_parse_statuses(const char *list, unsigned *show, char *err, size_t errlen)
{
	*show = 0;
	char *copy = xstrdup(list ? list : "");
	int rc = 0;
	for (char *save = NULL, *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		int s = check_status_parse(t);
		if (s < 0) {
			char *c = esc_clean(t);
			snprintf(err, errlen, "'%.40s' is not a status (pass, fail, warn, manual, unknown, error)", c);
			free(c);
			rc = -1;
			break;
		}
		*show |= 1u << s;
	}
	free(copy);
	if (!rc && !*show) {
		snprintf(err, errlen, "no status named (pass, fail, warn, manual, unknown, error)");
		rc = -1;
	}
	return rc;
}

static void summary_line(struct buf *b, const struct check_results *res, const char *sep)
{
	for (int s = 0; s < CHECK_NSTATUS; s++)
		buf_addf(b, "%s %d %s", s ? sep : "", res->count[s], check_status_name((enum check_status)s));
}

/* --- text ----------------------------------------------------------------------------------- */

static void write_text(const struct check_report *r, struct buf *b)
{
	char *host = esc_clean(r->host);
	buf_addf(b, "workspace: %s (%s), %s\n", host, r->source, r->generated_at);
	free(host);
	size_t listed = 0;
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		if (!shown(r, c->status)) continue;
		listed++;
		const char *w = check_status_word(c->status);
		if (r->color) buf_addf(b, "%s%-7s\x1b[0m", check_status_ansi(c->status), w);
		else buf_addf(b, "%-7s", w);
		char *item = esc_clean(c->item), *title = esc_clean(c->title), *ev = esc_clean(c->evidence);
		buf_addf(b, "  %-12s  %s", item, title);
		if (*ev) buf_addf(b, " — %s", ev);
		buf_addc(b, '\n');
		free(item);
		free(title);
		free(ev);
	}
	buf_addf(b, "%zu items", r->res->n);
	if (r->show) buf_addf(b, " (%zu listed)", listed);
	buf_adds(b, ":");
	summary_line(b, r->res, ",");
	buf_addc(b, '\n');
}

/* --- JSON ----------------------------------------------------------------------------------- */

static void put_json(struct buf *b, cJSON *o)
{
	char *s = cJSON_Print(o);
	if (s) buf_adds(b, s);
	buf_addc(b, '\n');
	free(s);
	cJSON_Delete(o);
}

static void write_json(const struct check_report *r, struct buf *b)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *w = cJSON_AddObjectToObject(o, "workspace");
	cJSON_AddStringToObject(w, "host", r->host);
	cJSON_AddStringToObject(w, "source", r->source);
	cJSON_AddStringToObject(o, "generated_at", r->generated_at);
	cJSON *a = cJSON_AddArrayToObject(o, "results");
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		if (!shown(r, c->status)) continue;
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "item", c->item);
		cJSON_AddStringToObject(x, "title", c->title);
		cJSON_AddStringToObject(x, "level", c->level);
		cJSON_AddStringToObject(x, "status", check_status_name(c->status));
		cJSON_AddStringToObject(x, "evidence", c->evidence);
		cJSON_AddItemToArray(a, x);
	}
	cJSON *s = cJSON_AddObjectToObject(o, "summary");
	for (int i = 0; i < CHECK_NSTATUS; i++)
		cJSON_AddNumberToObject(s, check_status_name((enum check_status)i), r->res->count[i]);
	put_json(b, o);
}

/* --- Markdown ------------------------------------------------------------------------------- */

static void write_markdown(const struct check_report *r, struct buf *b)
{
	buf_adds(b, "# pwaf check: ");
	esc_md(b, r->host);
	buf_addf(b, "\n\nSource: %s. Generated at ", r->source);
	esc_md(b, r->generated_at);
	buf_adds(b, ".\n\n| Status | Item | Level | Title | Evidence |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		if (!shown(r, c->status)) continue;
		buf_addf(b, "| **%s** | ", check_status_word(c->status));
		const char *cells[] = { c->item, c->level, c->title, c->evidence };
		for (size_t k = 0; k < 4; k++) {
			esc_md(b, cells[k]);
			buf_adds(b, k < 3 ? " | " : " |\n");
		}
	}
	buf_adds(b, "\n**Summary:**");
	summary_line(b, r->res, ",");
	buf_addc(b, '\n');
}

/* --- JUnit XML ------------------------------------------------------------------------------ */

static void write_junit(const struct check_report *r, struct buf *b)
{
	const int *n = r->res->count;
	int skipped = n[CHECK_MANUAL] + n[CHECK_UNKNOWN];
	buf_addf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pwaf check\" tests=\"%zu\" "
		    "failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n  <testsuite name=\"",
		 r->res->n, n[CHECK_FAIL], n[CHECK_ERROR], skipped);
	esc_html(b, r->host);
	buf_addf(b, "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" timestamp=\"", r->res->n,
		 n[CHECK_FAIL], n[CHECK_ERROR], skipped);
	esc_html(b, r->generated_at);
	buf_adds(b, "\">\n");
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		buf_adds(b, "    <testcase classname=\"pwaf.");
		esc_html(b, c->level);
		buf_adds(b, "\" name=\"");
		esc_html(b, c->item);
		buf_adds(b, ": ");
		esc_html(b, c->title);
		buf_adds(b, "\"");
		const char *tag = c->status == CHECK_FAIL ? "failure" : c->status == CHECK_ERROR ? "error"
				 : c->status == CHECK_MANUAL || c->status == CHECK_UNKNOWN ? "skipped" : NULL;
		if (!tag) {
			if (c->status == CHECK_WARN) {
				buf_adds(b, ">\n      <system-out>warn: ");
				esc_html(b, c->evidence);
				buf_adds(b, "</system-out>\n    </testcase>\n");
			} else {
				buf_adds(b, "/>\n");
			}
			continue;
		}
		buf_addf(b, ">\n      <%s message=\"%s: ", tag, check_status_name(c->status));
		esc_html(b, c->evidence);
		if (!strcmp(tag, "skipped")) {
			buf_adds(b, "\"/>\n");
		} else {
			buf_adds(b, "\">");
			esc_html(b, c->evidence);
			buf_addf(b, "</%s>\n", tag);
		}
		buf_adds(b, "    </testcase>\n");
	}
	buf_adds(b, "  </testsuite>\n</testsuites>\n");
}

/* --- SARIF 2.1.0 ---------------------------------------------------------------------------- */

static void write_sarif(const struct check_report *r, struct buf *b)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(o, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "runs"), run);
	cJSON *drv = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(drv, "name", "pwaf");
	cJSON_AddStringToObject(drv, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(drv, "informationUri", "https://databrickslabs.github.io/partner-architecture/");
	cJSON *rules = cJSON_AddArrayToObject(drv, "rules");
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < r->res->n; i++) {
		const struct check_result *c = &r->res->v[i];
		cJSON *rule = cJSON_CreateObject();
		cJSON_AddStringToObject(rule, "id", c->item);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(rule, "shortDescription"), "text", c->title);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(rule, "properties"), "level", c->level);
		cJSON_AddItemToArray(rules, rule);
		const char *lvl = c->status == CHECK_FAIL ? "error" : c->status == CHECK_WARN ? "warning"
				 : c->status == CHECK_ERROR ? "note" : NULL;
		if (!lvl || !shown(r, c->status)) continue;
		cJSON *res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "ruleId", c->item);
		cJSON_AddNumberToObject(res, "ruleIndex", (double)i);
		cJSON_AddStringToObject(res, "level", lvl);
		struct buf m = BUF_INIT;
		buf_addf(&m, "%s: %s", check_status_name(c->status), *c->evidence ? c->evidence : c->title);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "message"), "text", buf_str(&m));
		buf_free(&m);
		cJSON *loc = cJSON_CreateObject();
		cJSON *ll = cJSON_CreateObject();
		cJSON_AddStringToObject(ll, "name", r->host);
		cJSON_AddStringToObject(ll, "kind", "resource");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(loc, "logicalLocations"), ll);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
		cJSON_AddItemToArray(results, res);
	}
	put_json(b, o);
}

void check_report_write(const struct check_report *r, enum check_report_format f, struct buf *out)
{
	static void (*const writers[CREPORT_COUNT])(const struct check_report *, struct buf *) = {
		[CREPORT_TEXT] = write_text, [CREPORT_JSON] = write_json, [CREPORT_MARKDOWN] = write_markdown,
		[CREPORT_JUNIT] = write_junit, [CREPORT_SARIF] = write_sarif,
	};
	if ((unsigned)f < CREPORT_COUNT) writers[f](r, out);
}
