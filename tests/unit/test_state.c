/* test_state.c - the state database keeps the user's work: migrations, history, undo, concurrency. */
#include "core/state.h"

#include "core/buf.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *dir;

static void setup(void)
{
	dir = tu_tmpdir();
}

static void teardown(void)
{
	tu_rmrf(dir);
	free(dir);
}

TestSuite(state, .init = setup, .fini = teardown);

static char *path_in(const char *name)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/%s", dir, name);
	return buf_take(&b);
}

static struct state_db *open_ok(const char *path)
{
	struct state_db *s = NULL;
	char err[1024];
	int rc = state_open(path, STATE_OPEN_CREATE, &s, err, sizeof err);
	cr_assert_eq(rc, STATE_OK, "state_open: %s", err);
	return s;
}

/* Run SQL on a file with plain SQLite (to build old or foreign files). */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg ? msg : "");
	sqlite3_close(db);
}

static int query_int(struct state_db *s, const char *sql)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(state_sqlite(s), sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot read %s", path);
	struct buf b = BUF_INIT;
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, n);
	fclose(f);
	*len = b.len;
	return buf_take(&b);
}

static int exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static void set(struct state_db *s, const char *item, enum item_state_value v, const char *reason, const char *note)
{
	struct state_change ch = { v, reason, note, "test" };
	int rc = state_item_set(s, "a", item, &ch, NULL);
	cr_assert(rc == STATE_OK || rc == STATE_NONE, "set %s: %s", item, state_errmsg(s));
}

static enum item_state_value get(struct state_db *s, const char *item)
{
	struct item_state it;
	cr_assert_eq(state_item_get(s, "a", item, &it), STATE_OK);
	enum item_state_value v = it.state;
	item_state_free(&it);
	return v;
}

static struct state_db *with_assessment(void)
{
	char *p = path_in("state.db");
	struct state_db *s = open_ok(p);
	free(p);
	cr_assert_eq(state_assessment_ensure(s, "a", "built-on", "a test", NULL, NULL), STATE_OK);
	return s;
}

Test(state, new_file_is_wal_at_the_current_schema_version)
{
	char *p = path_in("new.db");
	struct state_db *s = open_ok(p);
	cr_assert_eq(query_int(s, "PRAGMA user_version"), STATE_SCHEMA_VERSION);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(state_sqlite(s), "PRAGMA journal_mode", -1, &st, NULL);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	state_close(s);
	free(p);
}

static unsigned mode_of(const char *path)
{
	struct stat sb;
	cr_assert_eq(stat(path, &sb), 0, "%s is missing", path);
	return (unsigned)(sb.st_mode & 0777);
}

/* Notes and states are the user's own: the file and its -wal and -shm are 0600 whatever the umask. */
Test(state, new_file_and_its_wal_are_private_whatever_the_umask)
{
	char *p = path_in("private.db");
	mode_t old = umask(0);
	struct state_db *s = open_ok(p);
	cr_assert_eq(state_assessment_ensure(s, "a", "built-on", NULL, NULL, NULL), STATE_OK);
	umask(old);
	struct buf w = BUF_INIT, m = BUF_INIT;
	buf_addf(&w, "%s-wal", p);
	buf_addf(&m, "%s-shm", p);
	cr_assert_eq(mode_of(p), 0600, "mode %o", mode_of(p));
	cr_assert_eq(mode_of(buf_str(&w)), 0600, "-wal mode %o", mode_of(buf_str(&w)));
	cr_assert_eq(mode_of(buf_str(&m)), 0600, "-shm mode %o", mode_of(buf_str(&m)));
	state_close(s);
	buf_free(&w);
	buf_free(&m);
	free(p);
}

