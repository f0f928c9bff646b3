/* test_snapshot.c - snapshot save/open round trip, demo import, and refusing other files. */
#include "core/buf.h"
#include "ws/snapshot.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

/* --- a saved snapshot is outside input ------------------------------------------------------ */

static const char pwaf_schema[] =
	"CREATE TABLE objects(endpoint TEXT NOT NULL, id TEXT, json TEXT NOT NULL, fetched_at TEXT NOT NULL,"
	" status INTEGER NOT NULL);"
	"CREATE INDEX objects_endpoint ON objects(endpoint);"
	"CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER,"
	" fetched_at TEXT);"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);";
static const char pwaf_rows[] =
	"INSERT INTO meta VALUES('format','pwaf-snapshot'),('schema','1'),('host','https://h.example.com');"
	"INSERT INTO fetches VALUES('tokens','/p',200,NULL,1,'t');";

/* A file built by hand: schema, then rows; returns its path (static). */
static const char *hostile(const char *name, const char *schema, const char *rows)
{
	static char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *e = NULL;
	/* One transaction, no syncs: building a test file need not wait for the disk. */
	sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; BEGIN", NULL, NULL, NULL);
	cr_assert_eq(sqlite3_exec(db, schema, NULL, NULL, &e), SQLITE_OK, "%s", e);
	cr_assert_eq(sqlite3_exec(db, rows, NULL, NULL, &e), SQLITE_OK, "%s", e);
	cr_assert_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, &e), SQLITE_OK, "%s", e);
	sqlite3_close(db);
	return path;
}

static double ms_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Refused quickly, with a message saying why. */
static void refused(const char *path, const char *why)
{
	double t0 = ms_now();
	struct snapshot *t = snapshot_open(path, err, sizeof err);
	double took = ms_now() - t0;
	if (t) snapshot_close(t);
	cr_assert_null(t, "%s was opened", path);
	cr_assert(strstr(err, why), "wanted '%s' in: %s", why, err);
	cr_assert(took < 1000, "%s took %.0f ms", path, took);
}

/* The hostile files open and reload must both refuse, built by name (hostile()'s path):
 * trigger.db  a trigger that would write 400 MB if it ran (it comes after the rows: building the
 *             file must not run it),
 * gen.db      objects.json computed, 400 MB a row (the 24 KB file),
 * view2.db    a view pwaf never writes,
 * huge.db     a value over 16 MB. */
static const char *hostile_named(const char *name)
{
	char schema[2000], rows[2000];
	if (strcmp(name, "trigger.db") == 0) {
		snprintf(rows, sizeof rows, "%s CREATE TRIGGER t AFTER INSERT ON fetches BEGIN"
			 " INSERT INTO meta VALUES(printf('%%.*c', 400000000, 'x'), 1); END;", pwaf_rows);
		return hostile(name, pwaf_schema, rows);
	}
	if (strcmp(name, "gen.db") == 0) {
		snprintf(rows, sizeof rows, "%s INSERT INTO objects(endpoint, fetched_at, status) VALUES('tokens','t',200),"
			 "('tokens','t',200),('tokens','t',200);", pwaf_rows);
		return hostile(name,
			       "CREATE TABLE objects(endpoint TEXT NOT NULL, id TEXT, fetched_at TEXT NOT NULL, status INTEGER NOT NULL,"
			       " json TEXT GENERATED ALWAYS AS (printf('%.*c', 400000000, 'x')) VIRTUAL);"
			       "CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER,"
			       " fetched_at TEXT);"
			       "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);", rows);
	}
	if (strcmp(name, "view2.db") == 0) {
		snprintf(schema, sizeof schema, "%s CREATE VIEW v AS SELECT 1;", pwaf_schema);
		return hostile(name, schema, pwaf_rows);
	}
	cr_assert_str_eq(name, "huge.db");
	snprintf(rows, sizeof rows, "%s INSERT INTO objects VALUES('tokens','1',"
		 "'{\"a\":\"' || printf('%%.*c', 20000000, 'x') || '\"}','t',200);", pwaf_rows);
	return hostile(name, pwaf_schema, rows);
}

