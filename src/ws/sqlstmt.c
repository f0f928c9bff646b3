/* sqlstmt.c - build Statement Execution API requests, read their answers into row objects, choose a warehouse. */
#include "ws/sqlstmt.h"

#include "core/buf.h"
#include "ws/http.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_param(cJSON *arr, const char *name, const char *value, const char *type)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "value", value);
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddItemToArray(arr, o);
}

char *sqlstmt_request(const struct probe_def *def, const char *warehouse, const struct sqlstmt_params *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "statement", def->sql);
	cJSON_AddStringToObject(o, "warehouse_id", warehouse);
	cJSON *params = cJSON_AddArrayToObject(o, "parameters");
	char days[16];
	snprintf(days, sizeof days, "%d", p->since_days);
	if (strstr(def->sql, ":since_days")) add_param(params, "since_days", days, "INT");
	if (strstr(def->sql, ":customer_tag")) add_param(params, "customer_tag", p->customer_tag, "STRING");
	if (strstr(def->sql, ":workspace_id")) add_param(params, "workspace_id", p->workspace_id, "STRING");
	cJSON_AddStringToObject(o, "wait_timeout", "10s");
	cJSON_AddStringToObject(o, "on_wait_timeout", "CONTINUE");
	cJSON_AddStringToObject(o, "format", "JSON_ARRAY");
	cJSON_AddStringToObject(o, "disposition", "INLINE");
	cJSON_AddNumberToObject(o, "row_limit", (double)p->row_limit);
	cJSON *tag = cJSON_CreateObject();
	cJSON_AddStringToObject(tag, "key", "pwaf");
	cJSON_AddStringToObject(tag, "value", "probe");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "query_tags"), tag);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static const struct {
	const char *name;
	enum sqlstmt_state state;
} states[] = {
	{ "PENDING", SQL_PENDING }, { "RUNNING", SQL_RUNNING }, { "SUCCEEDED", SQL_SUCCEEDED },
	{ "FAILED", SQL_FAILED },   { "CANCELED", SQL_CANCELED }, { "CLOSED", SQL_CLOSED },
};

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* One value of data_array as its column's type says (JSON_ARRAY gives every value as a string). */
static cJSON *typed(const cJSON *v, const char *type)
{
	if (!cJSON_IsString(v)) return cJSON_IsNull(v) || !v ? cJSON_CreateNull() : cJSON_Duplicate(v, 1);
	const char *s = v->valuestring;
	if (type && (!strcmp(type, "LONG") || !strcmp(type, "INT") || !strcmp(type, "SHORT") || !strcmp(type, "BYTE") ||
		     !strcmp(type, "DOUBLE") || !strcmp(type, "FLOAT") || !strcmp(type, "DECIMAL"))) {
		char *end;
		double d = strtod(s, &end);
		if (end != s && *end == 0 && d == d && d < 1e300 && d > -1e300) return cJSON_CreateNumber(d);
	} else if (type && !strcmp(type, "BOOLEAN")) {
		if (!strcmp(s, "true")) return cJSON_CreateTrue();
		if (!strcmp(s, "false")) return cJSON_CreateFalse();
	}
	return cJSON_CreateString(s);
}

/* data_array (rows of values) -> objects keyed by the columns' names. */
static int rows_of(const cJSON *data, const cJSON *columns, cJSON **out, char *err, size_t errlen)
{
	*out = cJSON_CreateArray();
	if (!data || cJSON_IsNull(data)) return 0;
	if (!cJSON_IsArray(data) || !cJSON_IsArray(columns)) {
		snprintf(err, errlen, "the result has no data_array or no column schema");
		return -1;
	}
	int ncol = cJSON_GetArraySize(columns);
	for (const cJSON *row = data->child; row; row = row->next) {
		if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != ncol) {
			snprintf(err, errlen, "a result row does not have the %d columns of the schema", ncol);
			return -1;
		}
		cJSON *o = cJSON_CreateObject();
		const cJSON *c = columns->child, *v = row->child;
		for (; c && v; c = c->next, v = v->next) {
			const char *name = cJSON_GetStringValue(get(c, "name"));
			if (!name || !*name) {
				cJSON_Delete(o);
				snprintf(err, errlen, "a result column has no name");
				return -1;
			}
			cJSON_AddItemToObject(o, name, typed(v, cJSON_GetStringValue(get(c, "type_name"))));
		}
		cJSON_AddItemToArray(*out, o);
	}
	return 0;
}

/* A failure for lack of a privilege, or because the system table is not there (schema not enabled). */
static int is_denied(const char *msg, const char *sqlstate)
{
	static const char *const marks[] = { "INSUFFICIENT_PERMISSIONS", "PERMISSION_DENIED", "does not have",
					     "TABLE_OR_VIEW_NOT_FOUND", "SCHEMA_NOT_FOUND", NULL };
	if (sqlstate && (!strcmp(sqlstate, "42501") || !strncmp(sqlstate, "42P01", 5))) return 1;
	for (int i = 0; msg && marks[i]; i++)
		if (strstr(msg, marks[i])) return 1;
	return 0;
}

