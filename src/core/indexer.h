/* indexer.h - build the content database from a directory of Markdown files. */
#ifndef PWAF_INDEXER_H
#define PWAF_INDEXER_H

#include "core/diag.h"

struct indexer_stats {
	int pages, items, links, checks;
};

/* The largest content file read (larger ones are an error at file:0). */
#define INDEXER_MAX_FILE (4 << 20)

/*
 * Read every *.md file of content_dir (subdirectories too, each walked once however many symbolic
 * links lead to it; only regular files of at most INDEXER_MAX_FILE bytes are read), validate it (front matter, duplicate ids, pages of
 * items, internal links and anchors, check SQL and probes) and, when nothing is wrong,
 * write the database to output atomically (a temporary file renamed into place).
 * Returns 0 on success; -1 with the reasons in d (file:line each) and no output written.
 */
int indexer_build(const char *content_dir, const char *output, struct indexer_stats *st, struct diag *d);

/* The schema version written to meta('schema_version'); readers refuse other versions. */
#define CONTENT_SCHEMA_VERSION 2   /* 2: fts rowid = docs rowid */

#endif