Test(snapshot, a_file_with_pwafs_schema_opens)
{
	char rows[600];
	snprintf(rows, sizeof rows, "%s INSERT INTO objects VALUES('tokens','1','{\"a\":1}','t',200);", pwaf_rows);
	struct snapshot *t = snapshot_open(hostile("ok.db", pwaf_schema, rows), err, sizeof err);
	cr_assert_not_null(t, "%s", err);
	cr_assert_eq(count(t, "SELECT count(*) FROM objects WHERE json ->> '$.a' = 1"), 1);
	snapshot_close(t);
}

/* The file: a 24 KB snapshot whose objects.json is computed, 400 MB a row. */
Test(snapshot, open_refuses_a_generated_column)
{
	refused(hostile_named("gen.db"), "column objects.json is computed");
	char rows[2000];
	snprintf(rows, sizeof rows, "%s INSERT INTO objects(endpoint, fetched_at, status) VALUES('tokens','t',200);",
		 pwaf_rows);
	refused(hostile("stored.db",
			"CREATE TABLE objects(endpoint TEXT NOT NULL, id TEXT, fetched_at TEXT NOT NULL, status INTEGER NOT NULL,"
			" json TEXT GENERATED ALWAYS AS ('{}') STORED);"
			"CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER,"
			" fetched_at TEXT);"
			"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);", rows),
		"is computed");
}

Test(snapshot, open_refuses_triggers_views_and_extra_objects)
{
	char schema[2000];
	refused(hostile_named("trigger.db"), "trigger 't'");
	/* A view in the place of objects. */
	refused(hostile("view.db",
			"CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER,"
			" fetched_at TEXT);"
			"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
			"CREATE VIEW objects AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
			" SELECT 'tokens' AS endpoint, x AS id, printf('%.*c', 400000000, 'x') AS json, 't' AS fetched_at,"
			" 200 AS status FROM c;", pwaf_rows),
		"view 'objects'");
	refused(hostile_named("view2.db"), "view 'v'");
	snprintf(schema, sizeof schema, "%s CREATE TABLE extra(x);", pwaf_schema);
	refused(hostile("table.db", schema, pwaf_rows), "table 'extra'");
	snprintf(schema, sizeof schema, "%s CREATE INDEX objects_json ON objects(length(json));", pwaf_schema);
	refused(hostile("index.db", schema, pwaf_rows), "index 'objects_json'");
	refused(hostile("vtab.db",
			"CREATE VIRTUAL TABLE objects USING fts5(endpoint, id, json, fetched_at, status);"
			"CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER,"
			" fetched_at TEXT);"
			"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);", pwaf_rows),
		"not a pwaf snapshot");
	refused(hostile("col.db",
			"CREATE TABLE objects(endpoint TEXT NOT NULL, id TEXT, json TEXT NOT NULL, fetched_at TEXT NOT NULL,"
			" status INTEGER NOT NULL, extra TEXT);"
			"CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER,"
			" fetched_at TEXT);"
			"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);", pwaf_rows),
		"column 'extra'");
	refused(hostile("missing.db",
			"CREATE TABLE objects(endpoint TEXT NOT NULL, id TEXT, fetched_at TEXT NOT NULL, status INTEGER NOT NULL);"
			"CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER,"
			" fetched_at TEXT);"
			"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);", pwaf_rows),
		"no column json");
}

/* Names from the file reach the message sanitised. */
Test(snapshot, open_messages_sanitise_names_from_the_file)
{
	char schema[2000];
	snprintf(schema, sizeof schema, "%s CREATE TABLE \"x\x1b]0;owned\x07\"(a);", pwaf_schema);
	refused(hostile("esc.db", schema, pwaf_rows), "table 'x");
	cr_assert_null(strchr(err, '\x1b'), "%s", err);
	cr_assert_null(strchr(err, '\x07'), "%s", err);
}

Test(snapshot, open_refuses_a_value_over_16_mb)
{
	refused(hostile_named("huge.db"), "larger than 16 MB");
}

Test(snapshot, open_refuses_what_is_not_a_regular_file)
{
	char path[600];
	snprintf(path, sizeof path, "%s/fifo.db", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	refused(path, "not a regular file");   /* and does not wait for a writer */
	refused(dir, "not a regular file");
}

Test(snapshot, open_bytes_survives_any_bytes)
{
	struct snapshot *t = snapshot_open_bytes("", 0, "empty", err, sizeof err);
	cr_assert_null(t);
	cr_assert(strstr(err, "not a pwaf snapshot"), "%s", err);
	unsigned char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)(i * 7919u >> 3);
	memcpy(junk, "SQLite format 3", 16);
	cr_assert_null(snapshot_open_bytes(junk, sizeof junk, "junk", err, sizeof err));
	cr_assert(strstr(err, "junk: "), "%s", err);
}