int sqlstmt_read(const cJSON *j, cJSON **columns, struct sqlstmt_answer *a)
{
	memset(a, 0, sizeof *a);
	a->next_chunk = -1;
	a->state = SQL_BAD;
	if (!cJSON_IsObject(j)) {
		snprintf(a->error, sizeof a->error, "the answer is not a JSON object");
		return -1;
	}
	const cJSON *status = get(j, "status");
	const cJSON *result = get(j, "result");
	if (!status) { /* a chunk: ResultData itself */
		result = j;
		a->state = SQL_SUCCEEDED;
	} else {
		const char *st = cJSON_GetStringValue(get(status, "state"));
		for (size_t i = 0; st && i < sizeof states / sizeof states[0]; i++)
			if (!strcmp(st, states[i].name)) a->state = states[i].state;
		if (a->state == SQL_BAD) {
			char *t = http_safe_text(st ? st : "none", st ? strlen(st) : 4, 40);
			snprintf(a->error, sizeof a->error, "the statement's state is '%s', not one the API defines", t);
			free(t);
			return -1;
		}
		const char *id = cJSON_GetStringValue(get(j, "statement_id"));
		if (id) snprintf(a->statement_id, sizeof a->statement_id, "%s", id);
	}
	if (a->state == SQL_FAILED || a->state == SQL_CANCELED || a->state == SQL_CLOSED) {
		const cJSON *e = get(status, "error");
		const char *msg = cJSON_GetStringValue(get(e, "message"));
		const char *code = cJSON_GetStringValue(get(e, "error_code"));
		char *t = http_safe_text(msg ? msg : "", msg ? strlen(msg) : 0, 300);
		snprintf(a->error, sizeof a->error, "the statement %s%s%s%s%s",
			 a->state == SQL_FAILED ? "failed" : a->state == SQL_CANCELED ? "was canceled" : "was closed",
			 code ? " (" : "", code ? code : "", code ? ")" : "", *t ? ": " : "");
		snprintf(a->error + strlen(a->error), sizeof a->error - strlen(a->error), "%s", t);
		free(t);
		a->denied = a->state == SQL_FAILED && is_denied(msg, cJSON_GetStringValue(get(status, "sql_state")));
		return 0;
	}
	if (a->state != SQL_SUCCEEDED) return 0;
	if (!*columns) {
		const cJSON *m = get(j, "manifest");
		const cJSON *cols = get(get(m, "schema"), "columns");
		if (!cJSON_IsArray(cols)) {
			a->state = SQL_BAD;
			snprintf(a->error, sizeof a->error, "the result has no manifest.schema.columns");
			return -1;
		}
		*columns = cJSON_Duplicate(cols, 1);
		a->truncated = cJSON_IsTrue(get(m, "truncated"));
	}
	if (rows_of(get(result, "data_array"), *columns, &a->rows, a->error, sizeof a->error) < 0) {
		cJSON_Delete(a->rows);
		a->rows = NULL;
		a->state = SQL_BAD;
		return -1;
	}
	const cJSON *nc = get(result, "next_chunk_index");
	if (cJSON_IsNumber(nc) && nc->valuedouble >= 0 && nc->valuedouble < 1e6) a->next_chunk = (long)nc->valuedouble;
	return 0;
}

int sqlstmt_choose_warehouse(struct snapshot *snap, const char *wanted, int start, char **id, char **why, char *err,
			     size_t errlen)
{
	*id = *why = NULL;
	sqlite3 *db = snapshot_db(snap);
	sqlite3_stmt *st = NULL;
	const char *q = wanted ? "SELECT json ->> '$.id', json ->> '$.name', coalesce(json ->> '$.state', 'unknown'),"
				 " coalesce(json ->> '$.enable_serverless_compute', 0) FROM objects"
				 " WHERE endpoint = 'warehouses' AND json ->> '$.id' = ?1"
			       : "SELECT json ->> '$.id', json ->> '$.name', coalesce(json ->> '$.state', 'unknown'),"
				 " coalesce(json ->> '$.enable_serverless_compute', 0) FROM objects"
				 " WHERE endpoint = 'warehouses' AND json ->> '$.id' IS NOT NULL"
				 " ORDER BY json ->> '$.state' = 'RUNNING' DESC, 4 DESC, rowid";
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read the warehouses: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (wanted) sqlite3_bind_text(st, 1, wanted, -1, SQLITE_STATIC);
	int rc = -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		if (wanted) {
			char *w = http_safe_text(wanted, strlen(wanted), 60);
			snprintf(err, errlen, "SQL warehouse %s is not among the warehouses the caller can use", w);
			free(w);
		} else {
			snprintf(err, errlen, "the caller can use no SQL warehouse: system tables need one (pass --warehouse ID)");
		}
		goto out;
	}
	const char *wid = (const char *)sqlite3_column_text(st, 0), *name = (const char *)sqlite3_column_text(st, 1);
	const char *state = (const char *)sqlite3_column_text(st, 2);
	int serverless = sqlite3_column_int(st, 3);
	char *sname = http_safe_text(name ? name : wid, strlen(name ? name : wid), 80);
	char *sstate = http_safe_text(state, strlen(state), 20);
	if (strcmp(state, "RUNNING") != 0 && !start) {
		snprintf(err, errlen, "%s SQL warehouse %s is %s; pwaf does not start a warehouse unless asked "
			 "(--start-warehouse), since that costs DBUs%s", wanted ? "the" : "no warehouse is running: the",
			 sname, sstate, wanted ? "" : "; or pass --warehouse ID");
	} else {
		struct buf b = BUF_INIT;
		buf_addf(&b, "SQL warehouse %s (%s%s, %s)", sname, serverless ? "serverless" : "classic",
			 strcmp(state, "RUNNING") ? ", started for this run" : "",
			 wanted ? "the one asked for" : "a running warehouse the caller can use");
		*id = xstrdup(wid);
		*why = buf_take(&b);
		rc = 0;
	}
	free(sname);
	free(sstate);
out:
	sqlite3_finalize(st);
	return rc;
}