Test(state, default_path_follows_xdg_and_creates_private_directories)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/xdg/data", dir);
	setenv("XDG_DATA_HOME", buf_str(&b), 1);
	struct state_db *s = open_ok(NULL);
	buf_adds(&b, "/pwaf/state.db");
	cr_assert_str_eq(state_path(s), buf_str(&b));
	cr_assert(exists(buf_str(&b)));
	state_close(s);
	struct stat sb;
	buf_reset(&b);
	buf_addf(&b, "%s/xdg/data/pwaf", dir);
	cr_assert_eq(stat(buf_str(&b), &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0700, "mode %o", sb.st_mode & 0777);
	buf_free(&b);
	/* Without CREATE a missing default file is reported as missing, not created. */
	buf_addf(&b, "%s/elsewhere", dir);
	setenv("XDG_DATA_HOME", buf_str(&b), 1);
	char err[256];
	cr_assert_eq(state_open(NULL, 0, &s, err, sizeof err), STATE_NONE);
	cr_assert_null(s);
	cr_assert(!exists(buf_str(&b)));
	buf_free(&b);
}

Test(state, version_0_file_is_migrated_and_usable)
{
	char *p = path_in("v0.db");
	raw_exec(p, "CREATE TABLE t(x); DROP TABLE t; PRAGMA user_version = 0;");
	struct state_db *s = open_ok(p);
	cr_assert_eq(query_int(s, "PRAGMA user_version"), STATE_SCHEMA_VERSION);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM sqlite_master WHERE name IN "
			       "('assessments','item_states','history','milestones','milestone_items','milestone_live')"), 6);
	cr_assert_eq(state_assessment_ensure(s, "a", NULL, NULL, NULL, NULL), STATE_OK);
	set(s, "X-1", ITEM_DONE, NULL, NULL);
	state_close(s);
	s = open_ok(p);   /* reopening a current file migrates nothing and keeps the data */
	cr_assert_eq(get(s, "X-1"), ITEM_DONE);
	state_close(s);
	free(p);
}

Test(state, newer_schema_version_is_refused_and_left_alone)
{
	char *p = path_in("future.db");
	raw_exec(p, "CREATE TABLE assessments(id); PRAGMA user_version = 7;");
	size_t n1, n2;
	char *before = slurp(p, &n1);
	struct state_db *s;
	char err[1024];
	cr_assert_eq(state_open(p, STATE_OPEN_CREATE, &s, err, sizeof err), STATE_ERROR);
	cr_assert(strstr(err, p) && strstr(err, "version 7 is newer"), "%s", err);
	char *after = slurp(p, &n2);
	cr_assert(n1 == n2 && memcmp(before, after, n1) == 0, "the file changed");
	free(before);
	free(after);
	free(p);
}

Test(state, foreign_database_is_refused_and_left_alone)
{
	char *p = path_in("other.db");
	raw_exec(p, "CREATE TABLE docs(id TEXT); INSERT INTO docs VALUES ('x');");
	size_t n1, n2;
	char *before = slurp(p, &n1);
	struct state_db *s;
	char err[1024];
	cr_assert_eq(state_open(p, STATE_OPEN_CREATE, &s, err, sizeof err), STATE_ERROR);
	cr_assert(strstr(err, "not a pwaf state database"), "%s", err);
	char *after = slurp(p, &n2);
	cr_assert(n1 == n2 && memcmp(before, after, n1) == 0, "the file changed");
	free(before);
	free(after);
	free(p);
}

Test(state, corrupt_file_is_an_error_and_stays_byte_identical)
{
	char *p = path_in("junk.db");
	FILE *f = fopen(p, "w");
	for (int i = 0; i < 200; i++) fputs("this is not a database ", f);
	fclose(f);
	size_t n1, n2;
	char *before = slurp(p, &n1);
	struct state_db *s;
	char err[1024];
	cr_assert_eq(state_open(p, STATE_OPEN_CREATE, &s, err, sizeof err), STATE_ERROR);
	cr_assert_null(s);
	cr_assert(strstr(err, p) && strstr(err, "not an SQLite database"), "%s", err);
	char *after = slurp(p, &n2);
	cr_assert(n1 == n2 && memcmp(before, after, n1) == 0, "the file changed");
	char *wal = path_in("junk.db-wal");
	cr_assert(!exists(wal), "a WAL file appeared beside the damaged database");
	free(wal);
	free(before);
	free(after);
	free(p);
}