Test(snapshot, a_saved_file_opens_from_bytes_too)
{
	struct snapshot *s = snapshot_new("live", "https://h.example.com", err, sizeof err);
	snapshot_finish(s, "tokens", "/p", 200, NULL, NULL, 0, "t");
	char path[600];
	snprintf(path, sizeof path, "%s/b.db", dir);
	cr_assert_eq(snapshot_save(s, path, err, sizeof err), 0, "%s", err);
	snapshot_close(s);
	FILE *f = fopen(path, "rb");
	static unsigned char data[1 << 16];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	struct snapshot *t = snapshot_open_bytes(data, n, "b.db", err, sizeof err);
	cr_assert_not_null(t, "%s", err);
	cr_assert_eq(count(t, "SELECT count(*) FROM fetches"), 1);
	snapshot_close(t);
}

/* --- what a snapshot keeps ------------------------------------------------------------------- */

Test(snapshot, saved_files_are_private_whatever_the_umask)
{
	struct snapshot *s = snapshot_new("live", NULL, err, sizeof err);
	char path[600];
	snprintf(path, sizeof path, "%s/p.db", dir);
	mode_t old = umask(0);
	int rc = snapshot_save(s, path, err, sizeof err);
	umask(old);
	snapshot_close(s);
	cr_assert_eq(rc, 0, "%s", err);
	struct stat sb;
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0600, "mode %o", (unsigned)(sb.st_mode & 0777));
}

/* databricks-sdk-go service/sharing/model.go (RecipientInfo.activation_url, RecipientTokenInfo),
 * service/serving/model.go (*_plaintext), service/compute/model.go (DockerBasicAuth.password),
 * service/oauth2/model.go (secret), service/settings/model.go (token_value). */
Test(snapshot, credentials_are_dropped_at_store_time)
{
	struct snapshot *s = snapshot_new("live", NULL, err, sizeof err);
	cJSON *rec = cJSON_Parse("[{\"name\":\"r1\",\"authentication_type\":\"TOKEN\",\"activated\":false,"
				 "\"activation_url\":\"https://x/delta_sharing/retrieve_config.html?SECRET1\","
				 "\"tokens\":[{\"id\":\"t1\",\"activation_url\":\"https://x/SECRET2\",\"expiration_time\":5}],"
				 "\"sharing_code\":\"SECRET3\"}]");
	cr_assert_eq(snapshot_add(s, "recipients", rec, 0, "name", NULL, "t", 200, NULL), 1);
	cJSON *ep = cJSON_Parse("[{\"name\":\"e1\",\"config\":{\"served_entities\":[{\"external_model\":{\"name\":\"gpt\","
				"\"openai_config\":{\"openai_api_key\":\"{{secrets/s/k}}\",\"openai_api_key_plaintext\":\"SECRET4\"},"
				"\"custom_provider_config\":{\"api_key_auth\":{\"key\":\"k\",\"value_plaintext\":\"SECRET5\"}}}}]}}]");
	cr_assert_eq(snapshot_add(s, "serving-endpoints", ep, 0, "name", NULL, "t", 200, NULL), 1);
	cJSON *cl = cJSON_Parse("[{\"cluster_id\":\"c\",\"docker_image\":{\"url\":\"u\",\"basic_auth\":{\"username\":\"me\","
				"\"password\":\"SECRET6\"}}}]");
	cr_assert_eq(snapshot_add(s, "clusters", cl, 0, "cluster_id", NULL, "t", 200, NULL), 1);
	cJSON *misc = cJSON_Parse("[{\"name\":\"a\",\"secret\":\"SECRET7\",\"token_value\":\"SECRET8\","
				  "\"resources\":[{\"name\":\"r\",\"secret\":{\"scope\":\"s\",\"key\":\"k\"}}]}]");
	cr_assert_eq(snapshot_add(s, "apps", misc, 0, "name", NULL, "t", 200, NULL), 1);
	/* service/sharing/model.go ProviderInfo.recipient_profile(_str), RetrieveTokenResponse.bearerToken;
	 * service/compute/model.go LogAnalyticsInfo.log_analytics_primary_key */
	cJSON *pr = cJSON_Parse("[{\"name\":\"p\",\"authentication_type\":\"TOKEN\",\"recipient_profile\":{\"endpoint\":\"e\","
				"\"bearer_token\":\"SECRET9\",\"share_credentials_version\":1},"
				"\"recipient_profile_str\":\"{\\\"bearerToken\\\":\\\"SECRET10\\\"}\",\"bearerToken\":\"SECRET11\"}]");
	cr_assert_not_null(pr);
	cr_assert_eq(snapshot_add(s, "providers", pr, 0, "name", NULL, "t", 200, NULL), 1);
	cJSON *az = cJSON_Parse("[{\"cluster_id\":\"az\",\"cluster_log_conf\":{},\"azure_attributes\":{\"log_analytics_info\":"
				"{\"log_analytics_workspace_id\":\"w\",\"log_analytics_primary_key\":\"SECRET12\"}}}]");
	cr_assert_not_null(az);
	cr_assert_eq(snapshot_add(s, "clusters", az, 0, "cluster_id", NULL, "t", 200, NULL), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE json ->> '$.azure_attributes.log_analytics_info"
			      ".log_analytics_workspace_id' = 'w'"), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE endpoint = 'providers' AND json ->> '$.authentication_type'"
			      " = 'TOKEN'"), 1);
	cJSON_Delete(pr);
	cJSON_Delete(az);
	cJSON_Delete(rec);
	cJSON_Delete(ep);
	cJSON_Delete(cl);
	cJSON_Delete(misc);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE json GLOB '*SECRET*'"), 0);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE json LIKE '%activation_url%'"), 0);
	/* What checks read stays. */
	cr_assert_eq(count(s, "SELECT json ->> '$.tokens[0].expiration_time' FROM objects WHERE endpoint = 'recipients'"), 5);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE endpoint = 'recipients' AND json ->> '$.authentication_type' = 'TOKEN'"), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE json LIKE '%{{secrets/s/k}}%'"), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE json ->> '$.resources[0].secret.scope' = 's'"), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE json ->> '$.docker_image.basic_auth.username' = 'me'"), 1);
	snapshot_close(s);
}

