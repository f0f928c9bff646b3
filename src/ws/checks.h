/* checks.h - run the content's check SQL over a snapshot: one status and evidence per item. */
#ifndef PWAF_CHECKS_H
#define PWAF_CHECKS_H

#include "core/checkresult.h"
#include "core/contentdb.h"
#include "ws/snapshot.h"

#include <stddef.h>

/*
 * Check one item (a doc from cdb_get, with check_sql and probes) against the snapshot:
 *  - no check_sql: manual;
 *  - a probe of the item not fetched: unknown, saying which;
 *  - a probe fetched with 401/403: unknown ("no permission to read cluster policies: 403 ...");
 *  - a probe over its limits (PWAF_LIMIT) or not enabled (FEATURE_DISABLED): unknown, saying so;
 *  - a probe fetched with another error: error, with the message;
 *  - else the SQL runs read-only with a time limit (time_limit_ms; 0: 2 s); its first row's
 *    status must be pass, fail, warn, manual (a signal that proves nothing alone) or unknown, else error (also for no row or an SQL error);
 *  - a pass that read a list the server filters by caller becomes unknown when the caller is not
 *    a workspace admin (SCIM Me groups) or, for Unity Catalog lists, not the metastore admin.
 * Fills out (free with check_result_free).
 */
void checks_run_item(struct snapshot *snap, const struct doc *d, long time_limit_ms, struct check_result *out);

/* Check every item of the content that matches the filter (kind forced to item) and, when ids is
 * not NULL, whose id is in the NULL-terminated list (case-insensitive). Results are in id order.
 * Returns 0, or -1 with err set (an id in ids that no item has, content DB error). */
int checks_run(struct cdb *c, struct snapshot *snap, const struct doc_filter *f, const char *const *ids,
	       struct check_results *out, char *err, size_t errlen);

/* The probes the selected items need, with current-user (and metastore-summary when a Unity
 * Catalog list is read) so a pass over a filtered list can be judged (NULL-terminated, malloc'd
 * strings; free with checks_free_names). */
char **checks_probes_needed(struct cdb *c, const struct doc_filter *f, const char *const *ids);
void checks_free_names(char **v);

#endif
