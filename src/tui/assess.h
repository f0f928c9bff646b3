/* assess.h - the checklist's flows through choosers: open it for the assessment's partner type, choose the partner type or the assessment, milestones, export. */
#ifndef PWAF_ASSESS_H
#define PWAF_ASSESS_H

struct app;

/* Choose the assessment's partner type (it keeps it); the one in view is preselected. */
void assess_pick_partner(struct app *a);
/* Choose another assessment, or create one (n). */
void assess_pick_assessment(struct app *a);
/* The assessment's milestones: n creates one (with the live statuses seen now); Enter on one, then
 * on another, shows what changed between them. */
void assess_milestones(struct app *a);
/* The export's default file name ("pwaf-NAME-PARTNER.html", static storage). */
const char *assess_export_name(void);
/* Export the assessment (its partner type's items, with the live status) to path; the format
 * follows the extension. The message says what happened. */
void assess_export(struct app *a, const char *path);

#endif
