/* llms.h - llms.txt and llms-full.txt of a content database, after the llms.txt convention. */
#ifndef PWAF_LLMS_H
#define PWAF_LLMS_H

#include "core/buf.h"
#include "core/contentdb.h"

#include <stddef.h>

/* The URI of a page or item as pwaf's MCP server names it ("pwaf://page/BO-TAG-01"). */
#define LLMS_URI_PREFIX "pwaf://page/"

/*
 * Append llms.txt (full = 0) or llms-full.txt (full = 1) of the content to out:
 *   # title / > one-paragraph summary / a paragraph on how to read the links /
 *   ## sections of "- [Title](pwaf://page/ID): one-line description" (framework pages, each
 *   partner type's pages, each partner type's checklist, then ## Optional);
 * the full form follows the same head with every page's and item's Markdown, separated by rules.
 * version names the pwaf release in the summary. Returns 0, or -1 with err set (database error).
 */
int llms_write(struct cdb *c, int full, const char *version, struct buf *out, char *err, size_t errlen);

/*
 * One line describing a document from its Markdown body: the first sentence of the first
 * paragraph after the title, links reduced to their text, code and emphasis marks removed,
 * at most max characters (cut at a word, with "…"). malloc'd, never NULL ("" when there is no text).
 */
char *llms_summary(const char *markdown, size_t max);

#endif
