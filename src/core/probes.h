/* probes.h - the workspace endpoints pwaf can fetch, and the snapshot schema checks query. */
#ifndef PWAF_PROBES_H
#define PWAF_PROBES_H

enum probe_paging {
	PAGING_NONE,        /* one response */
	PAGING_TOKEN,       /* next_page_token / page_token (Unity Catalog may send empty pages with a token) */
	PAGING_SCIM,        /* startIndex / count / totalResults */
	PAGING_OFFSET,      /* offset / limit with has_more (jobs 2.0 style) */
};

struct probe_def {
	const char *name;       /* snapshot endpoint name used by checks ("clusters") */
	const char *path;       /* REST path; "{metastore_id}" is filled from metastore-assignment */
	const char *array_key;  /* JSON key of the object array, or NULL when the response is one object */
	const char *id_key;     /* field that identifies an object, for the snapshot's id column */
	enum probe_paging paging;
	const char *what;       /* for people: "clusters", "SQL warehouses", ... */
};

/* All probes, terminated by an entry whose name is NULL. */
const struct probe_def *probe_defs(void);
const struct probe_def *probe_find(const char *name);
/* "clusters, warehouses, ...": the valid names, for error messages (static storage). */
const char *probe_names(void);

/* SQL that creates the snapshot tables a check may read (objects, fetches). */
extern const char probe_snapshot_schema[];

#endif
