/* export.h - gather an assessment's items, states and notes from the content and state databases. */
#ifndef PWAF_EXPORT_H
#define PWAF_EXPORT_H

#include "core/contentdb.h"
#include "core/report.h"
#include "core/state.h"

/*
 * Everything report_write needs, with the storage behind it. The items are the content's
 * checklist items for the partner type (the one asked for, else the assessment's; all items when
 * neither names one), by id, then any item that has a state but is not among them and is no longer
 * in the content (its title says so), so no such note is lost. An export with a partner type holds
 * only that partner type's items: states of another partner type's items are left out; without
 * one, they are listed after the others. Each item's fix is the plain text of its "Fix a failure".
 * Set items[i].live to add live results before calling report_write (NULL renders "not checked").
 */
struct assessment_export {
	struct report r;
	struct report_item *items;      /* == r.items, r.n of them */
	/* storage */
	struct assessment a;
	struct doc_list docs;
	struct doc *extra;
	size_t nextra;
	struct item_state_list states;
	char **fixes;                   /* r.n of them, NULL where an item has no fix */
};

/*
 * Build the export of the named assessment. s may be NULL (no state database yet): every item
 * is then open. partner (may be NULL) chooses the partner type whose items to export instead of
 * the assessment's. Returns STATE_OK; STATE_NONE when there is no such assessment (the export is
 * still built, all items open); STATE_ERROR with a message in err.
 */
int assessment_export_build(struct cdb *c, struct state_db *s, const char *assessment, const char *partner,
			    int64_t generated_at, struct assessment_export *out, char *err, size_t errlen);
/* The same from a milestone's stored states: STATE_NONE (with a message in err) when the
 * assessment has no such milestone. */
int assessment_export_build_milestone(struct cdb *c, struct state_db *s, const char *assessment,
				      const char *milestone, const char *partner, int64_t generated_at, struct assessment_export *out,
				      char *err, size_t errlen);
void assessment_export_free(struct assessment_export *e);

#endif