/* {"cluster_id": 1e300} was cast to long long: undefined behaviour. */
Test(snapshot, number_ids_out_of_range_are_kept_as_text)
{
	struct snapshot *s = snapshot_new("live", NULL, err, sizeof err);
	cJSON *a = cJSON_Parse("[{\"cluster_id\":1e300},{\"cluster_id\":-1e300},{\"cluster_id\":9.3e18},"
			       "{\"cluster_id\":123},{\"cluster_id\":1.5}]");
	cr_assert_eq(snapshot_add(s, "clusters", a, 0, "cluster_id", NULL, "t", 200, NULL), 5);
	cJSON_Delete(a);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE id = '1.0000000000000001e+300'"), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE id = '123'"), 1);
	cr_assert_eq(count(s, "SELECT count(*) FROM objects WHERE id = '1.5'"), 1);
	snapshot_close(s);
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

/* Schema 2 files hold the SQL probes' views (probes.c probe_schema_sql): exactly those open, and
 * the copy reads through its own views; a view of the same name with other SQL is refused. */
Test(snapshot, the_sql_probes_views_exactly_as_pwaf_writes_them)
{
	struct snapshot *s = snapshot_new("live", "https://h.example.com", err, sizeof err);
	cJSON *a = cJSON_Parse("[{\"user_agent\":\"pwaf/1\",\"requests\":3}]");
	cr_assert_eq(snapshot_add(s, "sys-audit-user-agents", a, 0, NULL, NULL, "t", 200, NULL), 1);
	cJSON_Delete(a);
	char path[600];
	snprintf(path, sizeof path, "%s/views.db", dir);
	cr_assert_eq(snapshot_save(s, path, err, sizeof err), 0, "%s", err);
	snapshot_close(s);
	struct snapshot *t = snapshot_open(path, err, sizeof err);
	cr_assert_not_null(t, "%s", err);
	cr_assert_eq(count(t, "SELECT requests FROM sys_audit_user_agents"), 3);
	cr_assert_eq(snapshot_set_meta(t, "customer_tag", "c"), 0, "identity meta goes into an opened file's copy");
	snapshot_close(t);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "DROP VIEW sys_audit_user_agents; CREATE VIEW sys_audit_user_agents AS"
				      " SELECT printf('%.*c', 400000000, 'x') AS user_agent", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	refused(path, "view 'sys_audit_user_agents'");
}