Test(state, unwritable_path_names_the_file)
{
	struct state_db *s;
	char err[1024];
	cr_assert_eq(state_open("/nonexistent-dir/x/state.db", STATE_OPEN_CREATE, &s, err, sizeof err), STATE_ERROR);
	cr_assert(strstr(err, "/nonexistent-dir/x/state.db"), "%s", err);
	cr_assert_eq(state_open(dir, STATE_OPEN_CREATE, &s, err, sizeof err), STATE_ERROR);
	cr_assert(strstr(err, "not a regular file"), "%s", err);
}

Test(state, locked_database_times_out_with_a_clear_error)
{
	struct state_db *s = with_assessment();
	sqlite3 *other;
	cr_assert_eq(sqlite3_open(state_path(s), &other), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	state_set_busy_timeout(s, 200);
	struct state_change ch = { ITEM_DONE, NULL, NULL, "test" };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, NULL), STATE_ERROR);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert(waited >= 0.15, "gave up after %.3f s, before the timeout", waited);
	cr_assert(strstr(state_errmsg(s), "locked") && strstr(state_errmsg(s), state_path(s)), "%s", state_errmsg(s));
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, NULL), STATE_OK, "%s", state_errmsg(s));
	state_close(s);
}

Test(state, assessments_are_created_once_and_listed)
{
	struct state_db *s = with_assessment();
	int created = 1;
	struct assessment a;
	cr_assert_eq(state_assessment_ensure(s, "a", "mcp", NULL, &a, &created), STATE_OK);
	cr_assert_eq(created, 0);
	cr_assert_str_eq(a.partner, "built-on", "an existing assessment keeps its partner type");
	cr_assert_str_eq(a.description, "a test");
	cr_assert(a.created_at > 0);
	assessment_free(&a);
	cr_assert_eq(state_assessment_ensure(s, "b", NULL, NULL, NULL, &created), STATE_OK);
	cr_assert_eq(created, 1);
	struct assessment_list l;
	cr_assert_eq(state_assessment_list(s, &l), STATE_OK);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq(l.v[1].name, "b");
	cr_assert_null(l.v[1].partner);
	assessment_list_free(&l);
	cr_assert_eq(state_assessment_get(s, "zzz", &a), STATE_NONE);
	state_close(s);
}

Test(state, na_requires_a_reason_and_blocked_does_not)
{
	struct state_db *s = with_assessment();
	struct state_change ch = { ITEM_NA, NULL, "n", "test" };
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, NULL), STATE_INVALID);
	cr_assert(strstr(state_errmsg(s), "reason"), "%s", state_errmsg(s));
	ch.reason = "";
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, NULL), STATE_INVALID);
	cr_assert_eq(get(s, "X-1"), ITEM_OPEN, "a refused change changes nothing");
	ch.state = ITEM_BLOCKED;
	ch.reason = NULL;
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, NULL), STATE_OK);
	ch.state = ITEM_NA;
	ch.reason = "not our product";
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, NULL), STATE_OK);
	/* A later note-only edit of an na item keeps its reason. */
	ch.reason = NULL;
	ch.note = "second note";
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, NULL), STATE_OK, "%s", state_errmsg(s));
	struct item_state it;
	state_item_get(s, "a", "X-1", &it);
	cr_assert_str_eq(it.reason, "not our product");
	cr_assert_str_eq(it.note, "second note");
	item_state_free(&it);
	/* Moving to done drops the reason. */
	set(s, "X-1", ITEM_DONE, NULL, NULL);
	state_item_get(s, "a", "X-1", &it);
	cr_assert_null(it.reason);
	cr_assert_str_eq(it.note, "second note", "a NULL note keeps the note");
	item_state_free(&it);
	state_close(s);
}

