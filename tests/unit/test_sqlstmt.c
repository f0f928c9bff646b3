/* test_sqlstmt.c - the Statement Execution API's requests and answers (databricks-sdk-go service/sql/model.go), and the warehouse choice. */
#include "core/probes.h"
#include "ws/snapshot.h"
#include "ws/sqlstmt.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct probe_def *sys_probe(const char *name)
{
	const struct probe_def *p = probe_find(name);
	cr_assert_not_null(p);
	cr_assert_eq(p->kind, PROBE_SQL);
	return p;
}

Test(sqlstmt, the_request_is_an_ExecuteStatementRequest)
{
	struct sqlstmt_params sp = { .since_days = 14, .customer_tag = "tenant", .workspace_id = "123", .row_limit = 500 };
	char *body = sqlstmt_request(sys_probe("sys-billing-by-tag"), "wh-1", &sp);
	cJSON *j = cJSON_Parse(body);
	cr_assert_not_null(j, "%s", body);
	cr_assert_str_eq(cJSON_GetObjectItem(j, "warehouse_id")->valuestring, "wh-1");
	cr_assert_str_eq(cJSON_GetObjectItem(j, "format")->valuestring, "JSON_ARRAY");
	cr_assert_str_eq(cJSON_GetObjectItem(j, "disposition")->valuestring, "INLINE");
	cr_assert_str_eq(cJSON_GetObjectItem(j, "on_wait_timeout")->valuestring, "CONTINUE");
	cr_assert_str_eq(cJSON_GetObjectItem(j, "wait_timeout")->valuestring, "10s");
	cr_assert_eq(cJSON_GetObjectItem(j, "row_limit")->valuedouble, 500);
	int found = 0;
	cJSON *pa;
	cJSON_ArrayForEach(pa, cJSON_GetObjectItem(j, "parameters"))
	{
		const char *n = cJSON_GetObjectItem(pa, "name")->valuestring, *v = cJSON_GetObjectItem(pa, "value")->valuestring;
		const char *t = cJSON_GetObjectItem(pa, "type")->valuestring;
		if (!strcmp(n, "since_days")) found += !strcmp(v, "14") && !strcmp(t, "INT");
		if (!strcmp(n, "customer_tag")) found += !strcmp(v, "tenant") && !strcmp(t, "STRING");
		if (!strcmp(n, "workspace_id")) found += !strcmp(v, "123");
	}
	cr_assert_eq(found, 3, "named parameters, never pasted into the text: %s", body);
	cr_assert_null(strstr(cJSON_GetObjectItem(j, "statement")->valuestring, "tenant"));
	cJSON *tag = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "query_tags"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(tag, "key")->valuestring, "pwaf");
	cJSON_Delete(j);
	free(body);
}

static void read_one(const char *json, cJSON **cols, struct sqlstmt_answer *a, int want)
{
	cJSON *j = cJSON_Parse(json);
	cr_assert_not_null(j, "%s", json);
	cr_assert_eq(sqlstmt_read(j, cols, a), want, "%s", a->error);
	cJSON_Delete(j);
}

Test(sqlstmt, states_rows_types_and_chunks)
{
	cJSON *cols = NULL;
	struct sqlstmt_answer a;
	read_one("{\"statement_id\":\"s1\",\"status\":{\"state\":\"PENDING\"}}", &cols, &a, 0);
	cr_assert_eq(a.state, SQL_PENDING);
	cr_assert_str_eq(a.statement_id, "s1");
	read_one("{\"statement_id\":\"s1\",\"status\":{\"state\":\"SUCCEEDED\"},\"manifest\":{\"schema\":{\"columns\":["
		 "{\"name\":\"ua\",\"type_name\":\"STRING\"},{\"name\":\"n\",\"type_name\":\"LONG\"},"
		 "{\"name\":\"s\",\"type_name\":\"BOOLEAN\"},{\"name\":\"d\",\"type_name\":\"DOUBLE\"}]}},"
		 "\"result\":{\"data_array\":[[\"x/1\",\"42\",\"true\",\"2.5\"],[null,null,\"false\",\"nope\"]],"
		 "\"next_chunk_index\":1}}", &cols, &a, 0);
	cr_assert_eq(a.state, SQL_SUCCEEDED);
	cr_assert_eq(a.next_chunk, 1);
	cr_assert_eq(cJSON_GetArraySize(a.rows), 2);
	cJSON *r0 = cJSON_GetArrayItem(a.rows, 0), *r1 = cJSON_GetArrayItem(a.rows, 1);
	cr_assert_str_eq(cJSON_GetObjectItem(r0, "ua")->valuestring, "x/1");
	cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(r0, "n")) && cJSON_GetObjectItem(r0, "n")->valuedouble == 42);
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(r0, "s")));
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(r1, "ua")), "NULL stays null");
	cr_assert(cJSON_IsString(cJSON_GetObjectItem(r1, "d")), "a DOUBLE that is not a number stays text");
	cJSON_Delete(a.rows);
	/* a chunk is ResultData alone, read with the columns of the first answer */
	read_one("{\"chunk_index\":1,\"data_array\":[[\"y\",\"7\",\"false\",\"1\"]]}", &cols, &a, 0);
	cr_assert_eq(a.state, SQL_SUCCEEDED);
	cr_assert_eq(a.next_chunk, -1);
	cr_assert_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(a.rows, 0), "n")->valuedouble, 7);
	cJSON_Delete(a.rows);
	read_one("{\"data_array\":[[\"y\"]]}", &cols, &a, -1);
	cr_assert(strstr(a.error, "columns"), "%s", a.error);
	cJSON_Delete(cols);
}