/* --- kept statements and reloading --------------------------------------------------------- */

/* Every row of a snapshot as one text, in a fixed order (meta's generated_at left out). */
static char *dump(struct snapshot *t)
{
	static const char *const q[] = {
		"SELECT group_concat(quote(endpoint) || quote(id) || quote(json) || quote(fetched_at) || quote(status), '|')"
		" FROM (SELECT * FROM objects ORDER BY rowid)",
		"SELECT group_concat(quote(endpoint) || quote(path) || quote(status) || quote(error) || quote(count) ||"
		" quote(fetched_at) || quote(error_code), '|') FROM (SELECT * FROM fetches ORDER BY endpoint)",
		"SELECT group_concat(key || '=' || value, '|') FROM (SELECT * FROM meta WHERE key <> 'generated_at' ORDER BY key)",
	};
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
		sqlite3_stmt *st;
		cr_assert_eq(sqlite3_prepare_v2(snapshot_db(t), q[i], -1, &st, NULL), SQLITE_OK);
		cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
		const char *v = (const char *)sqlite3_column_text(st, 0);
		buf_addf(&b, "%s\n", v ? v : "");
		sqlite3_finalize(st);
	}
	return buf_take(&b);
}

/* The writes of one probe run: with an error code, then without; an id from the parent, then none. */
static void write_run(struct snapshot *t)
{
	cJSON *a = cJSON_Parse("[{\"id\":\"w1\",\"name\":\"x\"},{\"name\":\"no id\"}]");
	cJSON *g = cJSON_Parse("[{\"principal\":\"u\"}]");
	cr_assert_eq(snapshot_begin(t, "warehouses"), 0);
	cr_assert_eq(snapshot_begin(t, "catalog-grants"), 0);
	cr_assert_eq(snapshot_add(t, "catalog-grants", g, 0, NULL, "main", "t1", 200, NULL), 1);
	cr_assert_eq(snapshot_add(t, "warehouses", a, 0, "id", NULL, "t1", 200, NULL), 2);
	cr_assert_eq(snapshot_finish(t, "tokens", "/t", 403, "403 PERMISSION_DENIED: no", "PERMISSION_DENIED", 0, "t1"), 0);
	cr_assert_eq(snapshot_finish(t, "warehouses", "/w", 200, NULL, NULL, 2, "t1"), 0);
	cr_assert_eq(snapshot_set_meta(t, "query_tag", "q"), 0);
	cJSON_Delete(a);
	cJSON_Delete(g);
}

/* The writers keep their statements: what one handle writes again and again is what a fresh one
 * writes, and nothing of one call's parameters leaks into the next (an error code, a parent id). */
Test(snapshot, kept_statements_write_what_fresh_ones_do)
{
	struct snapshot *a = snapshot_new("live", "https://h.example.com", err, sizeof err);
	struct snapshot *b = snapshot_new("live", "https://h.example.com", err, sizeof err);
	for (int i = 0; i < 3; i++) write_run(a);   /* begin replaces; finish and set_meta replace */
	cr_assert_eq(count(a, "SELECT count(*) FROM objects WHERE endpoint = 'warehouses'"), 2);
	cr_assert_eq(count(a, "SELECT count(*) FROM fetches WHERE endpoint = 'warehouses' AND error_code IS NULL"), 1);
	cr_assert_eq(count(a, "SELECT count(*) FROM objects WHERE endpoint = 'warehouses' AND id IS NULL"), 1);
	write_run(b);
	char pa[600], pb[600];
	snprintf(pa, sizeof pa, "%s/a.db", dir);
	snprintf(pb, sizeof pb, "%s/b.db", dir);
	cr_assert_eq(snapshot_save(a, pa, err, sizeof err), 0, "%s", err);
	cr_assert_eq(snapshot_save(b, pb, err, sizeof err), 0, "%s", err);
	snapshot_close(a);
	snapshot_close(b);
	a = snapshot_open(pa, err, sizeof err);
	cr_assert_not_null(a, "%s", err);
	b = snapshot_open(pb, err, sizeof err);
	cr_assert_not_null(b, "%s", err);
	char *da = dump(a), *db = dump(b);
	cr_assert_str_eq(da, db);
	free(da);
	free(db);
	snapshot_close(a);
	snapshot_close(b);
}

