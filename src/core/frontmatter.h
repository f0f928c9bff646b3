/* frontmatter.h - parse and validate the YAML front matter of one content file. */
#ifndef PWAF_FRONTMATTER_H
#define PWAF_FRONTMATTER_H

#include "core/diag.h"

#include <stddef.h>

enum fm_field {
	FM_ID, FM_KIND, FM_TITLE, FM_PARTNERS, FM_PILLAR, FM_LEVEL, FM_PAGE, FM_SOURCE,
	FM_KEYWORDS, FM_PROBES, FM_ORDER, FM_FIELD_COUNT
};

struct fm_list {
	char **v;
	size_t n;
};

struct frontmatter {
	char *id, *kind, *title, *pillar, *level, *page, *source;
	struct fm_list partners, keywords, probes;
	int order;                 /* 0 when absent */
	int line[FM_FIELD_COUNT];  /* line of each field's key in the file; 0 when absent */
	int end_line;              /* line of the closing '---' */
	const char *body;          /* points into the text given to fm_parse */
	size_t body_len;
	int body_line;             /* file line of body's first line */
};

/* Name of a field as written in front matter. */
const char *fm_field_name(enum fm_field f);

/*
 * Parse text (a whole file, len bytes) into fm. Syntax and vocabulary errors are added to d
 * with file:line. Returns 0 when no error was added, -1 otherwise; fm is always safe to
 * pass to fm_free afterwards. Checks: front matter present and closed, YAML well formed,
 * keys known and not repeated, values of the right shape, kind/partners/pillar/level in the
 * vocabulary, required fields present for the kind, id well formed and matching the file name
 * (expected_id, may be NULL), source an https URL; the front matter at most FM_MAX_BYTES and
 * FM_MAX_DEPTH deep.
 */
int fm_parse(struct frontmatter *fm, const char *file, const char *expected_id,
	     const char *text, size_t len, struct diag *d);

/* Limits checked before libyaml sees the front matter: its size in bytes, and how deep '[' and
 * '{' may nest (real front matter needs 1). Either is an error at file:line. */
#define FM_MAX_BYTES (64 * 1024)
#define FM_MAX_DEPTH 16

/* The line where flow nesting outside quoted scalars and comments first passes max, or 0
 * (lines numbered as in the file when y starts on line 2). */
int fm_too_deep(const char *y, size_t n, int max);
void fm_free(struct frontmatter *fm);

#endif
