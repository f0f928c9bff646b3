/* contentdb.h - read the content database: documents, facets, lists and lookups. */
#ifndef PWAF_CONTENTDB_H
#define PWAF_CONTENTDB_H

#include <stddef.h>

struct cdb;

struct doc {
	char *id, *kind, *title, *pillar, *level, *page, *source, *path;
	char **partners;        /* NULL-terminated */
	char **probes;          /* NULL-terminated, may be empty */
	char *keywords;
	char *body;             /* Markdown (front matter removed); only filled by cdb_get */
	char *check_sql;        /* only filled by cdb_get */
	int check_line;
	int order;
};

struct doc_list {
	struct doc *v;
	size_t n;
};

/* Filters: NULL fields match everything. text matches id or title (case-insensitive substring). */
struct doc_filter {
	const char *kind, *partner, *pillar, *level, *page, *text;
};

/*
 * Open a content database file read-only (or the blob when path is NULL: the database embedded
 * in the binary). Returns NULL and writes a message to err (errlen bytes) when the file is
 * missing, is not SQLite, or is not a pwaf content database of this schema version.
 */
struct cdb *cdb_open(const char *path, char *err, size_t errlen);
/* Open an in-memory copy of a database image (used for the embedded one). */
struct cdb *cdb_open_image(const unsigned char *data, size_t len, char *err, size_t errlen);
void cdb_close(struct cdb *c);
/* What went wrong in the last failed call on c (cdb_list, cdb_get, cdb_items_of, search_run, ...). */
const char *cdb_errmsg(struct cdb *c);

/* Documents matching the filter, ordered: pages by partner order then title, items by id. 0 or -1. */
int cdb_list(struct cdb *c, const struct doc_filter *f, struct doc_list *out);
/* One document with its body. Returns 0 when found, 1 when no document has that id, -1 on error. */
int cdb_get(struct cdb *c, const char *id, struct doc *out);
/* Items belonging to a page, by id. */
int cdb_items_of(struct cdb *c, const char *page, struct doc_list *out);
/* A meta value copied into buf, or NULL. */
const char *cdb_meta(struct cdb *c, const char *key, char *buf, size_t len);

void doc_free(struct doc *d);
void doc_list_free(struct doc_list *l);

#endif
