/* test_checks.c - every status path of a check on hand-built snapshots. */
#include "core/buf.h"
#include "ws/checks.h"
#include "ws/snapshot.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct snapshot *s;
static struct check_result r;
static char err[512];
static char *probes_tokens[] = { (char *)"tokens", NULL }; /* check_item.probes is char ** */
static char *probes_two[] = { (char *)"tokens", (char *)"cluster-policies", NULL }; /* check_item.probes is char ** */

static void setup(void)
{
	s = snapshot_new("live", "https://h.example.com", err, sizeof err);
	cr_assert_not_null(s);
	memset(&r, 0, sizeof r);
}

static void teardown(void)
{
	check_result_free(&r);
	snapshot_close(s);
}

TestSuite(checks, .init = setup, .fini = teardown);

static void fetched(const char *ep, const char *json, long status, const char *error)
{
	cJSON *a = json ? cJSON_Parse(json) : NULL;
	snapshot_begin(s, ep);
	long n = a ? snapshot_add(s, ep, a, 0, "token_id", NULL, "t", status, NULL) : 0;
	snapshot_finish(s, ep, "/p", status, error, NULL, n, "t");
	cJSON_Delete(a);
}

static void run(const char *sql, char **probes)
{
	struct doc d = { 0 };
	d.id = (char *)"T-01";
	d.title = (char *)"A title\x1b[31m";
	d.level = (char *)"required";
	d.check_sql = (char *)sql;
	d.probes = probes;
	check_result_free(&r);
	checks_run_item(s, &d, 500, &r);
}

static const char count_sql[] = "SELECT CASE WHEN count(*) = 0 THEN 'pass' ELSE 'fail' END AS status,"
				" count(*) || ' tokens: ' || group_concat(json ->> '$.comment', ', ') AS evidence"
				" FROM objects WHERE endpoint = 'tokens'";

Test(checks, manual_without_sql)
{
	run(NULL, NULL);
	cr_assert_eq(r.status, CHECK_MANUAL);
	cr_assert_str_eq(r.item, "T-01");
	cr_assert_str_eq(r.level, "required");
	cr_assert_null(strchr(r.title, 0x1b), "titles are sanitized");
}

Test(checks, pass_and_fail_with_evidence)
{
	fetched("tokens", "[]", 200, NULL);
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_PASS, "%s", r.evidence);
	fetched("tokens", "[{\"token_id\":\"1\",\"comment\":\"ci\\u001b]0;x\\u0007 \\u202eevil\"}]", 200, NULL);
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_FAIL);
	cr_assert(strstr(r.evidence, "1 tokens: ci"), "%s", r.evidence);
	cr_assert_null(strchr(r.evidence, 0x1b), "evidence is sanitized");
	cr_assert_null(strstr(r.evidence, "\xe2\x80\xae"), "no bidi override");
}

Test(checks, warn_and_unknown_from_sql)
{
	fetched("tokens", "[]", 200, NULL);
	run("SELECT 'warn' AS status, 'hmm' AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_WARN);
	cr_assert_str_eq(r.evidence, "hmm");
	run("SELECT 'unknown' AS status, NULL AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_UNKNOWN);
	cr_assert_str_eq(r.evidence, "");
}

Test(checks, probe_not_fetched_is_unknown)
{
	fetched("tokens", "[]", 200, NULL);
	run(count_sql, probes_two);
	cr_assert_eq(r.status, CHECK_UNKNOWN);
	cr_assert(strstr(r.evidence, "not fetched: cluster policies"), "%s", r.evidence);
}

Test(checks, forbidden_is_unknown_never_fail)
{
	fetched("tokens", NULL, 403, "403 PERMISSION_DENIED: you may not");
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_UNKNOWN);
	cr_assert(strstr(r.evidence, "no permission to read access tokens: 403 PERMISSION_DENIED: you may not"), "%s",
		  r.evidence);
	fetched("tokens", NULL, 401, "401 UNAUTHENTICATED: who");
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_UNKNOWN);
}

Test(checks, other_fetch_errors_are_errors)
{
	fetched("tokens", NULL, 500, "500 INTERNAL_ERROR: boom");
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	cr_assert(strstr(r.evidence, "500 INTERNAL_ERROR: boom"), "%s", r.evidence);
	fetched("tokens", NULL, 0, "could not connect to h");
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
}

