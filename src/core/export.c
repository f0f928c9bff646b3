/* export.c - gather an assessment's items, states and notes from the content and state databases. */
#include "core/export.h"

#include "core/buf.h"
#include "core/mdscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_state_item(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const struct item_state *)elem)->item);
}

static int has_doc(const struct doc_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0) return 1;
	return 0;
}

static void fill_doc(struct report_item *it, const struct doc *d)
{
	it->id = d->id;
	it->title = d->title;
	it->pillar = d->pillar;
	it->level = d->level;
	it->page = d->page;
	it->source = d->source;
}

static void fill_state(struct report_item *it, const struct item_state *st)
{
	it->state = st ? st->state : ITEM_OPEN;
	it->reason = st ? st->reason : NULL;
	it->note = st ? st->note : NULL;
	it->changed_at = st ? st->changed_at : 0;
}

/* The plain text of an item's "Fix a failure" section, or NULL. */
static char *fix_of(struct cdb *c, const char *id)
{
	struct doc d;
	if (cdb_get(c, id, &d) != 0) return NULL;
	char *md = d.body ? mdscan_section(d.body, "Fix a failure") : NULL;
	char *plain = md ? mdscan_plain(md) : NULL;
	free(md);
	doc_free(&d);
	return plain;
}

static int build(struct cdb *c, struct state_db *s, const char *assessment, const char *partner,
		 const char *milestone, int64_t generated_at, struct assessment_export *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	int found = s ? state_assessment_get(s, assessment, &out->a) : STATE_NONE;
	if (milestone && found == STATE_OK) {
		int m = state_milestone_show(s, assessment, milestone, &out->states);
		if (m == STATE_NONE) {
			snprintf(err, errlen, "assessment '%s' has no milestone '%s'", assessment, milestone);
			assessment_export_free(out);
			return STATE_NONE;
		}
		if (m != STATE_OK) found = STATE_ERROR;
	} else if (milestone) {
		snprintf(err, errlen, "no assessment named '%s'", assessment);
		assessment_export_free(out);
		return STATE_NONE;
	}
	if (found == STATE_ERROR || (found == STATE_OK && !milestone && state_items(s, assessment, &out->states) != STATE_OK)) {
		snprintf(err, errlen, "%s", state_errmsg(s));
		assessment_export_free(out);
		return STATE_ERROR;
	}
	if (found == STATE_NONE) out->a.name = xstrdup(assessment);
	if (partner) {   /* the partner type asked for wins over the assessment's */
		free(out->a.partner);
		out->a.partner = xstrdup(partner);
	}
	struct doc_filter f = { .kind = "item", .partner = out->a.partner };
	if (cdb_list(c, &f, &out->docs) < 0) {
		snprintf(err, errlen, "cannot list the checklist items: %s", cdb_errmsg(c));
		assessment_export_free(out);
		return STATE_ERROR;
	}
	/* States of items outside the list: look them up, or mark them as gone from the content. */
	out->extra = xcalloc(out->states.n + 1, sizeof *out->extra);
	for (size_t i = 0; i < out->states.n; i++) {
		const char *id = out->states.v[i].item;
		if (has_doc(&out->docs, id)) continue;
		struct doc *d = &out->extra[out->nextra++];
		if (cdb_get(c, id, d) != 0) {
			doc_free(d);
			memset(d, 0, sizeof *d);
			d->id = xstrdup(id);
			d->title = xstrdup("(no longer in the content)");
		} else if (out->a.partner) {
			/* another partner type's item: an export holds only its partner type's items */
			doc_free(d);
			memset(d, 0, sizeof *d);
			out->nextra--;
		}
	}
	out->r.n = out->docs.n + out->nextra;
	out->items = xcalloc(out->r.n + 1, sizeof *out->items);
	out->fixes = xcalloc(out->r.n + 1, sizeof *out->fixes);
	for (size_t i = 0; i < out->r.n; i++) {
		struct report_item *it = &out->items[i];
		fill_doc(it, i < out->docs.n ? &out->docs.v[i] : &out->extra[i - out->docs.n]);
		const struct item_state *st = out->states.n ?
			bsearch(it->id, out->states.v, out->states.n, sizeof *out->states.v, cmp_state_item) : NULL;
		fill_state(it, st);
		out->fixes[i] = fix_of(c, it->id);
		it->fix = out->fixes[i];
	}
	out->r.items = out->items;
	out->r.assessment = out->a.name;
	out->r.partner = out->a.partner;
	out->r.description = out->a.description;
	out->r.created_at = out->a.created_at;
	out->r.generated_at = generated_at;
	out->r.milestone = milestone;
	return found;
}

int assessment_export_build(struct cdb *c, struct state_db *s, const char *assessment, const char *partner,
			    int64_t generated_at, struct assessment_export *out, char *err, size_t errlen)
{
	return build(c, s, assessment, partner, NULL, generated_at, out, err, errlen);
}

int assessment_export_build_milestone(struct cdb *c, struct state_db *s, const char *assessment,
				      const char *milestone, const char *partner, int64_t generated_at, struct assessment_export *out,
				      char *err, size_t errlen)
{
	return build(c, s, assessment, partner, milestone, generated_at, out, err, errlen);
}

void assessment_export_free(struct assessment_export *e)
{
	for (size_t i = 0; e->fixes && i < e->r.n; i++) free(e->fixes[i]);
	free(e->fixes);
	for (size_t i = 0; i < e->nextra; i++) doc_free(&e->extra[i]);
	free(e->extra);
	free(e->items);
	doc_list_free(&e->docs);
	item_state_list_free(&e->states);
	assessment_free(&e->a);
	memset(e, 0, sizeof *e);
}
