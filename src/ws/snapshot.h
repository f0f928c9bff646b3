/* snapshot.h - the snapshot DB: every object the probes fetched, what each fetch did, and meta. */
#ifndef PWAF_SNAPSHOT_H
#define PWAF_SNAPSHOT_H

#include <sqlite3.h>
#include <stddef.h>

struct cJSON;
struct snapshot;

/*
 * Tables (probes.c has objects and fetches, the ones checks read):
 *   objects(endpoint, id, json, fetched_at, status)   one row per object
 *   fetches(endpoint, path, status, error, count, fetched_at, error_code)   one row per finished probe
 *   meta(key, value)   format='pwaf-snapshot', schema=2 (1: before fetches.error_code), host (never
 *                      a secret), generated_at, pwaf_version, source ('live'|'demo'|'file'),
 *                      auth_type (live: how pwaf signed in; never the credential)
 * The connection is opened in serialized mode: a probe run may write from its thread while
 * another thread reads.
 */

/* A new, empty in-memory snapshot. NULL with err set on failure. */
struct snapshot *snapshot_new(const char *source, const char *host, char *err, size_t errlen);
/*
 * Open a saved snapshot (outside input: it may come from anyone). The file must be a regular file
 * whose schema is exactly the one pwaf writes: the tables objects, fetches and meta with their
 * plain columns (older files may lack a column that may be NULL), their indexes and the SQL
 * probes' views exactly as probe_schema_sql() writes them; no generated column, trigger, other
 * view, virtual table or other object; and its b-trees must be whole (PRAGMA quick_check). Its
 * columns are copied into a fresh in-memory database (the file is opened immutable and never
 * queried by a check), under the limits of every snapshot connection: no triggers, no ATTACH,
 * no views (nor trusted schema) but pwaf's own, values of at most SNAPSHOT_MAX_VALUE bytes, at
 * most SNAPSHOT_OPEN_MAX_BYTES in all, SNAPSHOT_OPEN_MS of reading. NULL with a message naming
 * the file and the reason otherwise. The snapshot is read-only for the snapshot_* writers but
 * snapshot_set_meta (the run's identity settings); snapshot_source says 'file'.
 */
struct snapshot *snapshot_open(const char *path, char *err, size_t errlen);
/* The same from bytes in memory (a file's contents; name is used in messages). data must stay
 * valid until the call returns; any bytes are safe. */
struct snapshot *snapshot_open_bytes(const void *data, size_t len, const char *name, char *err, size_t errlen);

/* Replace what s holds with a saved file's contents, from bytes in memory: the same checks and
 * copy as snapshot_open_bytes, into s's own database (no new database, schema or statements), in
 * one transaction. The connection that reads the bytes is kept with s for the next reload and
 * holds no pointer to them after the call. 0: s now holds the file's objects, fetches and meta, is
 * read-only and says 'file' (whatever it was before). -1 with err set as snapshot_open_bytes
 * would: s is unchanged. For a caller that reads many files in turn (the fuzz target). */
int snapshot_reload_bytes(struct snapshot *s, const void *data, size_t len, const char *name, char *err, size_t errlen);

/* Limits on outside data in a snapshot (see snapshot_open). */
#define SNAPSHOT_MAX_VALUE (16 << 20)         /* SQLITE_LIMIT_LENGTH: any one value, also in checks */
#define SNAPSHOT_OPEN_MAX_BYTES (1024 << 20)  /* all the values of a saved file */
#define SNAPSHOT_OPEN_MS 30000
void snapshot_close(struct snapshot *s);
sqlite3 *snapshot_db(struct snapshot *s);

/*
 * A statement for sql on s's connection, compiled on first use and kept with s (the writers'
 * statements are kept the same way): *out is reset, without bindings, owned by s (never
 * finalize it). Valid until the next snapshot_prepare on s or snapshot_close: at most
 * SNAPSHOT_STMT_CACHE are kept, the oldest slot reused first. *tail (may be NULL) points into sql
 * after the first statement, as sqlite3_prepare_v2 sets it. Returns SQLITE_OK, or SQLite's code
 * with *out NULL (sqlite3_errmsg(snapshot_db(s)) says why; nothing is kept). The caller holds
 * sqlite3_db_mutex(snapshot_db(s)) from this call until it is done with *out, and resets it.
 * Settings that act when a statement is compiled (an authorizer) must also be in force when it
 * is stepped: SQLite recompiles a kept statement when the schema changes.
 */
