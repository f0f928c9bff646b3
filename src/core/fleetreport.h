/* fleetreport.h - the report of a fleet run: text, JSON, an HTML heat map, JUnit XML and SARIF 2.1.0. */
#ifndef PWAF_FLEETREPORT_H
#define PWAF_FLEETREPORT_H

#include "core/buf.h"
#include "core/fleetresult.h"

enum fleet_report_format { FREPORT_TEXT, FREPORT_JSON, FREPORT_HTML, FREPORT_JUNIT, FREPORT_SARIF, FREPORT_COUNT };

/* "text", "json", "html", "junit", "sarif", NULL-terminated (for cli_parse_format). */
const char *const *fleet_report_format_names(void);

struct fleet_report {
	const struct fleet_results *fr;     /* borrowed */
	int color;                          /* text: state and status words in ANSI colour */
};

/*
 * Append the report to out (nothing for an unknown format or a NULL r/r->fr). Every string from a
 * workspace or the content is escaped for its format (it is sanitised already; the escaping keeps
 * the format valid: text one clean line, JSON clean UTF-8 through cJSON, HTML/XML entities).
 * "Failing" everywhere means status fail (an error is counted apart, as error). Counts are taken
 * from the entries (fr->count and res.count need not be filled). An unreached workspace is one in
 * state auth, unreachable or config; cancelled and skipped are "not checked" but not unreached.
 *
 * text (fits 80 columns; names clipped with "…" on a code point, long lines wrapped): a header
 *   line (start, elapsed, partner type, run id, version); a line per workspace (name, state, counts
 *   pass/fail/warn/manual/unknown/error, "-" when not checked) and under it, indented, the host and
 *   the failing required items, or the state's words and the error; then the items that fail or
 *   err somewhere, most failing workspaces first, required first on a tie
 *   ("BO-TAG-01  required  fails in 12 of 198 workspaces, errs in 2  Title…", the "of" counting the
 *   workspaces that checked the item); then a summary line with the workspaces per state, how many
 *   fail a required item, and naming the unreached workspaces. With color: the state word and the
 *   nonzero fail/warn/error counts in ANSI colour (the colours of `pwaf check`).
 * json (the stable interface):
 *   {"run":{"id","started_at","elapsed_s","pwaf_version","partner"(or null)},
 *    "summary":{"workspaces","checked","auth","unreachable","config","cancelled","skipped",
 *               "failing_required"  (workspaces failing at least one required item)},
 *    "workspaces":[{"name","host","workspace_id","state","error"(null when checked; else the error,
 *                   or the state's words when none was recorded),"elapsed_s","requests",
 *                   "snapshot"(or null),"summary":{"pass",...,"error"},
 *                   "failing_required":["ID",...],"failing":["ID",...]}],   (in result order)
 *    "items":[{"item","title","level","pillar","workspaces":{"pass",...,"error"},
 *              "failing_workspaces":["name",...]}]}   (items in id order, workspaces in run order)
 *   Seconds are numbers with millisecond precision; counts are numbers.
 * html: one self-contained page (inline CSS, a Content-Security-Policy allowing nothing else, no
 *   script, no outside resource): the run, summary cards (workspaces per state, failing a required
 *   item), the status totals, a legend; the workspaces not checked with their state and error; the
 *   items failing or erring (as in text); the heat map with the items as rows (grouped by pillar in
 *   the framework's order, required first, then id) and the checked workspaces as columns (names
 *   written vertically, full name, host and counts in the header's title); each cell coloured by
 *   status with a letter (P F W M U E, "–" when the workspace has no result for the item) and
 *   "<workspace> · <item>: <status> — <evidence>" in its title; header row and item column sticky
 *   while scrolling; then a table of every workspace. Prints landscape with the colours kept
 *   (print-color-adjust: exact), headers repeated, no sticky positioning.
 * junit: a testsuite per workspace (name = the workspace, hostname = its host, properties
 *   workspace_id and state), a testcase per item named "<workspace>: <item>", classname
 *   "pwaf.<level>": fail is a failure, error an error, manual and unknown skipped, warn passes with
 *   its evidence in system-out (as `pwaf check`). An unreached workspace is one testcase
 *   "<workspace>: pwaf/workspace-unreached" with an error (type = the state); a cancelled or
 *   skipped one is "<workspace>: pwaf/workspace-not-checked", skipped.
 * sarif: one run (automationDetails.id "pwaf-fleet/<run id>"), a rule per item (properties level,
 *   pillar) then "pwaf/workspace-unreached" and "pwaf/workspace-not-checked"; a result per failing,
 *   warning or erring (workspace, item) at level error, warning or note (as `pwaf check`), its
 *   message "<workspace>: <status>: <evidence>", located by a logical location whose
 *   fullyQualifiedName is the workspace host (the name when the host is unknown) and name the
 *   workspace, with properties workspace and workspace_id; an unreached workspace is a result of
 *   "pwaf/workspace-unreached" (level error), a cancelled or skipped one of
 *   "pwaf/workspace-not-checked" (level note).
 */
void fleet_report_write(const struct fleet_report *r, enum fleet_report_format f, struct buf *out);

#endif
