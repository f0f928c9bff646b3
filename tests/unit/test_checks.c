/* test_checks.c - every status path of a check on hand-built snapshots. */
#include "buf.h"
#include "checks.h"
#include "snapshot.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct snapshot *s;
static struct check_result r;
static char err[512];
static char *probes_tokens[] = { "tokens", NULL };
static char *probes_two[] = { "tokens", "cluster-policies", NULL };

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
	long n = a ? snapshot_add(s, ep, a, 0, "token_id", "t", status) : 0;
	snapshot_finish(s, ep, "/p", status, error, n, "t");
	cJSON_Delete(a);
}

static void run(const char *sql, char **probes)
{
	struct doc d = { 0 };
	d.id = "T-01";
	d.title = "A title\x1b[31m";
	d.level = "required";
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
	run("SELECT 'manual' AS status, 'x' AS evidence", probes_tokens);
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