Test(state, set_returns_the_previous_state_and_ignores_no_ops)
{
	struct state_db *s = with_assessment();
	struct state_change ch = { ITEM_BLOCKED, "waiting on vendor", "ticket 12", "tui" };
	struct item_state prev;
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, &prev), STATE_OK);
	cr_assert_eq(prev.state, ITEM_OPEN);
	cr_assert_eq(prev.changed_at, 0);
	item_state_free(&prev);
	ch.state = ITEM_DONE;
	ch.reason = NULL;
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, &prev), STATE_OK);
	cr_assert_eq(prev.state, ITEM_BLOCKED);
	cr_assert_str_eq(prev.reason, "waiting on vendor");
	cr_assert_str_eq(prev.note, "ticket 12");
	item_state_free(&prev);
	cr_assert_eq(state_item_set(s, "a", "X-1", &ch, &prev), STATE_NONE);
	item_state_free(&prev);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM history"), 2, "a no-op writes no history");
	cr_assert_eq(state_item_set(s, "nope", "X-1", &ch, NULL), STATE_INVALID);
	state_close(s);
}

Test(state, history_is_ordered_and_append_only)
{
	struct state_db *s = with_assessment();
	set(s, "X-1", ITEM_DONE, NULL, "first");
	set(s, "X-2", ITEM_BLOCKED, "vendor", NULL);
	set(s, "X-1", ITEM_NA, "not used", NULL);
	struct history_list h;
	cr_assert_eq(state_history(s, "a", "X-1", &h), STATE_OK);
	cr_assert_eq(h.n, 2);
	cr_assert_eq(h.v[0].old_state, -1, "the first change of an item had no previous row");
	cr_assert_eq(h.v[0].new_state, ITEM_DONE);
	cr_assert_str_eq(h.v[0].new_note, "first");
	cr_assert_eq(h.v[1].old_state, ITEM_DONE);
	cr_assert_eq(h.v[1].new_state, ITEM_NA);
	cr_assert_str_eq(h.v[1].new_reason, "not used");
	cr_assert_str_eq(h.v[1].old_note, "first");
	cr_assert_str_eq(h.v[1].source, "test");
	cr_assert(h.v[0].id < h.v[1].id);
	history_list_free(&h);
	cr_assert_eq(state_history(s, "a", NULL, &h), STATE_OK);
	cr_assert_eq(h.n, 3);
	cr_assert_str_eq(h.v[1].item, "X-2");
	history_list_free(&h);
	sqlite3 *db = state_sqlite(s);
	cr_assert_neq(sqlite3_exec(db, "UPDATE history SET new_state = 'done'", NULL, NULL, NULL), SQLITE_OK);
	cr_assert(strstr(sqlite3_errmsg(db), "append-only"), "%s", sqlite3_errmsg(db));
	cr_assert_neq(sqlite3_exec(db, "DELETE FROM history", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM history"), 3);
	state_close(s);
}

Test(state, undo_walks_back_and_is_recorded)
{
	struct state_db *s = with_assessment();
	set(s, "X-1", ITEM_DONE, NULL, "n1");
	set(s, "X-1", ITEM_NA, "not used", NULL);
	set(s, "X-2", ITEM_BLOCKED, NULL, NULL);
	struct item_state r;
	cr_assert_eq(state_undo(s, "a", "tui", &r), STATE_OK);
	cr_assert_str_eq(r.item, "X-2");
	cr_assert_eq(r.state, ITEM_OPEN);
	item_state_free(&r);
	cr_assert_eq(get(s, "X-2"), ITEM_OPEN);
	cr_assert_eq(state_undo(s, "a", "tui", &r), STATE_OK);
	cr_assert_str_eq(r.item, "X-1");
	cr_assert_eq(r.state, ITEM_DONE);
	cr_assert_str_eq(r.note, "n1");
	cr_assert_null(r.reason);
	item_state_free(&r);
	cr_assert_eq(get(s, "X-1"), ITEM_DONE);
	cr_assert_eq(state_undo(s, "a", "tui", NULL), STATE_OK);
	cr_assert_eq(get(s, "X-1"), ITEM_OPEN);
	cr_assert_eq(state_undo(s, "a", "tui", NULL), STATE_NONE, "nothing left to undo");
	struct item_state_list l;
	state_items(s, "a", &l);
	cr_assert_eq(l.n, 0, "undoing first marks leaves no rows");
	item_state_list_free(&l);
	struct history_list h;
	cr_assert_eq(state_history(s, "a", NULL, &h), STATE_OK);
	cr_assert_eq(h.n, 6, "three changes and three undos");
	cr_assert_eq(h.v[3].undo_of, h.v[2].id);
	cr_assert_eq(h.v[4].undo_of, h.v[1].id);
	cr_assert_eq(h.v[5].undo_of, h.v[0].id);
	cr_assert_str_eq(h.v[5].source, "tui");
	history_list_free(&h);
	/* A new change after undos is undone next. */
	set(s, "X-3", ITEM_DONE, NULL, NULL);
	cr_assert_eq(state_undo(s, "a", "tui", &r), STATE_OK);
	cr_assert_str_eq(r.item, "X-3");
	item_state_free(&r);
	state_close(s);
}

Test(state, milestones_snapshot_and_survive_later_changes)
{
	struct state_db *s = with_assessment();
	set(s, "X-1", ITEM_DONE, NULL, "before");
	set(s, "X-2", ITEM_NA, "n/a here", NULL);
	struct milestone m;
	cr_assert_eq(state_milestone_create(s, "a", "review-1", &m), STATE_OK, "%s", state_errmsg(s));
	cr_assert_eq(m.items, 2);
	free(m.name);
	set(s, "X-1", ITEM_BLOCKED, NULL, "after");
	set(s, "X-3", ITEM_DONE, NULL, NULL);
	cr_assert_eq(state_milestone_create(s, "a", "review-1", NULL), STATE_INVALID, "names are unique");
	cr_assert_eq(state_milestone_create(s, "a", "review-2", NULL), STATE_OK);
	struct item_state_list l;
	cr_assert_eq(state_milestone_show(s, "a", "review-1", &l), STATE_OK);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq(l.v[0].item, "X-1");
	cr_assert_eq(l.v[0].state, ITEM_DONE);
	cr_assert_str_eq(l.v[0].note, "before");
	cr_assert_str_eq(l.v[1].reason, "n/a here");
	item_state_list_free(&l);
	struct milestone_list ml;
	cr_assert_eq(state_milestone_list(s, "a", &ml), STATE_OK);
	cr_assert_eq(ml.n, 2);
	cr_assert_str_eq(ml.v[0].name, "review-1");
	cr_assert_eq(ml.v[1].items, 3);
	milestone_list_free(&ml);
	cr_assert_eq(state_milestone_show(s, "a", "nope", &l), STATE_NONE);
	state_close(s);
}

Test(state, progress_counts_by_pillar)
{
	struct state_db *s = with_assessment();
	set(s, "A-1", ITEM_DONE, NULL, NULL);
	set(s, "A-2", ITEM_NA, "r", NULL);
	set(s, "B-1", ITEM_BLOCKED, NULL, NULL);
	set(s, "Z-9", ITEM_DONE, NULL, NULL);   /* not in the content: not counted */
	struct state_item_ref items[] = {
		{ "A-1", "technical-standards" }, { "A-2", "technical-standards" }, { "A-3", "technical-standards" },
		{ "B-1", "operations-lifecycle" }, { "B-2", "operations-lifecycle" },
	};
	struct state_progress p;
	cr_assert_eq(state_progress(s, "a", items, 5, &p), STATE_OK);
	cr_assert_eq(p.n, 2);
	cr_assert_str_eq(p.v[0].pillar, "technical-standards");
	cr_assert_eq(p.v[0].c.n[ITEM_DONE], 1);
	cr_assert_eq(p.v[0].c.n[ITEM_NA], 1);
	cr_assert_eq(p.v[0].c.n[ITEM_OPEN], 1);
	cr_assert_eq(state_percent_done(&p.v[0].c), 50, "na items do not count against progress");
	cr_assert_eq(p.v[1].c.n[ITEM_BLOCKED], 1);
	cr_assert_eq(p.overall.total, 5);
	cr_assert_eq(p.overall.n[ITEM_DONE], 1);
	state_progress_free(&p);
	state_close(s);
}

/* Twenty processes open a brand-new file at once; each marks its own item and a shared one. */
Test(state, twenty_processes_writing_at_once_all_persist, .timeout = 60)
{
	char *p = path_in("busy.db");
	enum { N = 20 };
	pid_t pids[N];
	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		cr_assert(pids[i] >= 0);
		if (pids[i] == 0) {
			struct state_db *s = NULL;
			char err[1024], item[16], note[32];
			int ok = state_open(p, STATE_OPEN_CREATE, &s, err, sizeof err) == STATE_OK &&
				 state_assessment_ensure(s, "a", NULL, NULL, NULL, NULL) == STATE_OK;
			snprintf(item, sizeof item, "IT-%02d", i);
			snprintf(note, sizeof note, "by process %d", i);
			struct state_change own = { ITEM_DONE, NULL, note, "test" };
			struct state_change shared = { ITEM_BLOCKED, NULL, note, "test" };
			ok = ok && state_item_set(s, "a", item, &own, NULL) == STATE_OK &&
			     state_item_set(s, "a", "SHARED", &shared, NULL) == STATE_OK;
			if (!ok) fprintf(stderr, "child %d: %s\n", i, s ? state_errmsg(s) : err);
			state_close(s);
			_exit(ok ? 0 : 1);
		}
	}
	int failed = 0;
	for (int i = 0; i < N; i++) {
		int st;
		waitpid(pids[i], &st, 0);
		failed += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	cr_assert_eq(failed, 0, "%d of %d writers failed", failed, N);
	struct state_db *s = open_ok(p);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM assessments"), 1);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM item_states WHERE item LIKE 'IT-%' AND state = 'done'"), N);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM history"), 2 * N, "every change has its history row");
	cr_assert_eq(query_int(s, "SELECT count(*) FROM history WHERE item = 'SHARED'"), N);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM history WHERE item = 'SHARED' AND old_state IS NULL"), 1,
		     "exactly one writer saw the shared item unmarked");
	/* The shared item's final note is the one of its last history row. */
	cr_assert_eq(query_int(s, "SELECT (SELECT note FROM item_states WHERE item = 'SHARED') = "
			       "(SELECT new_note FROM history WHERE item = 'SHARED' ORDER BY id DESC LIMIT 1)"), 1);
	cr_assert_eq(query_int(s, "PRAGMA user_version"), STATE_SCHEMA_VERSION);
	state_close(s);
	free(p);
}