Test(snapshot, prepare_keeps_a_statement_per_sql)
{
	struct snapshot *t = snapshot_new("live", NULL, err, sizeof err);
	sqlite3_stmt *x, *y;
	const char *tail;
	static const char sql[] = "SELECT count(*) FROM objects;  SELECT 2";
	cr_assert_eq(snapshot_prepare(t, sql, &x, &tail), SQLITE_OK);
	cr_assert_str_eq(tail, "  SELECT 2");
	cr_assert_eq(sqlite3_step(x), SQLITE_ROW);
	/* the same text: the same statement, reset; the tail points into the caller's text */
	char copy[sizeof sql];
	memcpy(copy, sql, sizeof sql);
	cr_assert_eq(snapshot_prepare(t, copy, &y, &tail), SQLITE_OK);
	cr_assert_eq(x, y);
	cr_assert_eq(tail, copy + 29);
	cr_assert_eq(sqlite3_stmt_busy(y), 0, "handed out reset");
	cr_assert_neq(snapshot_prepare(t, "SELECT nosuch FROM objects", &y, NULL), SQLITE_OK);
	cr_assert_null(y);
	cr_assert(strstr(sqlite3_errmsg(snapshot_db(t)), "no such column"));
	/* more texts than it keeps: the oldest slots are reused, every statement still right */
	for (int i = 0; i < SNAPSHOT_STMT_CACHE + 20; i++) {
		char q[64];
		snprintf(q, sizeof q, "SELECT %d", i);
		cr_assert_eq(snapshot_prepare(t, q, &y, NULL), SQLITE_OK);
		cr_assert_eq(sqlite3_step(y), SQLITE_ROW);
		cr_assert_eq(sqlite3_column_int(y, 0), i);
		sqlite3_reset(y);
	}
	snapshot_close(t);
}

/* The bytes of a file (malloc'd). */
static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *d = malloc((size_t)len + 1);
	*n = fread(d, 1, (size_t)len, f);
	fclose(f);
	return d;
}

Test(snapshot, reload_replaces_everything_a_snapshot_held)
{
	struct snapshot *a = snapshot_new("live", "https://a.example.com", err, sizeof err);
	write_run(a);
	struct snapshot *b = snapshot_new("live", "https://b.example.com", err, sizeof err);
	snapshot_finish(b, "clusters", "/c", 200, NULL, NULL, 0, "t2");
	char pa[600], pb[600];
	snprintf(pa, sizeof pa, "%s/a.db", dir);
	snprintf(pb, sizeof pb, "%s/b.db", dir);
	cr_assert_eq(snapshot_save(a, pa, err, sizeof err), 0, "%s", err);
	cr_assert_eq(snapshot_save(b, pb, err, sizeof err), 0, "%s", err);
	snapshot_close(a);
	snapshot_close(b);
	size_t na, nb;
	unsigned char *da = slurp(pa, &na), *db = slurp(pb, &nb);

	struct snapshot *t = snapshot_new("live", NULL, err, sizeof err);
	cr_assert_eq(snapshot_reload_bytes(t, da, na, "a.db", err, sizeof err), 0, "%s", err);
	struct snapshot *ref = snapshot_open(pa, err, sizeof err);
	char *x = dump(t), *y = dump(ref);
	cr_assert_str_eq(x, y, "a reload reads what an open reads");
	free(x);
	free(y);
	snapshot_close(ref);
	cr_assert_str_eq(snapshot_source(t), "file");
	cr_assert_eq(snapshot_begin(t, "warehouses"), -1, "a reloaded snapshot is read-only");

	cr_assert_eq(snapshot_reload_bytes(t, db, nb, "b.db", err, sizeof err), 0, "%s", err);
	cr_assert_eq(count(t, "SELECT count(*) FROM objects"), 0, "nothing of a.db is left");
	cr_assert_eq(count(t, "SELECT count(*) FROM fetches"), 1);
	char h[100];
	cr_assert_str_eq(snapshot_meta(t, "host", h, sizeof h), "https://b.example.com");
	cr_assert_null(snapshot_meta(t, "query_tag", h, sizeof h));
	snapshot_close(t);
	free(da);
	free(db);
}

/* Hostile files are refused by a reload with open's own message, and the snapshot keeps what it
 * held. */
