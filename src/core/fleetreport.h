/* fleetreport.h - the report of a fleet run: text, JSON, an HTML heat map, JUnit XML and SARIF 2.1.0. */
#ifndef PWAF_FLEETREPORT_H
#define PWAF_FLEETREPORT_H

#include "buf.h"
#include "fleetresult.h"

enum fleet_report_format { FREPORT_TEXT, FREPORT_JSON, FREPORT_HTML, FREPORT_JUNIT, FREPORT_SARIF, FREPORT_COUNT };

/* "text", "json", "html", "junit", "sarif", NULL-terminated (for cli_parse_format). */
const char *const *fleet_report_format_names(void);

struct fleet_report {
	const struct fleet_results *fr;     /* borrowed */
	int color;                          /* text: state and status words in ANSI colour */
};

/*
 * Append the report to out. Every string from a workspace or the content is escaped for its
 * format (it is sanitised already; the escaping keeps the format valid).
 *
 * text: a line per workspace (name, host, state, counts pass/fail/warn/manual/unknown/error, and
 *   the failing required items, or the error), then the items that fail somewhere, most failing
 *   workspaces first ("ISV-AUTH-01  required  fails in 12 of 198 workspaces"), then a summary
 *   line naming the unreachable workspaces.
 * json (the stable interface):
 *   {"run":{"id","started_at","elapsed_s","pwaf_version","partner"},
 *    "summary":{"workspaces","checked","auth","unreachable","config","cancelled","skipped",
 *               "failing_required"  (workspaces failing at least one required item)},
 *    "workspaces":[{"name","host","workspace_id","state","error"(null when checked),"elapsed_s",
 *                   "requests","snapshot"(or null),"summary":{"pass",...,"error"},
 *                   "failing_required":["ID",...],"failing":["ID",...]}],
 *    "items":[{"item","title","level","pillar","workspaces":{"pass",...,"error"},
 *              "failing_workspaces":["name",...]}]}
 * html: one self-contained page (inline CSS, no script, no outside resource): a summary, a legend,
 *   and a heat map with the items as rows (grouped by pillar, required first) and the workspaces as
 *   columns; each cell coloured by status with a letter for colour-blind and grey printing, the
 *   evidence in its title; unreached workspaces listed with their error. Prints on landscape pages
 *   with the colours kept (print-color-adjust: exact).
 * junit: a testsuite per workspace (name = the workspace), a testcase per item named
 *   "<workspace>: <item>"; an unreached workspace is one testcase with an error.
 * sarif: one run, a rule per item; a result per failing, warning or erring (workspace, item), its
 *   message naming the workspace, with the workspace host as the result's logical location; an
 *   unreached workspace is a result of rule "pwaf/workspace-unreached".
 */
void fleet_report_write(const struct fleet_report *r, enum fleet_report_format f, struct buf *out);

#endif
