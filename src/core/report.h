/* report.h - export an assessment as Markdown, self-contained HTML, JSON or CSV. */
#ifndef PWAF_REPORT_H
#define PWAF_REPORT_H

#include "core/buf.h"
#include "core/checkresult.h"
#include "core/state.h"

#include <stddef.h>
#include <stdint.h>

/* A live check's verdict on an item. */
struct report_live {
	enum check_status status;
	const char *evidence;           /* may be NULL */
};

/* One checklist item with its manual state. All strings are borrowed and may be NULL except id. */
struct report_item {
	const char *id, *title, *pillar, *level, *page, *source;
	enum item_state_value state;
	const char *reason, *note;
	int64_t changed_at;             /* Unix seconds, 0 when never marked */
	const struct report_live *live; /* NULL: not checked */
	const char *fix;                /* how to fix a failure, plain text (the plan shows it), or NULL */
};

struct report {
	const char *assessment;         /* name */
	const char *partner;            /* NULL: all partner types */
	const char *description;
	const char *milestone;          /* the states are those of this milestone; NULL: current */
	const char *live_source;        /* where live results came from ("demo workspace", a file), or NULL */
	int64_t created_at;             /* 0 when the assessment does not exist yet */
	int64_t generated_at;
	const struct report_item *items;   /* in the order to print them (pillar sections keep it) */
	size_t n;
};

enum report_format { REPORT_MARKDOWN, REPORT_HTML, REPORT_JSON, REPORT_CSV, REPORT_FORMAT_COUNT };

/* "markdown", "html", "json", "csv", NULL-terminated (for cli_parse_format). */
const char *const *report_format_names(void);
/* The format a file name asks for: .md .markdown .html .htm .json .csv (any case), Markdown
 * without an extension; -1 for any other extension (".pdf" is never written as Markdown). */
int report_format_of_name(const char *path);

/*
 * Append the report to out. Every string from the items is untrusted: HTML escapes it (and
 * links only http(s) sources), Markdown escapes its syntax, CSV quotes per RFC 4180 (CRLF rows,
 * a header row) and prefixes a ' to free-text fields starting with = + - @ so spreadsheets do
 * not run them as formulas. HTML is one file with inline CSS and SVG: no scripts, no external
 * resources. With live results, Markdown, HTML and JSON carry an improvement plan (plan.h): failing
 * required items first, then other failing ones, then warnings, each with its fix. JSON has the shape
 *   {"assessment":{"name","partner","description","milestone","created_at"},"live_source","generated_at",
 *    "summary":{"total","open","done","na","blocked","percent_done","live":{"pass",...,"not_checked"},
 *               "pillars":[{"pillar","label","total","open","done","na","blocked","percent_done"}]},
 *    "items":[{"id","title","pillar","level","page","source","state","reason","note","changed_at",
 *              "live":{"status","evidence"}|null}],
 *    "plan":[{"id","title","level","state","live","evidence","fix","why"}]}
 * with times as ISO 8601 UTC strings (null when unknown).
 */
void report_write(const struct report *r, enum report_format fmt, struct buf *out);

/* Unix seconds as "2024-05-01T12:00:00Z" into buf (at least 21 bytes); "" for 0. */
const char *report_time(int64_t t, char *buf, size_t len);

#endif