Test(snapshot, reload_refuses_a_hostile_file_as_open_does)
{
	const char *files[6];
	files[0] = xstrdup(hostile_named("trigger.db"));
	files[1] = xstrdup(hostile_named("gen.db"));
	files[2] = xstrdup(hostile_named("view2.db"));
	files[3] = xstrdup(hostile_named("huge.db"));
	files[4] = xstrdup(hostile("notours.db", pwaf_schema,
				   "INSERT INTO meta VALUES('format','other'),('schema','1');"));
	/* a row pwaf would not write: NULL json, after the meta rows were copied */
	files[5] = xstrdup(hostile("nulljson.db",
				   "CREATE TABLE objects(endpoint TEXT NOT NULL, id TEXT, json TEXT, fetched_at TEXT NOT NULL,"
				   " status INTEGER NOT NULL);"
				   "CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER,"
				   " fetched_at TEXT);"
				   "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);",
				   "INSERT INTO meta VALUES('format','pwaf-snapshot'),('schema','2'),('host','https://evil');"
				   "INSERT INTO objects VALUES('tokens','1',NULL,'t',200);"));
	char good[600];
	snprintf(good, sizeof good, "%s", hostile("good.db", pwaf_schema, pwaf_rows));
	size_t ng;
	unsigned char *g = slurp(good, &ng);
	struct snapshot *t = snapshot_new("live", NULL, err, sizeof err);
	cr_assert_eq(snapshot_reload_bytes(t, g, ng, good, err, sizeof err), 0, "%s", err);
	char *before = dump(t);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char open_err[512];
		struct snapshot *o = snapshot_open(files[i], open_err, sizeof open_err);
		cr_assert_null(o, "%s was opened", files[i]);
		size_t n;
		unsigned char *d = slurp(files[i], &n);
		err[0] = '\0';
		cr_assert_eq(snapshot_reload_bytes(t, d, n, files[i], err, sizeof err), -1, "%s was reloaded", files[i]);
		cr_assert_str_eq(err, open_err);
		char *after = dump(t);
		cr_assert_str_eq(after, before, "%s: the snapshot keeps what it held", files[i]);
		free(after);
		free(d);
		free((char *)files[i]);
	}
	cr_assert_str_eq(snapshot_source(t), "file");
	free(before);
	free(g);
	snapshot_close(t);
}

/* A reload reads each file as a fresh open does, whatever it read before: SQLite fixes a
 * connection's text encoding to the first database it reads, and the reloads share one
 * connection, so UTF-16 files in turn with UTF-8 ones must each still open (they were refused with
 * "attached databases must use the same text encoding as main database"). */
Test(snapshot, reload_reads_utf16_files_between_utf8_ones)
{
	char rows[600];
	snprintf(rows, sizeof rows, "%s INSERT INTO objects VALUES('tokens','1','{\"a\":\"\xc3\xa9\"}','t',200);", pwaf_rows);
	const char *encodings[] = { "UTF-8", "UTF-16le", "UTF-8", "UTF-16be", "UTF-16le", "UTF-8" };
	struct snapshot *t = snapshot_new("live", NULL, err, sizeof err);
	for (size_t i = 0; i < sizeof encodings / sizeof *encodings; i++) {
		char name[64], schema[1200];
		snprintf(name, sizeof name, "enc%zu.db", i);
		snprintf(schema, sizeof schema, "PRAGMA encoding = '%s'; %s", encodings[i], pwaf_schema);
		char *path = xstrdup(hostile(name, schema, rows));
		size_t n;
		unsigned char *d = slurp(path, &n);
		cr_assert_eq(snapshot_reload_bytes(t, d, n, name, err, sizeof err), 0, "%s (%s): %s", name, encodings[i], err);
		struct snapshot *ref = snapshot_open(path, err, sizeof err);
		cr_assert_not_null(ref, "%s", err);
		char *x = dump(t), *y = dump(ref);
		cr_assert_str_eq(x, y, "%s: a reload reads what an open reads", encodings[i]);
		cr_assert(strstr(x, "\xc3\xa9"), "%s: the text comes back as UTF-8: %s", encodings[i], x);
		free(x);
		free(y);
		snapshot_close(ref);
		free(d);
		free(path);
	}
	snapshot_close(t);
}

/* Damaged headers after a good file: a reload refuses each with the very message a fresh open
 * gives. The 57-byte file (found by fuzz_snapshot) ends inside the header's text-encoding field,
 * which SQLite reads as zero-padded: 0x74050000, not UTF-8. */
