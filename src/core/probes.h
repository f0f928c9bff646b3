/* probes.h - the workspace endpoints pwaf can fetch, and the snapshot schema checks query. */
#ifndef PWAF_PROBES_H
#define PWAF_PROBES_H

#include <stddef.h>

/*
 * Paging, exactly as databricks-sdk-go's list iterators (service/<svc>/impl.go) read each API:
 *  - PAGING_TOKEN: send page_token=<next_page_token> until a response carries none. A page may
 *    be empty and still carry a token (Unity Catalog does this); that is not the end.
 *  - PAGING_SCIM: startIndex (1-based) and count; the next startIndex is the response's
 *    startIndex plus the resources it held; an empty page is the end, whatever totalResults says.
 */
enum probe_paging {
	PAGING_NONE,        /* one response */
	PAGING_TOKEN,
	PAGING_SCIM,
};

/* What the server's answer means for completeness (checks turn a pass into unknown when the
 * caller may not see everything). */
enum probe_scope {
	SCOPE_ALL,          /* the server lists everything to anyone who may call it */
	SCOPE_CALLER,       /* only what the caller may see: complete for a workspace admin */
	SCOPE_METASTORE,    /* Unity Catalog: only what the caller owns or was granted: complete for the metastore admin */
};

/* How a probe reads: a REST call (pages of JSON), or an SQL statement through the Statement
 * Execution API on a SQL warehouse (system tables), whose rows become objects. */
enum probe_kind { PROBE_REST, PROBE_SQL };

/* Where a probe's requests go: the workspace, or the account console (an account profile). */
enum probe_host { HOST_WORKSPACE, HOST_ACCOUNT };

struct probe_def {
	const char *name;       /* snapshot endpoint name used by checks ("clusters") */
	enum probe_kind kind;
	enum probe_host host;   /* HOST_ACCOUNT: the path holds {account_id} */
	/* REST path and fixed query. "{field}" is filled, URL-escaped, from each object of the
	 * parent probe (one request per object: a detail call, or the metastore id). */
	const char *path;
	const char *array_key;  /* JSON key of the object array, or NULL when the response is one object */
	const char *id_key;     /* field that identifies an object (snapshot id column); detail probes store
	                           the parent's {field} value instead, so checks join on it */
	enum probe_paging paging;
	const char *what;       /* for people: "clusters", "SQL warehouses", ... */
	const char *parent;     /* NULL, or the probe whose objects fill {field} */
	/* With a parent: an SQL condition over the parent's objects (column json) choosing which to
	 * call for, or NULL for all of them. */
	const char *parent_where;
	enum probe_scope scope;
	/* Error codes of a 404 that are an answer, not a failure: the fetch succeeds with no
	 * objects and keeps the code (e.g. METASTORE_DOES_NOT_EXIST: the workspace has none).
	 * Space separated, or NULL. */
	const char *answers;
	/* Where the response shape is defined in databricks-sdk-go, and the JSON fields of one
	 * object that checks may read ("a.b" nested, "a[].b" inside arrays), space separated.
	 * tests/sdk/fields.tsv holds the SDK's own field list; a unit test keeps the two in step. */
	const char *sdk;
	const char *fields;
	/* PROBE_SQL: the statement (Databricks SQL, named parameters :since_days and :customer_tag),
	 * the system table it reads (for messages), and the snapshot view its rows are read through:
	 * one column per name of .fields, in order. */
	const char *sql;
	const char *system_table;
	const char *view;
};

/* All probes, terminated by an entry whose name is NULL. */
const struct probe_def *probe_defs(void);
const struct probe_def *probe_find(const char *name);
/* "clusters, warehouses, ...": the valid names, for error messages (static storage). */
const char *probe_names(void);
/* The "{field}" named in def->path, copied into out (size len); 0 when the path has none. */
int probe_placeholder(const struct probe_def *def, char *out, size_t len);
/* 1 when code (an API error_code) is one of def->answers. */
int probe_is_answer(const struct probe_def *def, const char *code);

/*
 * SQL that creates the snapshot tables a check may read:
 *   objects(endpoint, id, json, fetched_at, status)      one row per object
 *   fetches(endpoint, path, status, error, count, fetched_at, error_code)
 *        one row per finished probe. error NULL: the answer is complete (possibly empty: a 404
 *        whose error_code is one of the probe's answers). error_code: the API's code, or
 *        FEATURE_DISABLED (not enabled in this workspace), or PWAF_LIMIT (more than pwaf keeps).
 *   meta(key, value)    about the snapshot (snapshot.h lists the keys; auth_type says how pwaf signed in)
 */
extern const char probe_snapshot_schema[];   /* the tables only; probe_schema_sql() adds the views */

/* error_code values pwaf writes itself. */
#define PROBE_CODE_DISABLED "FEATURE_DISABLED"
#define PROBE_CODE_LIMIT "PWAF_LIMIT"
#define PROBE_CODE_NO_WAREHOUSE "PWAF_NO_WAREHOUSE"  /* no SQL warehouse may run the statement */
#define PROBE_CODE_NO_ACCOUNT "PWAF_NO_ACCOUNT"      /* an account probe without an account profile */

/* The snapshot schema with a view per SQL probe (static storage). */
const char *probe_schema_sql(void);

#endif
