/* resultstable.c - append a fleet's results to a Unity Catalog table: CREATE TABLE IF NOT EXISTS, then INSERT batches whose values are all parameters. */
#include "ws/resultstable.h"
#include "core/errlen.h"

#include "ws/auth.h"
#include "core/buf.h"
#include "ws/http.h"
#include "ws/sqlstmt.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char create_sql[] =
	"CREATE TABLE IF NOT EXISTS IDENTIFIER(:table) (" RESULTSTABLE_COLUMNS ") "
	"COMMENT 'Partner Well-Architected checks by pwaf: one row per workspace and item per run'";

/* The rows travel as one JSON parameter, exploded by the warehouse: a batch of a thousand rows is
 * one statement with six parameters, and no value is ever part of the SQL text. */
static const char insert_sql[] =
	"INSERT INTO IDENTIFIER(:table) (run_id, run_time, pwaf_version, partner_type, workspace_host, workspace_id, "
	"workspace_name, item, level, status, evidence) "
	"SELECT :run_id, CAST(:run_time AS TIMESTAMP), :pwaf_version, :partner_type, r.workspace_host, r.workspace_id, "
	"r.workspace_name, r.item, r.level, r.status, r.evidence "
	"FROM (SELECT explode(from_json(:rows, 'ARRAY<STRUCT<workspace_host: STRING, workspace_id: BIGINT, "
	"workspace_name: STRING, item: STRING, level: STRING, status: STRING, evidence: STRING>>')) AS r) AS t";

const char *resultstable_create_sql(void)
{
	return create_sql;
}

const char *resultstable_insert_sql(void)
{
	return insert_sql;
}

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int resultstable_name_ok(const char *name, char *err, size_t errlen)
{
	int parts = 0;
	const char *p = name ? name : "";
	if (!*p) {
		snprintf(err, errlen, "the results table needs a name: catalog.schema.table");
		return -1;
	}
	while (*p) {
		const char *start = p;
		if (*p == '`') {
			p++;
			while (*p && *p != '`') {
				if ((unsigned char)*p < 0x20 || *p == 0x7f) goto bad;
				p++;
			}
			if (*p != '`' || p == start + 1) goto bad;
			p++;
		} else {
			while (ident_char(*p)) p++;
			if (p == start) goto bad;
		}
		parts++;
		if (*p == '.') {
			p++;
			if (!*p) goto bad;
		} else if (*p) {
			goto bad;
		}
	}
	if (parts == 3) return 0;
bad:;
	char *s = http_safe_text(name ? name : "", name ? strlen(name) : 0, 120);
	snprintf(err, errlen, "'%s' is not a table name of three parts: catalog.schema.table (letters, digits and _, "
		 "or a part in `backticks`)", s);
	free(s);
	return -1;
}

static void add_param(cJSON *arr, const char *name, const char *value, const char *type)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	if (type) cJSON_AddStringToObject(o, "type", type);
	if (value) cJSON_AddStringToObject(o, "value", value); /* no value: NULL (StatementParameterListItem) */
	cJSON_AddItemToArray(arr, o);
}

static cJSON *request_base(const char *warehouse, const char *sql, const char *table, cJSON **params)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "statement", sql);
	cJSON_AddStringToObject(o, "warehouse_id", warehouse);
	*params = cJSON_AddArrayToObject(o, "parameters");
	add_param(*params, "table", table, "STRING");
	cJSON_AddStringToObject(o, "wait_timeout", "30s");
	cJSON_AddStringToObject(o, "on_wait_timeout", "CONTINUE");
	cJSON_AddStringToObject(o, "format", "JSON_ARRAY");
	cJSON_AddStringToObject(o, "disposition", "INLINE");
	cJSON *tag = cJSON_CreateObject();
	cJSON_AddStringToObject(tag, "key", "pwaf");
	cJSON_AddStringToObject(tag, "value", "fleet-results");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "query_tags"), tag);
	return o;
}

char *resultstable_create_request(const char *warehouse, const char *table)
{
	cJSON *params;
	cJSON *o = request_base(warehouse, create_sql, table, &params);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

size_t resultstable_rows(const struct fleet_results *fr)
{
	size_t n = 0;
	for (size_t i = 0; i < fr->n; i++) n += fr->v[i].state == FLEET_CHECKED ? fr->v[i].res.n : 1;
	return n;
}

static int digits(const char *s)
{
	if (!s || !*s || strlen(s) > 19) return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9') return 0;
	return 1;
}

/* One row object; item NULL: the row of a workspace that was not checked. */
static cJSON *row(const struct fleet_ws *w, const struct check_result *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "workspace_host", w->host);
	/* raw digits: a 16-digit workspace id does not survive a double */
	if (digits(w->workspace_id)) cJSON_AddItemToObject(o, "workspace_id", cJSON_CreateRaw(w->workspace_id));
	else cJSON_AddNullToObject(o, "workspace_id");
	cJSON_AddStringToObject(o, "workspace_name", w->name);
	if (r) {
		cJSON_AddStringToObject(o, "item", r->item);
		cJSON_AddStringToObject(o, "level", r->level ? r->level : "");
		cJSON_AddStringToObject(o, "status", check_status_name(r->status));
		cJSON_AddStringToObject(o, "evidence", r->evidence ? r->evidence : "");
	} else {
		cJSON_AddNullToObject(o, "item");
		cJSON_AddNullToObject(o, "level");
		cJSON_AddStringToObject(o, "status", fleet_state_name(w->state));
		cJSON_AddStringToObject(o, "evidence", w->error ? w->error : "");
	}
	return o;
}

