/* contentdb_sql.h - the content database's SQLite side, for the core modules that query it
 * themselves (search.c) and for readers of a meta(key, value) table (ws/snapshot.c). Everything
 * else uses contentdb.h, which keeps the handle opaque. */
#ifndef PWAF_CONTENTDB_SQL_H
#define PWAF_CONTENTDB_SQL_H

#include "core/contentdb.h"

#include <sqlite3.h>

/* The connection behind c (owned by c; valid until cdb_close). */
sqlite3 *cdb_sqlite(struct cdb *c);

/* The value of key in a database's meta(key, value) table, copied into buf; NULL when absent. */
const char *sqlite_meta_get(sqlite3 *db, const char *key, char *buf, size_t len);

/* Fill a doc's summary fields from a row whose first 12 columns are DOC_COLUMNS. */
#define DOC_COLUMNS "d.id, d.kind, d.title, d.pillar, d.level, d.page, d.source, d.path, d.partners, d.probes, d.keywords, d.ord"
void doc_from_row(struct doc *d, sqlite3_stmt *st);

#endif
