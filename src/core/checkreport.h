/* checkreport.h - the report of `pwaf check`: text, JSON, Markdown, JUnit XML and SARIF 2.1.0 from check results. */
#ifndef PWAF_CHECKREPORT_H
#define PWAF_CHECKREPORT_H

#include "core/buf.h"
#include "core/checkresult.h"

enum check_report_format { CREPORT_TEXT, CREPORT_JSON, CREPORT_MARKDOWN, CREPORT_JUNIT, CREPORT_SARIF, CREPORT_COUNT };

/* "text", "json", "markdown", "junit", "sarif", NULL-terminated (for cli_parse_format). */
const char *const *check_report_format_names(void);

struct check_report {
	const struct check_results *res;    /* borrowed */
	const char *host, *source, *generated_at;   /* borrowed; untrusted text is escaped per format */
	unsigned show;                      /* the statuses to list (bit 1 << status); 0: all. The summary
	                                       always counts every result */
	int color;                          /* text: status words in ANSI colour (a terminal, no NO_COLOR) */
};

/*
 * Append the report to out. Every string is escaped for its format: text keeps only printable
 * characters (the results are sanitised already), JSON through cJSON, Markdown table cells, XML
 * text and attributes. JSON is the stable interface:
 *   {"workspace":{"host","source"},"generated_at","results":[{"item","title","level","status","evidence"}],
 *    "summary":{"pass","fail","warn","manual","unknown","error"}}
 * JUnit: fail is a failure, error an error, manual and unknown are skipped, warn passes with its
 * evidence in system-out. SARIF: one rule per item; fail, warn and error are results (error,
 * warning, note).
 */
void check_report_write(const struct check_report *r, enum check_report_format f, struct buf *out);

/* Parse a comma-separated list of status names ("fail,warn") into a bit set for .show.
 * Returns 0, or -1 with the bad name in err. */
int check_report_parse_statuses(const char *list, unsigned *show, char *err, size_t errlen);

#endif