char *resultstable_request(const char *warehouse, const char *table, const struct fleet_results *fr,
			   struct resultstable_cursor *cur, size_t max_rows, size_t max_bytes, size_t *nrows)
{
	*nrows = 0;
	if (cur->ws >= fr->n) return NULL;
	cJSON *rows = cJSON_CreateArray();
	size_t bytes = 2;
	while (cur->ws < fr->n && *nrows < max_rows && bytes < max_bytes) {
		const struct fleet_ws *w = &fr->v[cur->ws];
		int checked = w->state == FLEET_CHECKED;
		if (checked && cur->item >= w->res.n) { /* a checked workspace with no item selected */
			cur->ws++;
			cur->item = 0;
			continue;
		}
		cJSON *r = row(w, checked ? &w->res.v[cur->item] : NULL);
		char *one = cJSON_PrintUnformatted(r);
		bytes += (one ? strlen(one) : 0) + 1;
		free(one);
		cJSON_AddItemToArray(rows, r);
		(*nrows)++;
		if (!checked || ++cur->item >= w->res.n) {
			cur->ws++;
			cur->item = 0;
		}
	}
	if (!*nrows) {
		cJSON_Delete(rows);
		return NULL;
	}
	char *rows_json = cJSON_PrintUnformatted(rows);
	cJSON_Delete(rows);
	cJSON *params;
	cJSON *o = request_base(warehouse, insert_sql, table, &params);
	add_param(params, "run_id", fr->run_id, "STRING");
	add_param(params, "run_time", fr->started_at, "STRING");
	add_param(params, "pwaf_version", fr->version ? fr->version : PACKAGE_VERSION, "STRING");
	add_param(params, "partner_type", fr->partner, "STRING");
	add_param(params, "rows", rows_json, "STRING");
	free(rows_json);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* --- running statements ---------------------------------------------------------------------- */

struct client {
	const struct ws_config *cfg;
	struct http_opts http;
	struct auth auth;
	char *ua;
	unsigned seed;
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/*
 * One request (POST body, or GET when body is NULL). POSTs are retried only when the server did
 * not take them; GETs as the SDK retries idempotent calls. Returns the answer (an object) or NULL
 * with err.
 */
static cJSON *call(struct client *c, const char *path, const char *body, char *err, size_t errlen)
{
	struct buf url = BUF_INIT;
	buf_addf(&url, "%s%s", c->cfg->host, path);
	cJSON *j = NULL;
	for (int attempt = 0;; attempt++) {
		char e[PWAF_ERRLEN];
		long st = 0;
		const char *tok = auth_token(&c->auth, e, sizeof e, &st);
		if (!tok) {
			msg_set(err, errlen, "cannot authenticate: %s", e);
			break;
		}
		struct http_xfer x;
		if (http_xfer_init(&x, &c->http, buf_str(&url), tok, NULL, NULL, NULL) < 0 ||
		    (body && http_xfer_set_json(&x, body) < 0)) {
			http_xfer_cleanup(&x);
			snprintf(err, errlen, "cannot make the request");
			break;
		}
		CURLcode rc = http_xfer_perform(&x);
		char *msg = NULL;
		j = http_xfer_result(&x, rc, c->cfg->host, &msg);
		int not_taken = x.status == 429 || x.status == 503 || rc == CURLE_COULDNT_CONNECT;
		int again = !j && attempt < 5 && (body ? not_taken : http_retryable(&x, rc));
		long delay = again ? http_retry_delay_ms(attempt + 1, x.retry_after, &c->seed) : 0;
		if (!j && !again) snprintf(err, errlen, "%s", msg ? msg : "no answer");
		free(msg);
		http_xfer_cleanup(&x);
		if (j || !again) break;
		sleep_ms(delay);
	}
	buf_free(&url);
	return j;
}

static double mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Run one statement to its end. 0, or -1 with err. */
static int run_statement(struct client *c, const char *body, long timeout_ms, char *err, size_t errlen)
{
	double end = mono_ms() + (double)timeout_ms;
	cJSON *j = call(c, "/api/2.0/sql/statements", body, err, errlen);
	long wait = 500;
	for (;;) {
		if (!j) return -1;
		/* a write's answer needs no rows: SUCCEEDED is enough (a DDL statement may carry no
		 * manifest columns at all) */
		const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(j, "status"), "state"));
		if (st && strcmp(st, "SUCCEEDED") == 0) {
			cJSON_Delete(j);
			return 0;
		}
		struct sqlstmt_answer a;
		cJSON *cols = NULL;
		int r = sqlstmt_read(j, &cols, &a);
		cJSON_Delete(cols);
		cJSON_Delete(a.rows);
		cJSON_Delete(j);
		j = NULL;
		if (r < 0 || (a.state != SQL_PENDING && a.state != SQL_RUNNING)) {
			snprintf(err, errlen, "%s", a.error);
			return -1;
		}
		if (!a.statement_id[0]) {
			snprintf(err, errlen, "the statement is %s but the answer names no statement_id",
				 a.state == SQL_PENDING ? "PENDING" : "RUNNING");
			return -1;
		}
		char *id = http_form_escape(a.statement_id);
		struct buf p = BUF_INIT;
		if (mono_ms() + (double)wait > end) { /* out of time: cancel it, as the SDK's waiter would give up */
			buf_addf(&p, "/api/2.0/sql/statements/%s/cancel", id);
			char e2[PWAF_ERRLEN];
			cJSON_Delete(call(c, buf_str(&p), "{}", e2, sizeof e2));
			snprintf(err, errlen, "the statement did not finish within %ld s and was cancelled", timeout_ms / 1000);
			buf_free(&p);
			free(id);
			return -1;
		}
		sleep_ms(wait);
		wait = wait < 5000 ? wait * 2 : 5000;
		buf_addf(&p, "/api/2.0/sql/statements/%s", id);
		j = call(c, buf_str(&p), NULL, err, errlen);
		buf_free(&p);
		free(id);
	}
}

