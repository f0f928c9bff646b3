/* test_snapshot.c - snapshot save/open round trip, demo import, and refusing other files. */
#include "buf.h"
#include "snapshot.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static char err[512];

static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void) { tu_rmrf(dir); free(dir); }

TestSuite(snapshot, .init = setup, .fini = teardown);

static long count(struct snapshot *s, const char *sql)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(snapshot_db(s), sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(snapshot_db(s)));
	long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

static const char demo[] =
	"{\"workspace\":{\"host\":\"https://demo.example.com\",\"name\":\"Demo\",\"cloud\":\"aws\",\"workspace_id\":42,"
	"\"generated_at\":\"2026-01-02T03:04:05Z\"},"
	"\"endpoints\":{\"clusters\":[{\"cluster_id\":\"c1\",\"cluster_name\":\"a\"},{\"cluster_id\":\"c2\"}],"
	"\"workspace-conf\":{\"enableTokensConfig\":\"true\"},\"jobs\":[{\"job_id\":123}]}}";

Test(snapshot, demo_import)
{
	struct snapshot *s = snapshot_new("demo", NULL, err, sizeof err);
	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(snapshot_import_demo(s, demo, strlen(demo), err, sizeof err), 0, "%s", err);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE endpoint = 'clusters'"), 2);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE endpoint = 'jobs' AND id = '123'"), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE endpoint = 'workspace-conf' AND id IS NULL"), 1);
	cr_assert_eq(count(s, "SELECT count FROM fetches WHERE endpoint = 'clusters' AND status = 200 AND error IS NULL"), 2);
	cr_assert_eq(count(s, "SELECT count(*) FROM fetches WHERE endpoint = 'tokens'"), 0);
	char b[100];
	cr_assert_str_eq(snapshot_meta(s, "host", b, sizeof b), "https://demo.example.com");
	cr_assert_str_eq(snapshot_meta(s, "generated_at", b, sizeof b), "2026-01-02T03:04:05Z");
	cr_assert_str_eq(snapshot_source(s), "demo");
	snapshot_close(s);
}

Test(snapshot, demo_import_errors)
{
	struct snapshot *s = snapshot_new("demo", NULL, err, sizeof err);
	cr_assert_eq(snapshot_import_demo(s, "{", 1, err, sizeof err), -1);
	cr_assert(strstr(err, "not valid JSON"), "%s", err);
	const char *bad = "{\"endpoints\":{\"nonsense\":[]}}";
	cr_assert_eq(snapshot_import_demo(s, bad, strlen(bad), err, sizeof err), -1);
	cr_assert(strstr(err, "unknown probe 'nonsense'"), "%s", err);
	cr_assert_eq(snapshot_import_demo(s, "", 0, err, sizeof err), -1);
	snapshot_close(s);
}

Test(snapshot, save_and_open_round_trip)
{
	struct snapshot *s = snapshot_new("live", "https://h.example.com", err, sizeof err);
	cJSON *arr = cJSON_Parse("[{\"id\":\"w1\",\"name\":\"x\"},{\"id\":\"w2\"}]");
	cr_assert_eq(snapshot_begin(s, "warehouses"), 0);
	cr_assert_eq(snapshot_add(s, "warehouses", arr, 0, "id", NULL, "2026-01-01T00:00:00Z", 200, NULL), 2);
	cr_assert_eq(snapshot_finish(s, "warehouses", "/api/2.0/sql/warehouses", 200, NULL, NULL, 2, "2026-01-01T00:00:00Z"), 0);
	cr_assert_eq(snapshot_finish(s, "tokens", "/x", 403, "403 PERMISSION_DENIED: no", "PERMISSION_DENIED", 0, "2026-01-01T00:00:00Z"), 0);
	cJSON_Delete(arr);
	char path[600];
	snprintf(path, sizeof path, "%s/snap.db", dir);
	cr_assert_eq(snapshot_save(s, path, err, sizeof err), 0, "%s", err);
	snapshot_close(s);

	struct snapshot *t = snapshot_open(path, err, sizeof err);
	cr_assert_not_null(t, "%s", err);
	cr_assert_eq(count(t, "SELECT count(*) FROM objects WHERE endpoint = 'warehouses'"), 2);
	cr_assert_eq(count(t, "SELECT status FROM fetches WHERE endpoint = 'tokens'"), 403);
	char b[100];
	cr_assert_str_eq(snapshot_meta(t, "host", b, sizeof b), "https://h.example.com");
	cr_assert_str_eq(snapshot_meta(t, "source", b, sizeof b), "live");
	cr_assert_str_eq(snapshot_source(t), "file");
	cr_assert_eq(snapshot_begin(t, "warehouses"), -1, "a saved snapshot is read-only");
	cr_assert_eq(count(t, "SELECT count(*) FROM objects"), 2);
	snapshot_close(t);
}