Test(checks, sql_problems_are_errors)
{
	fetched("tokens", "[]", 200, NULL);
	run("SELECT nosuchcolumn AS status, 1 AS evidence FROM objects", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	cr_assert(strstr(r.evidence, "no such column"), "%s", r.evidence);
	run("SELECT 'PASS' AS status, 'x' AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR, "statuses are lower case");
	cr_assert(strstr(r.evidence, "'PASS'"), "%s", r.evidence);
	run("SELECT 'manual' AS status, 'signal only: x' AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_MANUAL, "a check may say its signal proves nothing alone");
	run("SELECT 'error' AS status, 'x' AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	run("SELECT NULL AS status, 'x' AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	run("SELECT 'pass' AS status, 'x' AS evidence WHERE 0", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	cr_assert(strstr(r.evidence, "no row"), "%s", r.evidence);
	run("SELECT 'pass'", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
}

Test(checks, sql_cannot_write_or_attach)
{
	fetched("tokens", "[]", 200, NULL);
	run("DELETE FROM objects", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	run("ATTACH '/tmp/x.db' AS x", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	run("PRAGMA writable_schema = 1", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	run("SELECT 'pass' AS status, 'x' AS evidence; DELETE FROM objects", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	run("SELECT 'pass' AS status, (SELECT count(*) FROM json_each('[1,2]')) AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_PASS, "%s", r.evidence);
}

Test(checks, runaway_sql_is_stopped)
{
	fetched("tokens", "[]", 200, NULL);
	run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT 'pass' AS status,"
	    " max(x) AS evidence FROM c", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR);
	cr_assert(strstr(r.evidence, "longer than 500 ms"), "%s", r.evidence);
}

Test(checks, status_names)
{
	cr_assert_str_eq(check_status_name(CHECK_UNKNOWN), "unknown");
	cr_assert_str_eq(check_status_word(CHECK_FAIL), "FAIL");
}

/* One function call that builds a huge value used to run to its end (the progress handler only
 * runs between virtual machine steps): 600 MB here. The snapshot's value limit stops it. */
Test(checks, one_huge_function_call_is_stopped)
{
	fetched("tokens", "[]", 200, NULL);
	run("SELECT 'pass' AS status, length(hex(zeroblob(200000000))) AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_ERROR, "%s", r.evidence);
	cr_assert(strstr(r.evidence, "larger than 16 MB"), "%s", r.evidence);
}

static double ms_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Slow steps (10 MB each) between deadline checks: the limit still holds within a few steps. */
Test(checks, slow_steps_are_stopped_near_the_limit)
{
	fetched("tokens", "[]", 200, NULL);
	double t0 = ms_now();
	run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
	    " SELECT 'pass' AS status, max(length(replace(printf('%.*c', 10000000 + x % 2, 'x'), 'x', 'y'))) AS evidence FROM c",
	    probes_tokens);
	double took = ms_now() - t0;
	cr_assert_eq(r.status, CHECK_ERROR, "%s", r.evidence);
	cr_assert(strstr(r.evidence, "longer than 500 ms"), "%s", r.evidence);
	cr_assert(took < 1500, "a 500 ms limit took %.0f ms", took);
}

/* --- answers that are not failures, and lists the caller may not fully see --------------- */

static void fetched_code(const char *ep, const char *json, long status, const char *error, const char *code)
{
	cJSON *a = json ? cJSON_Parse(json) : NULL;
	snapshot_begin(s, ep);
	long n = a ? snapshot_add(s, ep, a, 0, NULL, NULL, "t", status, NULL) : 0;
	snapshot_finish(s, ep, "/p", status, error, code, n, "t");
	cJSON_Delete(a);
}

static void caller(int admin)
{
	char me[300];
	snprintf(me, sizeof me, "[{\"userName\":\"ana@example.com\",\"groups\":[{\"display\":\"%s\"},"
				 "{\"display\":\"uc-owners\"}]}]", admin ? "admins" : "users");
	fetched_code("current-user", me, 200, NULL, NULL);
}

static char *probes_clusters[] = { (char *)"clusters", NULL }; /* check_item.probes is char ** */
static char *probes_catalogs[] = { (char *)"catalogs", NULL }; /* check_item.probes is char ** */
static char *probes_ma[] = { (char *)"metastore-assignment", NULL }; /* check_item.probes is char ** */
static char *probes_apps[] = { (char *)"apps", NULL };

Test(checks, an_expected_404_is_an_answer)
{
	/* a workspace without a metastore: 404 METASTORE_DOES_NOT_EXIST is the answer "none" */
	fetched_code("metastore-assignment", NULL, 404, NULL, "METASTORE_DOES_NOT_EXIST");
	run("SELECT CASE WHEN count(*) = 0 THEN 'fail' ELSE 'pass' END AS status,"
	    " coalesce((SELECT error_code FROM fetches WHERE endpoint = 'metastore-assignment'), 'x') AS evidence"
	    " FROM objects WHERE endpoint = 'metastore-assignment'", probes_ma);
	cr_assert_eq(r.status, CHECK_FAIL, "%s", r.evidence);
	cr_assert_str_eq(r.evidence, "METASTORE_DOES_NOT_EXIST");
}

Test(checks, a_feature_that_is_off_is_not_an_error)
{
	fetched_code("apps", NULL, 404, "not enabled in this workspace (404 FEATURE_DISABLED: off)", "FEATURE_DISABLED");
	run("SELECT 'pass' AS status, 'x' AS evidence", probes_apps);
	cr_assert_eq(r.status, CHECK_UNKNOWN);
	cr_assert_str_eq(r.evidence, "apps: not enabled in this workspace");
}

Test(checks, a_list_over_the_limit_is_unknown)
{
	fetched_code("clusters", NULL, 200, "the workspace answered more than pwaf keeps (over 100 clusters)", "PWAF_LIMIT");
	caller(1);
	run("SELECT 'pass' AS status, 'x' AS evidence", probes_clusters);
	cr_assert_eq(r.status, CHECK_UNKNOWN);
	cr_assert(strstr(r.evidence, "more than pwaf keeps (over 100 clusters)"), "%s", r.evidence);
}

Test(checks, an_empty_list_that_was_read_is_an_answer)
{
	fetched_code("clusters", "[]", 200, NULL, NULL);
	caller(1);
	run("SELECT CASE WHEN count(*) = 0 THEN 'pass' ELSE 'fail' END AS status, 'none' AS evidence"
	    " FROM objects WHERE endpoint = 'clusters'", probes_clusters);
	cr_assert_eq(r.status, CHECK_PASS, "%s", r.evidence);
}

Test(checks, a_pass_over_a_filtered_list_needs_an_admin)
{
	fetched_code("clusters", "[{\"cluster_name\":\"a\"}]", 200, NULL, NULL);
	caller(0);
	run("SELECT 'pass' AS status, '1 cluster, tagged' AS evidence", probes_clusters);
	cr_assert_eq(r.status, CHECK_UNKNOWN, "not an admin: the list may hide clusters");
	cr_assert(strstr(r.evidence, "not an admin: the list may be partial"), "%s", r.evidence);
	cr_assert(strstr(r.evidence, "1 cluster, tagged"), "the would-be evidence is kept: %s", r.evidence);
	run("SELECT 'fail' AS status, 'an untagged cluster' AS evidence", probes_clusters);
	cr_assert_eq(r.status, CHECK_FAIL, "a failure seen in part of the list is still a failure");
	caller(1);
	run("SELECT 'pass' AS status, '1 cluster, tagged' AS evidence", probes_clusters);
	cr_assert_eq(r.status, CHECK_PASS, "%s", r.evidence);
	caller(0);
	fetched("tokens", "[]", 200, NULL);
	run("SELECT 'pass' AS status, 'x' AS evidence", probes_tokens);
	cr_assert_eq(r.status, CHECK_PASS, "the token list is not filtered: admins only, or 403");
}

Test(checks, unity_catalog_lists_need_the_metastore_admin)
{
	fetched_code("catalogs", "[{\"name\":\"main\"}]", 200, NULL, NULL);
	caller(1);
	run("SELECT 'pass' AS status, 'x' AS evidence", probes_catalogs);
	cr_assert_eq(r.status, CHECK_UNKNOWN, "the metastore's owner is unknown");
	cr_assert(strstr(r.evidence, "owner was not read"), "%s", r.evidence);
	fetched_code("metastore-summary", "[{\"metastore_id\":\"m\",\"owner\":\"someone-else\"}]", 200, NULL, NULL);
	run("SELECT 'pass' AS status, 'x' AS evidence", probes_catalogs);
	cr_assert_eq(r.status, CHECK_UNKNOWN);
	cr_assert(strstr(r.evidence, "not the metastore admin"), "%s", r.evidence);
	fetched_code("metastore-summary", "[{\"metastore_id\":\"m\",\"owner\":\"uc-owners\"}]", 200, NULL, NULL);
	run("SELECT 'pass' AS status, 'x' AS evidence", probes_catalogs);
	cr_assert_eq(r.status, CHECK_PASS, "a member of the owning group is the metastore admin: %s", r.evidence);
	fetched_code("metastore-summary", "[{\"metastore_id\":\"m\",\"owner\":\"ana@example.com\"}]", 200, NULL, NULL);
	run("SELECT 'pass' AS status, 'x' AS evidence", probes_catalogs);
	cr_assert_eq(r.status, CHECK_PASS, "%s", r.evidence);
}

Test(checks, without_the_caller_a_filtered_pass_is_unknown)
{
	fetched_code("clusters", "[]", 200, NULL, NULL);
	run("SELECT 'pass' AS status, 'x' AS evidence", probes_clusters);
	cr_assert_eq(r.status, CHECK_UNKNOWN);
	cr_assert(strstr(r.evidence, "groups were not read"), "%s", r.evidence);
}

Test(checks, a_schema_1_snapshot_still_reads)
{
	/* snapshots saved before fetches.error_code existed */
	sqlite3 *db = snapshot_db(s);
	cr_assert_eq(sqlite3_exec(db, "DROP TABLE fetches; CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT,"
				      " status INTEGER, error TEXT, count INTEGER, fetched_at TEXT);"
				      " INSERT INTO fetches VALUES('tokens', '/p', 403, '403 PERMISSION_DENIED: no', 0, 't');",
				  NULL, NULL, NULL), SQLITE_OK);
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_UNKNOWN, "%s", r.evidence);
	cr_assert(strstr(r.evidence, "no permission"), "%s", r.evidence);
}

/* A check's statement is compiled once and kept with the snapshot: run again it sees the rows
 * written since, pwaf's own writes still work between checks (the check authorizer stays set on
 * the connection but acts only on checks), and a check that may not run is refused every time. */
Test(checks, kept_check_statements_see_new_rows_and_keep_their_limits)
{
	fetched("tokens", "[]", 200, NULL);
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_PASS, "%s", r.evidence);
	fetched("tokens", "[{\"token_id\":\"1\",\"comment\":\"ci\"}]", 200, NULL);
	cr_assert_eq(snapshot_set_meta(s, "query_tag", "x"), 0, "writes work after a check");
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_FAIL, "%s", r.evidence);
	cr_assert(strstr(r.evidence, "1 tokens: ci"), "%s", r.evidence);
	for (int i = 0; i < 2; i++) {
		run("SELECT 'pass' AS status, (SELECT count(*) FROM pragma_table_info('objects')) AS evidence", probes_tokens);
		cr_assert_eq(r.status, CHECK_ERROR, "run %d: %s", i, r.evidence);
		run("DELETE FROM objects", probes_tokens);
		cr_assert_eq(r.status, CHECK_ERROR, "run %d", i);
	}
	cr_assert_eq(snapshot_begin(s, "tokens"), 0);
	/* the schema changes under a kept statement: SQLite recompiles it, under the same rules */
	cr_assert_eq(sqlite3_exec(snapshot_db(s), "CREATE TABLE extra(x)", NULL, NULL, NULL), SQLITE_OK);
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_UNKNOWN, "tokens is not fetched now: %s", r.evidence);
	fetched("tokens", "[]", 200, NULL);
	run(count_sql, probes_tokens);
	cr_assert_eq(r.status, CHECK_PASS, "%s", r.evidence);
}