/* The statement client for cfg; free with client_free. */
static void client_init(struct client *c, const struct ws_config *cfg, const struct resultstable_opts *o)
{
	memset(c, 0, sizeof *c);
	c->cfg = cfg;
	c->seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	c->http.connect_timeout_ms = o->connect_timeout_ms;
	c->http.timeout_ms = 60000;
	c->ua = http_user_agent(wsconfig_auth_name(cfg->auth), "cmd/fleet-results");
	c->http.user_agent = c->ua;
	auth_init(&c->auth, cfg, &c->http);
}

static void client_free(struct client *c)
{
	auth_free(&c->auth);
	free(c->ua);
}

static int args_ok(const char *warehouse, const char *table, char *err, size_t errlen)
{
	if (resultstable_name_ok(table, err, errlen) < 0) return -1;
	if (!warehouse || !*warehouse) {
		snprintf(err, errlen, "the results table needs a SQL warehouse: pass --warehouse ID");
		return -1;
	}
	return 0;
}

static int create_run(struct client *c, const char *warehouse, const char *table, long timeout, char *err, size_t errlen)
{
	char e[PWAF_ERRLEN];
	char *body = resultstable_create_request(warehouse, table);
	int rc = run_statement(c, body, timeout, e, sizeof e);
	free(body);
	if (rc < 0) snprintf(err, errlen, "cannot create the results table: %s", e);
	return rc;
}

int resultstable_create(const struct ws_config *cfg, const char *warehouse, const char *table,
			const struct resultstable_opts *o, char *err, size_t errlen)
{
	if (args_ok(warehouse, table, err, errlen) < 0) return -1;
	struct resultstable_opts d = { 0 };
	if (!o) o = &d;
	struct client c;
	client_init(&c, cfg, o);
	int rc = create_run(&c, warehouse, table, o->timeout_ms > 0 ? o->timeout_ms : 600000, err, errlen);
	client_free(&c);
	return rc;
}

long resultstable_write(const struct ws_config *cfg, const char *warehouse, const char *table,
			const struct fleet_results *fr, const struct resultstable_opts *o, char *err, size_t errlen)
{
	if (args_ok(warehouse, table, err, errlen) < 0) return -1;
	struct resultstable_opts d = { 0 };
	if (!o) o = &d;
	size_t batch_rows = o->batch_rows ? o->batch_rows : 1000, batch_bytes = o->batch_bytes ? o->batch_bytes : 4u << 20;
	long timeout = o->timeout_ms > 0 ? o->timeout_ms : 600000;
	struct client c;
	client_init(&c, cfg, o);
	long done = 0;
	size_t total = resultstable_rows(fr);
	char e[PWAF_ERRLEN];
	int rc = o->created ? 0 : create_run(&c, warehouse, table, timeout, err, errlen);
	struct resultstable_cursor cur = { 0, 0 };
	size_t n;
	char *body;
	while (rc == 0 && (body = resultstable_request(warehouse, table, fr, &cur, batch_rows, batch_bytes, &n))) {
		rc = run_statement(&c, body, timeout, e, sizeof e);
		free(body);
		if (rc < 0) {
			snprintf(err, errlen, "cannot append to the results table after %ld of %zu rows: %s", done, total, e);
			break;
		}
		done += (long)n;
		if (o->progress) o->progress(o->ctx, (size_t)done, total);
	}
	client_free(&c);
	return rc < 0 ? -1 : done;
}