Test(snapshot, reload_refuses_damaged_headers_as_a_fresh_open_does)
{
	static const unsigned char short57[] = {
		'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', 0,
		0x02, 0x00, 0x01, 0x01, 0x00, 0x40, 0x20, 0x20, 0, 0, 0, 5, 0, 0, 0, 9,
		0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01, 0x00, 0x40, 0x20, 0x20, 0, 0,
		0, 5, 0, 0, 0, 2, 0, 0x73, 0x74, 0x05 };
	unsigned char utf16junk[600], junk4[600];
	memset(utf16junk, 0, sizeof utf16junk);
	memcpy(utf16junk, short57, 16);
	utf16junk[16] = 0x02;   /* page size 512 */
	utf16junk[59] = 2;      /* UTF-16le, then nothing a database needs */
	memcpy(junk4, utf16junk, sizeof junk4);
	junk4[59] = 4;          /* an encoding SQLite reads as 0 (& 3): UTF-8 */
	const struct { const unsigned char *d; size_t n; } files[] = {
		{ short57, sizeof short57 }, { utf16junk, sizeof utf16junk }, { junk4, sizeof junk4 },
		{ short57, 16 }, { short57, 0 },
	};
	char good[600];
	snprintf(good, sizeof good, "%s", hostile("good.db", pwaf_schema, pwaf_rows));
	size_t ng;
	unsigned char *g = slurp(good, &ng);
	struct snapshot *t = snapshot_new("live", NULL, err, sizeof err);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		cr_assert_eq(snapshot_reload_bytes(t, g, ng, "good.db", err, sizeof err), 0, "%s", err);
		char open_err[512] = "";
		struct snapshot *o = snapshot_open_bytes(files[i].d, files[i].n, "bad.db", open_err, sizeof open_err);
		err[0] = '\0';
		int rc = snapshot_reload_bytes(t, files[i].d, files[i].n, "bad.db", err, sizeof err);
		cr_assert_eq(rc == 0, o != NULL, "file %zu: reload %d, open %s", i, rc, o ? "opened" : open_err);
		if (!o) cr_assert_str_eq(err, open_err, "file %zu", i);
		snapshot_close(o);
	}
	snapshot_close(t);
	free(g);
}

/* A damaged file is refused even where reading it would not notice: SQLite checks a page's
 * structure only as far as a read needs, so a leaf page whose free-space count lies was read and
 * copied (and which read notices which damage varied from one try to the next). Every open and
 * reload now refuses it the same way, naming the page. */
Test(snapshot, a_damaged_file_is_refused_every_time)
{
	struct snapshot *a = snapshot_new("live", "https://a.example.com", err, sizeof err);
	write_run(a);
	char pa[600];
	snprintf(pa, sizeof pa, "%s/a.db", dir);
	cr_assert_eq(snapshot_save(a, pa, err, sizeof err), 0, "%s", err);
	snapshot_close(a);
	size_t n;
	unsigned char *d = slurp(pa, &n);
	size_t page = (size_t)d[16] << 8 | d[17];
	if (page == 1) page = 65536;
	int damaged = 0;
	for (size_t off = page; off + page <= n && !damaged; off += page)
		if (d[off] == 13 && (d[off + 3] << 8 | d[off + 4]) > 0) {   /* a table leaf with cells */
			d[off + 7] = 57;   /* fragmented free bytes: none, says the page itself */
			damaged = 1;
		}
	cr_assert(damaged, "the saved file has a table leaf page");
	struct snapshot *t = snapshot_new("live", NULL, err, sizeof err);
	for (int i = 0; i < 3; i++) {
		char open_err[512] = "";
		struct snapshot *o = snapshot_open_bytes(d, n, "a.db", open_err, sizeof open_err);
		cr_assert_null(o, "try %d: a damaged file was opened", i);
		cr_assert(strstr(open_err, "a.db: not a pwaf snapshot: a damaged SQLite database (") &&
			  strstr(open_err, "reported as 57 on page"), "%s", open_err);
		cr_assert_eq(snapshot_reload_bytes(t, d, n, "a.db", err, sizeof err), -1, "try %d: reloaded", i);
		cr_assert_str_eq(err, open_err);
	}
	snapshot_close(t);
	free(d);
}