#define SNAPSHOT_STMT_CACHE 256

/* Set fn as the authorizer of s's connection (sqlite3_set_authorizer, user data NULL), unless it
 * already is: SQLite expires every compiled statement when an authorizer is set, so a caller that
 * wants one only while it compiles its own statements sets it once and makes fn allow all
 * outside that time. NULL removes it. */
typedef int snapshot_authorizer(void *, int, const char *, const char *, const char *, const char *);
void snapshot_set_authorizer(struct snapshot *s, snapshot_authorizer *fn);
int snapshot_prepare(struct snapshot *s, const char *sql, sqlite3_stmt **out, const char **tail);

/* Write the snapshot to path: sqlite3 backup to a temporary file beside it (mode 0600 whatever the
 * umask), then rename. 0 or -1. */
int snapshot_save(struct snapshot *s, const char *path, char *err, size_t errlen);

/* Meta values; snapshot_meta returns buf (copied) or NULL. */
int snapshot_set_meta(struct snapshot *s, const char *key, const char *value);
const char *snapshot_meta(struct snapshot *s, const char *key, char *buf, size_t len);
/* 'live', 'demo' or 'file' (a snapshot opened from disk). */
const char *snapshot_source(struct snapshot *s);

/* --- writing, used by the probes (any thread) --- */

/* Forget what is known of an endpoint: its objects and its fetch row (a refresh starts here). */
int snapshot_begin(struct snapshot *s, const char *endpoint);
/* Add the objects of one response page: arr is an array of objects, or one object when
 * one_object is set. The id column holds id_value when given (detail calls: the parent's key, so
 * checks join on it), else the id_key field (may be NULL; a number id is stored as its decimal
 * text). Fields that carry a credential (the table secret_fields in snapshot.c: a recipient's
 * activation_url and profile, any *_plaintext key, passwords, client secrets, ...) are dropped at
 * any depth before the object is stored. *bytes (may be NULL) gets the JSON size kept. Returns the
 * number added or -1. */
int snapshot_add(struct snapshot *s, const char *endpoint, const struct cJSON *objs, int one_object,
		 const char *id_key, const char *id_value, const char *fetched_at, long status, size_t *bytes);
/* Record a finished fetch: error NULL when the answer is complete; code: the API's error_code or
 * pwaf's own (probes.h), or NULL. */
int snapshot_finish(struct snapshot *s, const char *endpoint, const char *path, long status,
		    const char *error, const char *code, long count, const char *fetched_at);

/* The distinct values of field (a plain JSON key) over the objects of endpoint that satisfy where
 * (SQL over column json, or NULL), at most max of them. *out: NULL-terminated malloc'd strings
 * (snapshot_free_keys). Returns the count, or -1 with err set (where does not compile). */
long snapshot_keys(struct snapshot *s, const char *endpoint, const char *field, const char *where, long max,
		   char ***out, char *err, size_t errlen);
void snapshot_free_keys(char **keys);

/* Import the demo workspace JSON ({"workspace":{host,name,...},"endpoints":{probe: value}}): value
 * is the list's objects ([..]) or the one object ({..}); for a detail probe that answers lists
 * (sp-secrets, catalog-grants, system-schemas) an object mapping each parent key to its list; a
 * probe whose value is {"error_code": CODE, "status": N} answered with that code (no metastore).
 * Unknown probe names are an error. 0 or -1 with err set. */
int snapshot_import_demo(struct snapshot *s, const char *json, size_t len, char *err, size_t errlen);

/* Copy what src knows of endpoint (its objects and its fetch row) into dst, replacing what dst
 * had: probes fetched once for many snapshots (the account's, in a fleet). 0, or -1. */
int snapshot_copy_endpoint(struct snapshot *dst, struct snapshot *src, const char *endpoint);

/* "2025-01-31T12:00:00Z", the current UTC time. */
void snapshot_now(char out[32]);


#endif
