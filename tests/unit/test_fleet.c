/* test_fleet.c - unit tests of the fleet: results and exit codes, file names, workspace hosts from an account, the results table's requests. */
#include "ws/fleet.h"
#include "core/fleetresult.h"
#include "ws/resultstable.h"
#include "ws/wsconfig.h"

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* A result with the fields the fleet reads; strings are static. */
static void add_result(struct fleet_ws *w, const char *item, const char *level, enum check_status st, const char *ev)
{
	w->res.v = realloc(w->res.v, (w->res.n + 1) * sizeof *w->res.v);
	struct check_result *r = &w->res.v[w->res.n++];
	memset(r, 0, sizeof *r);
	r->item = strdup(item);
	r->title = strdup(item);
	r->level = strdup(level);
	r->pillar = strdup("technical-standards");
	r->evidence = strdup(ev);
	r->status = st;
}

/* Three workspaces: a passes, b fails a required item, c could not be reached. */
static void fleet_three(struct fleet_results *fr)
{
	memset(fr, 0, sizeof *fr);
	struct fleet_ws *a = fleet_results_add(fr, "a", "https://a.cloud.databricks.com", "1000000000000001");
	add_result(a, "ISV-X-01", "required", CHECK_PASS, "ok");
	add_result(a, "ISV-X-02", "recommended", CHECK_WARN, "hm");
	struct fleet_ws *b = fleet_results_add(fr, "b", "https://b.cloud.databricks.com", "1000000000000002");
	add_result(b, "ISV-X-01", "required", CHECK_FAIL, "it's 'quoted' \"and\" <tagged>");
	add_result(b, "ISV-X-02", "recommended", CHECK_PASS, "ok");
	struct fleet_ws *c = fleet_results_add(fr, "c", "https://c.cloud.databricks.com", "");
	c->state = FLEET_UNREACHABLE;
	c->error = strdup("clusters: could not connect");
	fleet_results_count(fr);
	fleet_run_id(fr->run_id);
	strcpy(fr->started_at, "2026-12-04T18:00:00Z");
	fr->version = strdup("9.9");
}

Test(fleet, exit_code_names_the_worst)
{
	struct fleet_results fr;
	fleet_three(&fr);
	cr_expect_eq(fleet_results_exit_code(&fr, 0), 3, "an unreached workspace makes it 3");
	fr.v[2].state = FLEET_CANCELLED;
	fleet_results_count(&fr);
	cr_expect_eq(fleet_results_exit_code(&fr, 0), 1, "a required failure makes it 1; cancelled changes nothing");
	fr.v[1].res.v[0].status = CHECK_UNKNOWN;
	cr_expect_eq(fleet_results_exit_code(&fr, 0), 0);
	cr_expect_eq(fleet_results_exit_code(&fr, 1), 1, "strict: unknown on a required item fails");
	fr.v[2].state = FLEET_AUTH;
	fleet_results_count(&fr);
	cr_expect_eq(fleet_results_exit_code(&fr, 0), 3, "refused credentials are 3 as well");
	fleet_results_free(&fr);
}

Test(fleet, items_count_workspaces_per_status)
{
	struct fleet_results fr;
	fleet_three(&fr);
	struct fleet_items it;
	fleet_items_collect(&fr, &it);
	cr_assert_eq(it.n, 2);
	cr_expect_str_eq(it.v[0].item, "ISV-X-01");
	cr_expect_eq(it.v[0].count[CHECK_FAIL], 1);
	cr_expect_eq(it.v[0].count[CHECK_PASS], 1);
	cr_expect_eq(it.v[1].count[CHECK_WARN], 1);
	cr_expect_not_null(fleet_ws_result(&fr.v[1], "ISV-X-01"));
	cr_expect_null(fleet_ws_result(&fr.v[2], "ISV-X-01"), "an unreached workspace has no result");
	fleet_items_free(&it);
	fleet_results_free(&fr);
}