Test(sqlstmt, failures_say_why_and_denials_are_told_apart)
{
	cJSON *cols = NULL;
	struct sqlstmt_answer a;
	read_one("{\"statement_id\":\"s\",\"status\":{\"state\":\"FAILED\",\"sql_state\":\"42501\",\"error\":{\"error_code\":"
		 "\"BAD_REQUEST\",\"message\":\"[INSUFFICIENT_PERMISSIONS] no USE SCHEMA\\u001b[31m\"}}}", &cols, &a, 0);
	cr_assert_eq(a.state, SQL_FAILED);
	cr_assert(a.denied);
	cr_assert(strstr(a.error, "failed (BAD_REQUEST): [INSUFFICIENT_PERMISSIONS]"), "%s", a.error);
	cr_assert_null(strchr(a.error, 0x1b), "server text is sanitised");
	read_one("{\"status\":{\"state\":\"FAILED\",\"error\":{\"message\":\"division by zero\"}}}", &cols, &a, 0);
	cr_assert(!a.denied);
	read_one("{\"status\":{\"state\":\"CANCELED\"}}", &cols, &a, 0);
	cr_assert_eq(a.state, SQL_CANCELED);
	read_one("{\"status\":{\"state\":\"EXPLODED\"}}", &cols, &a, -1);
	cr_assert(strstr(a.error, "not one the API defines"), "%s", a.error);
	read_one("[1]", &cols, &a, -1);
	read_one("{\"status\":{\"state\":\"SUCCEEDED\"}}", &cols, &a, -1);
	cr_assert(strstr(a.error, "manifest"), "%s", a.error);
	cJSON_Delete(cols);
}

Test(sqlstmt, a_running_warehouse_is_chosen_a_stopped_one_only_when_asked)
{
	char err[400], *id, *why;
	struct snapshot *s = snapshot_new("live", NULL, err, sizeof err);
	cJSON *w = cJSON_Parse("[{\"id\":\"a\",\"name\":\"classic-on\",\"state\":\"RUNNING\"},"
			       "{\"id\":\"b\",\"name\":\"sls-on\",\"state\":\"RUNNING\",\"enable_serverless_compute\":true},"
			       "{\"id\":\"c\",\"name\":\"sls-off\",\"state\":\"STOPPED\",\"enable_serverless_compute\":true}]");
	snapshot_add(s, "warehouses", w, 0, "id", NULL, "t", 200, NULL);
	cr_assert_eq(sqlstmt_choose_warehouse(s, NULL, 0, &id, &why, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(id, "b", "running and serverless first");
	cr_assert(strstr(why, "sls-on") && strstr(why, "serverless"), "%s", why);
	free(id);
	free(why);
	cr_assert_eq(sqlstmt_choose_warehouse(s, "c", 0, &id, &why, err, sizeof err), -1);
	cr_assert(strstr(err, "is STOPPED") && strstr(err, "--start-warehouse"), "%s", err);
	cr_assert_eq(sqlstmt_choose_warehouse(s, "c", 1, &id, &why, err, sizeof err), 0);
	cr_assert(strstr(why, "started for this run"), "%s", why);
	free(id);
	free(why);
	cr_assert_eq(sqlstmt_choose_warehouse(s, "zzz", 1, &id, &why, err, sizeof err), -1);
	cr_assert(strstr(err, "not among the warehouses"), "%s", err);
	cJSON_Delete(w);
	snapshot_close(s);
}

Test(sqlstmt, every_system_probe_has_a_view_in_the_schema)
{
	const char *schema = probe_schema_sql();
	for (const struct probe_def *p = probe_defs(); p->name; p++) {
		if (p->kind != PROBE_SQL) continue;
		char want[200];
		snprintf(want, sizeof want, "CREATE VIEW IF NOT EXISTS %s AS SELECT", p->view);
		cr_assert(strstr(schema, want), "%s", p->view);
	}
}
