/* sqlstmt.h - the Statement Execution API (POST /api/2.0/sql/statements) as pure functions: requests, answers, warehouse choice. */
#ifndef PWAF_SQLSTMT_H
#define PWAF_SQLSTMT_H

#include "core/probes.h"
#include "core/errlen.h"
#include "ws/snapshot.h"

#include <stddef.h>

struct cJSON;

/* The named parameters every system-table statement may use. */
struct sqlstmt_params {
	int since_days;             /* the look-back window, days (1 .. 3650) */
	const char *customer_tag;   /* the custom tag naming a customer ("customer_id") */
	const char *workspace_id;   /* the workspace (x-databricks-org-id), or "" for every workspace */
	long row_limit;             /* rows kept at most (row_limit of the request) */
};

/*
 * The body of POST /api/2.0/sql/statements for def on warehouse (malloc'd JSON), as
 * ExecuteStatementRequest in databricks-sdk-go service/sql/model.go: statement, warehouse_id,
 * named parameters, wait_timeout 10s with on_wait_timeout CONTINUE (poll after), format
 * JSON_ARRAY, disposition INLINE, row_limit, and a query tag pwaf=probe (so pwaf's own
 * statements can be told apart in system.query.history).
 */
char *sqlstmt_request(const struct probe_def *def, const char *warehouse, const struct sqlstmt_params *p);

/* What one answer says (StatementResponse, or ResultData for a chunk). */
enum sqlstmt_state { SQL_PENDING, SQL_RUNNING, SQL_SUCCEEDED, SQL_FAILED, SQL_CANCELED, SQL_CLOSED, SQL_BAD };

struct sqlstmt_answer {
	enum sqlstmt_state state;
	char statement_id[128];     /* "" when the answer has none (a chunk) */
	struct cJSON *rows;         /* SUCCEEDED: an array of objects, one per row, keyed by column name
	                               (LONG/INT/SHORT/BYTE, DOUBLE/FLOAT/DECIMAL as numbers, BOOLEAN as
	                               true/false, the rest as strings, NULL as null); owned by the caller */
	long next_chunk;            /* the next chunk to fetch, or -1 */
	int truncated;              /* the manifest says the result was cut at row_limit */
	int denied;                 /* FAILED for lack of a privilege (USE CATALOG/SCHEMA, SELECT) or a table not there */
	char error[PWAF_ERRLEN];          /* FAILED/CANCELED/CLOSED/BAD: what happened (sanitised, one line) */
};

/*
 * Read an answer j. *columns holds the manifest's columns between calls: NULL before the first
 * answer (which sets it from manifest.schema.columns; the caller frees it with cJSON_Delete), kept
 * for the chunks that follow. Returns 0 with *a filled, or -1 when j has not the API's shape
 * (a->state SQL_BAD, a->error says why).
 */
int sqlstmt_read(const struct cJSON *j, struct cJSON **columns, struct sqlstmt_answer *a);

/*
 * Choose the warehouse for the statements from the warehouses in snap (endpoint 'warehouses'):
 * wanted (--warehouse, warehouse_id of the profile or pwaf's config) when given, else a running
 * warehouse the caller can use, serverless first. A stopped warehouse is never chosen unless start
 * is set (a statement starts it, which costs DBUs). Returns 0 with *id (malloc'd) and a one-line
 * *why (malloc'd: which and why), or -1 with err saying what to do.
 */
int sqlstmt_choose_warehouse(struct snapshot *snap, const char *wanted, int start, char **id, char **why, char *err,
			     size_t errlen);

#endif