Test(fleet, run_id_is_a_uuid_v4)
{
	char a[40], b[40];
	fleet_run_id(a);
	fleet_run_id(b);
	cr_assert_eq(strlen(a), 36);
	cr_expect_eq(a[8], '-');
	cr_expect_eq(a[14], '4', "version 4: %s", a);
	cr_expect(strchr("89ab", a[19]) != NULL, "RFC 4122 variant: %s", a);
	cr_expect_str_neq(a, b);
}

Test(fleet, file_names_stay_in_their_directory)
{
	static const char *const in[] = { "../../etc/passwd", "..", ".", "", "a/b", "ws 1", "prod-eu_1.x" };
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		char *f = fleet_file_name(in[i]);
		cr_expect(strchr(f, '/') == NULL, "%s -> %s", in[i], f);
		cr_expect(f[0] != '.' && f[0] != 0, "%s -> %s", in[i], f);
		free(f);
	}
	char *f = fleet_file_name("prod-eu_1.x");
	cr_expect_str_eq(f, "prod-eu_1.x", "a plain name is kept");
	free(f);
	char *long_name = malloc(301);
	memset(long_name, 'x', 300);
	long_name[300] = 0;
	f = fleet_file_name(long_name);
	cr_expect_leq(strlen(f), 80);
	free(f);
	free(long_name);
}

/* account_functions.go workspaceHost and common/environment/environments.go DeploymentURL */
Test(fleet, workspace_host_from_the_account_dns_zone)
{
	static const struct {
		const char *acct, *dep, *want;
	} t[] = {
		{ "https://accounts.cloud.databricks.com", "dbc-1a2b", "https://dbc-1a2b.cloud.databricks.com" },
		{ "https://accounts.azuredatabricks.net", "adb-123", "https://adb-123.azuredatabricks.net" },
		{ "https://accounts.gcp.databricks.com", "1234.5", "https://1234.5.gcp.databricks.com" },
		{ "https://accounts.staging.cloud.databricks.com", "x", "https://x.staging.cloud.databricks.com" },
		{ "http://accounts.localhost:8123", "ws-007", "http://ws-007.localhost:8123" },
	};
	char err[300];
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		char *h = wsconfig_workspace_host(t[i].acct, t[i].dep, err, sizeof err);
		cr_assert_not_null(h, "%s: %s", t[i].acct, err);
		cr_expect_str_eq(h, t[i].want);
		free(h);
	}
	cr_expect_null(wsconfig_workspace_host("https://accounts.cloud.databricks.com", "a/b@evil.com", err, sizeof err),
		       "a deployment name is a DNS label, nothing else");
	cr_expect_null(wsconfig_workspace_host("https://unified.example.com", "x", err, sizeof err));
	cr_expect(strstr(err, "--all-profiles") != NULL, "%s", err);
}

Test(resultstable, names_are_three_parts)
{
	char err[300];
	cr_expect_eq(resultstable_name_ok("main.pwaf.results", err, sizeof err), 0);
	cr_expect_eq(resultstable_name_ok("`my-cat`.pwaf.`res ults`", err, sizeof err), 0);
	static const char *const bad[] = { "a.b", "a.b.c.d", "a.b.c; DROP TABLE x", "a..c", "a.b.", "`a`b`.c.d", "",
					   "a.b.c--", "a.b.`c\n`" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_expect_eq(resultstable_name_ok(bad[i], err, sizeof err), -1, "'%s' accepted", bad[i]);
}

static const char *param(const cJSON *req, const char *name)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItem(req, "parameters"))
	{
		const cJSON *n = cJSON_GetObjectItem(p, "name");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) {
			const cJSON *v = cJSON_GetObjectItem(p, "value");
			return cJSON_IsString(v) ? v->valuestring : "<NULL>";
		}
	}
	return NULL;
}

