/* resultstable.h - a fleet's results appended to a Unity Catalog table through the Statement Execution API, in batches, values only as parameters. */
#ifndef PWAF_RESULTSTABLE_H
#define PWAF_RESULTSTABLE_H

#include "core/fleetresult.h"
#include "ws/wsconfig.h"

#include <stddef.h>

/* The table's columns, in order (one row per workspace and item per run; a workspace that was not
 * checked is one row with item and level NULL, status its state and evidence its error). */
#define RESULTSTABLE_COLUMNS                                                                                  \
	"run_id STRING NOT NULL, run_time TIMESTAMP NOT NULL, pwaf_version STRING, partner_type STRING, "     \
	"workspace_host STRING, workspace_id BIGINT, workspace_name STRING, item STRING, level STRING, "      \
	"status STRING, evidence STRING"

/* 0 when name is catalog.schema.table (three parts, each letters, digits and _ or a `quoted` part
 * without a backtick inside); -1 with err saying what is wrong. */
int resultstable_name_ok(const char *name, char *err, size_t errlen);

/* The statement text of CREATE TABLE IF NOT EXISTS and of one INSERT batch (static). Every value
 * (the table's name included, through IDENTIFIER(:table)) is a named parameter. */
const char *resultstable_create_sql(void);
const char *resultstable_insert_sql(void);

/* Where a batch starts in the results: workspace index and result index within it. */
struct resultstable_cursor {
	size_t ws, item;
};

/*
 * The body of POST /api/2.0/sql/statements (ExecuteStatementRequest, service/sql/model.go) for the
 * CREATE (rows NULL) or for the next INSERT batch from *cur: at most max_rows rows and about
 * max_bytes of JSON in the :rows parameter; *cur moves past them and *nrows says how many.
 * wait_timeout 30s, on_wait_timeout CONTINUE. malloc'd; NULL when no row is left.
 */
char *resultstable_request(const char *warehouse, const char *table, const struct fleet_results *fr,
			   struct resultstable_cursor *cur, size_t max_rows, size_t max_bytes, size_t *nrows);
/* The CREATE TABLE IF NOT EXISTS request. malloc'd. */
char *resultstable_create_request(const char *warehouse, const char *table);

/* Rows a fleet's results make (every item of checked workspaces, one per other workspace). */
size_t resultstable_rows(const struct fleet_results *fr);

struct resultstable_opts {
	size_t batch_rows;          /* rows per INSERT; 0: 1000 */
	size_t batch_bytes;         /* JSON per INSERT; 0: 4 MB (the API takes 16 MiB statements) */
	long timeout_ms;            /* per statement, polling included; 0: 10 minutes, then it is cancelled */
	long connect_timeout_ms;
	int created;                /* resultstable_create ran already: append only */
	void (*progress)(void *ctx, size_t rows_done, size_t rows_total);
	void *ctx;
};

/*
 * CREATE TABLE IF NOT EXISTS alone, before a long run: it proves the warehouse, the credentials
 * and the privileges (USE CATALOG, USE SCHEMA, CREATE TABLE or MODIFY) before any workspace is
 * checked. 0, or -1 with err.
 */
int resultstable_create(const struct ws_config *cfg, const char *warehouse, const char *table,
			const struct resultstable_opts *o, char *err, size_t errlen);

/*
 * Create the table when it does not exist (unless o->created), then append fr in batches, on warehouse, in the
 * workspace cfg names. Each statement is polled (GET /api/2.0/sql/statements/{id}) until it ends;
 * one that passes its time is cancelled (POST .../cancel). A POST is retried only when the server
 * did not take it (429, 503, a refused connection), so no batch is appended twice. Returns the rows
 * appended, or -1 with err (sanitised; the batches before the failure stay appended, err says how
 * many rows).
 */
long resultstable_write(const struct ws_config *cfg, const char *warehouse, const char *table,
			const struct fleet_results *fr, const struct resultstable_opts *o, char *err, size_t errlen);

#endif
