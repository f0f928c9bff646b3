/* slug.h - heading anchors: one rule for the indexer and the renderer, so a link the index accepts works on screen. */
#ifndef PWAF_SLUG_H
#define PWAF_SLUG_H

#include <stddef.h>

/*
 * The rule (GitHub's): the heading's plain text (markup removed, character references decoded,
 * line breaks as spaces) with ASCII letters lower-cased; ASCII letters, digits, '-' and '_' kept;
 * each space or tab becomes '-'; other ASCII punctuation and controls are dropped; of the rest,
 * symbols and punctuation (Latin-1 signs, general punctuation such as the em dash, arrows,
 * box drawing, emoji, variation selectors, U+FFFD, C1 controls) are dropped and letters of
 * every script are kept as written. Bytes that are not UTF-8 are dropped.
 *   "OAuth M2M: tokens (1 h)" -> "oauth-m2m-tokens-1-h"    "Setup — step 2" -> "setup--step-2"
 *
 * slug_write writes the anchor of text[0..len) to out, which has room for len + 1 bytes (an
 * anchor is never longer than its text), NUL-terminated; returns its length.
 */
size_t slug_write(const char *text, size_t len, char *out);
/* The same, newly allocated (never NULL: aborts when memory runs out). */
char *slug_make(const char *text, size_t len);

/*
 * The anchors of one document's headings, in order: a heading whose anchor an earlier one
 * already has gets the first of "-1", "-2", ... that no heading has yet ("Setup", "Setup",
 * "Setup" -> "setup", "setup-1", "setup-2"). Zero-initialise; free with slug_set_free.
 */
struct slug_entry;
struct slug_set {
	struct slug_entry *v;
	size_t cap, n;
};

/* The anchor of the document's next heading (malloc'd, the caller owns it), or NULL when
 * memory runs out (the set is unchanged then). Never aborts: the renderer must survive OOM. */
char *slug_set_add(struct slug_set *s, const char *text, size_t len);
void slug_set_free(struct slug_set *s);

#endif