/* service/sql/model.go ExecuteStatementRequest, StatementParameterListItem: values only as parameters */
Test(resultstable, inserts_carry_values_only_as_parameters)
{
	struct fleet_results fr;
	fleet_three(&fr);
	struct resultstable_cursor cur = { 0 };
	size_t n = 0;
	char *body = resultstable_request("wh1", "main.pwaf.results", &fr, &cur, 1000, 1 << 20, &n);
	cr_assert_not_null(body);
	cr_expect_eq(n, 5, "two items in two workspaces and one row for the unreached one");
	cJSON *j = cJSON_Parse(body);
	cr_assert_not_null(j);
	const char *sql = cJSON_GetObjectItem(j, "statement")->valuestring;
	cr_expect_str_eq(sql, resultstable_insert_sql());
	cr_expect(strstr(sql, "b.cloud") == NULL && strstr(sql, "quoted") == NULL && strstr(sql, fr.run_id) == NULL,
		  "no value is pasted into the SQL text");
	cr_expect_str_eq(cJSON_GetObjectItem(j, "warehouse_id")->valuestring, "wh1");
	cr_expect_str_eq(param(j, "table"), "main.pwaf.results");
	cr_expect_str_eq(param(j, "run_id"), fr.run_id);
	cr_expect_str_eq(param(j, "pwaf_version"), "9.9");
	cr_expect_str_eq(param(j, "partner_type"), "<NULL>", "no partner type: a NULL parameter (no value)");
	cJSON *rows = cJSON_Parse(param(j, "rows"));
	cr_assert(cJSON_IsArray(rows));
	cr_assert_eq(cJSON_GetArraySize(rows), 5);
	cJSON *r1 = cJSON_GetArrayItem(rows, 2);
	cr_expect_str_eq(cJSON_GetObjectItem(r1, "status")->valuestring, "fail");
	cr_expect_str_eq(cJSON_GetObjectItem(r1, "evidence")->valuestring, "it's 'quoted' \"and\" <tagged>");
	cJSON *id = cJSON_GetObjectItem(r1, "workspace_id");
	cr_expect(cJSON_IsRaw(id) || cJSON_IsNumber(id), "the id is a number");
	cr_expect(strstr(param(j, "rows"), "1000000000000002") != NULL, "16-digit ids keep every digit");
	cJSON *un = cJSON_GetArrayItem(rows, 4);
	cr_expect(cJSON_IsNull(cJSON_GetObjectItem(un, "item")) || !cJSON_GetObjectItem(un, "item"));
	cr_expect_str_eq(cJSON_GetObjectItem(un, "status")->valuestring, "unreachable");
	cr_expect_str_eq(cJSON_GetObjectItem(un, "evidence")->valuestring, "clusters: could not connect");
	cJSON_Delete(rows);
	cJSON_Delete(j);
	free(body);
	cr_expect_null(resultstable_request("wh1", "main.pwaf.results", &fr, &cur, 1000, 1 << 20, &n), "nothing left");
	fleet_results_free(&fr);
}

Test(resultstable, batches_split_by_rows_and_cover_every_row_once)
{
	struct fleet_results fr;
	fleet_three(&fr);
	cr_assert_eq(resultstable_rows(&fr), 5);
	struct resultstable_cursor cur = { 0 };
	size_t n, total = 0;
	int batches = 0;
	char *body;
	while ((body = resultstable_request("wh1", "c.s.t", &fr, &cur, 2, 1 << 20, &n))) {
		cr_expect_leq(n, 2);
		cr_expect_gt(n, 0);
		total += n;
		batches++;
		free(body);
	}
	cr_expect_eq(total, 5);
	cr_expect_eq(batches, 3);
	fleet_results_free(&fr);
}

Test(resultstable, create_names_the_table_by_parameter)
{
	char *body = resultstable_create_request("wh1", "main.pwaf.results");
	cJSON *j = cJSON_Parse(body);
	cr_assert_not_null(j);
	const char *sql = cJSON_GetObjectItem(j, "statement")->valuestring;
	cr_expect(strstr(sql, "CREATE TABLE IF NOT EXISTS IDENTIFIER(:table)") != NULL);
	cr_expect(strstr(sql, "main.pwaf") == NULL);
	cr_expect_str_eq(param(j, "table"), "main.pwaf.results");
	cJSON_Delete(j);
	free(body);
}