/* A file as schema 1 left it (built here with migration 1's tables, as a pwaf of that version
 * wrote them): opening it migrates to schema 2, keeps every row and adds the live-status columns. */
Test(state, schema_1_file_is_migrated_to_2_keeping_its_data)
{
	char *p = path_in("v1.db");
	raw_exec(p,
		 "CREATE TABLE assessments (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, partner TEXT, description TEXT,"
		 "  created_at INTEGER NOT NULL);"
		 "CREATE TABLE item_states (assessment_id INTEGER NOT NULL REFERENCES assessments(id), item TEXT NOT NULL,"
		 "  state TEXT NOT NULL CHECK (state IN ('open','done','na','blocked')), reason TEXT, note TEXT,"
		 "  changed_at INTEGER NOT NULL, CHECK (state <> 'na' OR length(reason) > 0),"
		 "  PRIMARY KEY (assessment_id, item)) WITHOUT ROWID;"
		 "CREATE TABLE history (id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
		 "  item TEXT NOT NULL, old_state TEXT, new_state TEXT, old_reason TEXT, new_reason TEXT,"
		 "  old_note TEXT, new_note TEXT, at INTEGER NOT NULL, source TEXT NOT NULL, undo_of INTEGER REFERENCES history(id));"
		 "CREATE TABLE milestones (id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
		 "  name TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (assessment_id, name));"
		 "CREATE TABLE milestone_items (milestone_id INTEGER NOT NULL REFERENCES milestones(id), item TEXT NOT NULL,"
		 "  state TEXT NOT NULL, reason TEXT, note TEXT, changed_at INTEGER NOT NULL,"
		 "  PRIMARY KEY (milestone_id, item)) WITHOUT ROWID;"
		 "PRAGMA application_id = 1886871910;"
		 "INSERT INTO assessments VALUES (1, 'old', 'built-on', 'from schema 1', 1700000000);"
		 "INSERT INTO item_states VALUES (1, 'X-1', 'done', NULL, 'kept note', 1700000100),"
		 "  (1, 'X-2', 'na', 'no compute', NULL, 1700000200);"
		 "INSERT INTO history VALUES (1, 1, 'X-1', 'open', 'done', NULL, NULL, NULL, 'kept note', 1700000100, 'cli', NULL);"
		 "INSERT INTO milestones VALUES (1, 1, 'v1-review', 1700000300);"
		 "INSERT INTO milestone_items VALUES (1, 'X-1', 'done', NULL, 'kept note', 1700000100);"
		 "PRAGMA user_version = 1;");
	struct state_db *s = open_ok(p);
	cr_assert_eq(query_int(s, "PRAGMA user_version"), 2);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM pragma_table_info('milestones') WHERE name = 'live_source'"), 1,
		     "milestones gained live_source");
	cr_assert_eq(query_int(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'milestone_live'"), 1);
	cr_assert_eq(query_int(s, "SELECT count(*) FROM pragma_table_info('milestone_live') WHERE name IN "
			       "('milestone_id','item','status','evidence')"), 4);
	struct item_state it;
	cr_assert_eq(state_item_get(s, "old", "X-1", &it), STATE_OK);
	cr_assert_eq(it.state, ITEM_DONE);
	item_state_free(&it);
	struct assessment_list al;
	cr_assert_eq(state_assessment_list(s, &al), STATE_OK);
	cr_assert_eq(al.n, 1);
	cr_assert_str_eq(al.v[0].name, "old");
	cr_assert_str_eq(al.v[0].partner, "built-on");
	assessment_list_free(&al);
	struct item_state_list l;
	cr_assert_eq(state_items(s, "old", &l), STATE_OK);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq(l.v[0].note, "kept note");
	cr_assert_str_eq(l.v[1].reason, "no compute");
	item_state_list_free(&l);
	struct history_list h;
	cr_assert_eq(state_history(s, "old", "X-1", &h), STATE_OK);
	cr_assert_eq(h.n, 1, "the history is kept");
	history_list_free(&h);
	cr_assert_eq(state_milestone_show(s, "old", "v1-review", &l), STATE_OK);
	cr_assert_eq(l.n, 1);
	item_state_list_free(&l);
	/* An old milestone (no live statuses) compares with a new one that has them. */
	struct milestone_live live[] = { { "X-1", "fail", "3 clusters untagged" } };
	cr_assert_eq(state_milestone_create_live(s, "old", "v2-review", "demo workspace", live, 1, NULL), STATE_OK, "%s", state_errmsg(s));
	struct milestone_diff d;
	cr_assert_eq(state_milestone_diff(s, "old", "v1-review", "v2-review", &d), STATE_OK, "%s", state_errmsg(s));
	cr_assert_eq(d.n, 2, "X-1's live status appeared, X-2 became n/a (got %zu)", d.n);
	cr_assert_str_eq(d.v[0].item, "X-1");
	cr_assert_null(d.v[0].old_live);
	cr_assert_str_eq(d.v[0].new_live, "fail");
	milestone_diff_free(&d);
	state_close(s);
	free(p);
}

Test(state, milestone_diff_names_changed_states_and_live_statuses_only)
{
	struct state_db *s = with_assessment();
	set(s, "X-1", ITEM_DONE, NULL, NULL);
	set(s, "X-2", ITEM_BLOCKED, NULL, NULL);
	set(s, "X-5", ITEM_DONE, NULL, "unchanged");
	struct milestone_live before[] = {
		{ "X-1", "fail", "3 untagged" }, { "X-3", "warn", "1 classic" }, { "X-4", "pass", NULL }, { "X-5", "pass", "ok" },
	};
	cr_assert_eq(state_milestone_create_live(s, "a", "m1", "demo workspace", before, 4, NULL), STATE_OK, "%s", state_errmsg(s));
	set(s, "X-2", ITEM_NA, "out of scope", NULL);   /* state changed */
	set(s, "X-6", ITEM_DONE, NULL, NULL);            /* newly marked: open -> done */
	set(s, "X-5", ITEM_DONE, NULL, "a new note");    /* only the note: not a change */
	struct milestone_live after[] = {
		{ "X-1", "pass", "all tagged" },                 /* live changed */
		{ "X-3", "warn", "1 classic, other text" },      /* same status: not a change */
		{ "X-5", "pass", "ok" },                         /* X-4 no longer checked */
	};
	cr_assert_eq(state_milestone_create_live(s, "a", "m2", "demo workspace", after, 3, NULL), STATE_OK, "%s", state_errmsg(s));

	struct milestone_diff d;
	cr_assert_eq(state_milestone_diff(s, "a", "m1", "m2", &d), STATE_OK, "%s", state_errmsg(s));
	cr_assert_eq(d.n, 4, "X-1, X-2, X-4, X-6 (got %zu)", d.n);
	cr_assert_str_eq(d.v[0].item, "X-1");
	cr_assert_eq(d.v[0].old_state, ITEM_DONE);
	cr_assert_eq(d.v[0].new_state, ITEM_DONE);
	cr_assert_str_eq(d.v[0].old_live, "fail");
	cr_assert_str_eq(d.v[0].new_live, "pass");
	cr_assert_str_eq(d.v[0].new_evidence, "all tagged");
	cr_assert_str_eq(d.v[1].item, "X-2");
	cr_assert_eq(d.v[1].old_state, ITEM_BLOCKED);
	cr_assert_eq(d.v[1].new_state, ITEM_NA);
	cr_assert_null(d.v[1].old_live);
	cr_assert_null(d.v[1].new_live);
	cr_assert_str_eq(d.v[2].item, "X-4");
	cr_assert_str_eq(d.v[2].old_live, "pass");
	cr_assert_null(d.v[2].new_live, "no longer checked is NULL");
	cr_assert_str_eq(d.v[3].item, "X-6");
	cr_assert_eq(d.v[3].old_state, ITEM_OPEN, "never marked is open");
	cr_assert_eq(d.v[3].new_state, ITEM_DONE);
	milestone_diff_free(&d);

	cr_assert_eq(state_milestone_diff(s, "a", "m2", "m2", &d), STATE_OK);
	cr_assert_eq(d.n, 0, "a milestone does not differ from itself");
	milestone_diff_free(&d);
	cr_assert_eq(state_milestone_diff(s, "a", "m1", "nope", &d), STATE_NONE);
	cr_assert(strstr(state_errmsg(s), "nope"), "the message names the missing milestone: %s", state_errmsg(s));
	cr_assert_eq(d.n, 0);
	cr_assert_eq(state_milestone_diff(s, "other", "m1", "m2", &d), STATE_NONE, "milestones belong to their assessment");
	state_close(s);
}