Test(snapshot, begin_replaces_an_endpoint)
{
	struct snapshot *s = snapshot_new("live", NULL, err, sizeof err);
	cJSON *o = cJSON_Parse("{\"a\":1}");
	snapshot_add(s, "workspace-conf", o, 1, NULL, NULL, "t", 200, NULL);
	snapshot_finish(s, "workspace-conf", "/p", 200, NULL, NULL, 1, "t");
	snapshot_begin(s, "workspace-conf");
	cr_assert_eq(count(s, "SELECT count(*) FROM objects"), 0);
	cr_assert_eq(count(s, "SELECT count(*) FROM fetches"), 0);
	cJSON_Delete(o);
	snapshot_close(s);
}

Test(snapshot, open_refuses_other_files)
{
	char path[600];
	snprintf(path, sizeof path, "%s/nothing.db", dir);
	cr_assert_null(snapshot_open(path, err, sizeof err));
	cr_assert(strstr(err, "cannot open"), "%s", err);
	tu_write(dir, "text.db", "just some text, definitely not SQLite at all, padding padding padding");
	snprintf(path, sizeof path, "%s/text.db", dir);
	cr_assert_null(snapshot_open(path, err, sizeof err));
	snprintf(path, sizeof path, "%s/other.db", dir);
	sqlite3 *db;
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE objects(x); CREATE TABLE fetches(y); CREATE TABLE meta(key, value);", NULL, NULL, NULL);
	sqlite3_close(db);
	cr_assert_null(snapshot_open(path, err, sizeof err));
	cr_assert(strstr(err, "not a pwaf snapshot"), "%s", err);
}

Test(snapshot, keys_of_a_parent_for_detail_calls)
{
	struct snapshot *s = snapshot_new("live", NULL, err, sizeof err);
	cJSON *a = cJSON_Parse("[{\"name\":\"main\",\"catalog_type\":\"MANAGED_CATALOG\"},{\"name\":\"system\","
			       "\"catalog_type\":\"SYSTEM_CATALOG\"},{\"name\":\"a b/c\"},{\"name\":\"main\"},{\"x\":1},"
			       "{\"name\":\"\"}]");
	cr_assert_eq(snapshot_add(s, "catalogs", a, 0, "name", NULL, "t", 200, NULL), 6);
	char **k;
	cr_assert_eq(snapshot_keys(s, "catalogs", "name", NULL, 10, &k, err, sizeof err), 3, "each value once, no empty one");
	cr_assert_str_eq(k[0], "main");
	cr_assert_str_eq(k[1], "system");
	cr_assert_str_eq(k[2], "a b/c");
	cr_assert_null(k[3]);
	snapshot_free_keys(k);
	cr_assert_eq(snapshot_keys(s, "catalogs", "name", "coalesce(json ->> '$.catalog_type', '') <> 'SYSTEM_CATALOG'", 10,
				   &k, err, sizeof err), 2);
	snapshot_free_keys(k);
	cr_assert_eq(snapshot_keys(s, "catalogs", "name", NULL, 1, &k, err, sizeof err), 1, "at most max");
	snapshot_free_keys(k);
	cr_assert_eq(snapshot_keys(s, "catalogs", "name') --", NULL, 1, &k, err, sizeof err), -1, "field names are plain");
	snapshot_free_keys(k);
	cJSON_Delete(a);
	snapshot_close(s);
}

Test(snapshot, detail_objects_keep_their_parent_key)
{
	struct snapshot *s = snapshot_new("live", NULL, err, sizeof err);
	cJSON *a = cJSON_Parse("[{\"id\":\"secret-1\",\"status\":\"ACTIVE\"}]");
	size_t bytes = 0;
	cr_assert_eq(snapshot_add(s, "sp-secrets", a, 0, "id", "sp-42", "t", 200, &bytes), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE id = 'sp-42'"), 1, "checks join on the parent's id");
	cr_assert_gt(bytes, 20);
	cJSON_Delete(a);
	snapshot_close(s);
}

Test(snapshot, demo_detail_maps_and_answers)
{
	struct snapshot *s = snapshot_new("demo", NULL, err, sizeof err);
	const char *j = "{\"endpoints\":{\"sp-secrets\":{\"7\":[{\"status\":\"ACTIVE\"}],\"8\":[]},"
			"\"metastore-assignment\":{\"error_code\":\"METASTORE_DOES_NOT_EXIST\",\"status\":404}}}";
	cr_assert_eq(snapshot_import_demo(s, j, strlen(j), err, sizeof err), 0, "%s", err);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE endpoint = 'sp-secrets' AND id = '7'"), 1);
	cr_assert_eq(count(s, "SELECT status FROM fetches WHERE endpoint = 'metastore-assignment'"), 404);
	cr_assert_eq(count(s, "SELECT count(*) FROM fetches WHERE endpoint = 'metastore-assignment' AND error IS NULL"
			      " AND error_code = 'METASTORE_DOES_NOT_EXIST'"), 1, "an answer, not a failure");
	const char *bad = "{\"endpoints\":{\"sp-secrets\":[{\"status\":\"ACTIVE\"}]}}";
	cr_assert_eq(snapshot_import_demo(s, bad, strlen(bad), err, sizeof err), -1);
	cr_assert(strstr(err, "must map each service-principals key to a list"), "%s", err);
	snapshot_close(s);
}
