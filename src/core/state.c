/* state.c - the state database: assessments, item states, history, milestones, progress. */
#include "core/state.h"
#include "core/errlen.h"

#include "core/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STATE_APPLICATION_ID 0x70776166   /* "pwaf" */

struct state_db {
	sqlite3 *db;
	char *path;
	int busy_ms;
	char err[PWAF_ERRLEN];
};

static const char *const state_names[ITEM_STATE_COUNT] = { "open", "done", "na", "blocked" };

const char *state_value_name(enum item_state_value v)
{
	return (unsigned)v < ITEM_STATE_COUNT ? state_names[v] : "?";
}

int state_value_parse(const char *name)
{
	for (int i = 0; name && i < ITEM_STATE_COUNT; i++)
		if (strcmp(state_names[i], name) == 0) return i;
	return -1;
}

/* --- errors -------------------------------------------------------------------------------- */

static int fail(struct state_db *s, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct state_db *s, int rc, const char *fmt, ...)
{
	int n = snprintf(s->err, sizeof s->err, "%s: ", s->path);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof s->err) vsnprintf(s->err + n, sizeof s->err - (size_t)n, fmt, ap);
	va_end(ap);
	return rc;
}

/* Describe the handle's last SQLite error in words a user can act on. */
static int db_fail(struct state_db *s, const char *doing)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	switch (code) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return fail(s, STATE_ERROR, "the state database is locked by another process (waited %d ms while %s); "
			    "try again", s->busy_ms, doing);
	case SQLITE_NOTADB:
		return fail(s, STATE_ERROR, "not an SQLite database (damaged or some other file); it was left as it is: "
			    "move it away or use --state FILE");
	case SQLITE_CORRUPT:
		return fail(s, STATE_ERROR, "the state database is damaged (%s); it was left as it is: "
			    "repair it with sqlite3 '.recover' or move it away", sqlite3_errmsg(s->db));
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return fail(s, STATE_ERROR, "cannot write the state database (%s) while %s", sqlite3_errmsg(s->db), doing);
	case SQLITE_FULL:
		return fail(s, STATE_ERROR, "the disk is full while %s", doing);
	default:
		return fail(s, STATE_ERROR, "database error while %s: %s", doing, sqlite3_errmsg(s->db));
	}
}

/* --- small SQL helpers --------------------------------------------------------------------- */

/* Prepare sql and bind arguments by type letters: s = string (NULL binds NULL), i = int64. */
static sqlite3_stmt *prep(struct state_db *s, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return NULL;
	va_list ap;
	va_start(ap, types);
	for (int i = 0; types && types[i]; i++) {
		if (types[i] == 's') {
			const char *v = va_arg(ap, const char *);
			if (v) sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
			else sqlite3_bind_null(st, i + 1);
		} else {
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
		}
	}
	va_end(ap);
	return st;
}

/* Run a statement that returns no rows; SQLITE_DONE on success. */
static int run(sqlite3_stmt *st)
{
	if (!st) return SQLITE_ERROR;
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static int col_state(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) return -1;
	int v = state_value_parse((const char *)sqlite3_column_text(st, i));
	return v < 0 ? ITEM_OPEN : v;
}

static int exec(struct state_db *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

static int begin(struct state_db *s, const char *doing)
{
	if (exec(s, "BEGIN IMMEDIATE") != SQLITE_OK) return db_fail(s, doing);
	return STATE_OK;
}

static int commit(struct state_db *s, const char *doing)
{
	if (exec(s, "COMMIT") != SQLITE_OK) {
		int rc = db_fail(s, doing);
		exec(s, "ROLLBACK");
		return rc;
	}
	return STATE_OK;
}

/* Roll back and pass rc on; rc STATE_ERROR takes its message from the handle. */
static int abort_tx(struct state_db *s, int rc, const char *doing)
{
	if (rc == STATE_ERROR) db_fail(s, doing);
	exec(s, "ROLLBACK");
	return rc;
}

static int64_t now(void)
{
	return (int64_t)time(NULL);
}

/* The id of the named assessment, 0 when there is none, -1 on error. */
static int64_t assessment_id(struct state_db *s, const char *name)
{
	sqlite3_stmt *st = prep(s, "SELECT id FROM assessments WHERE name = ?", "s", name);
	if (!st) return -1;
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return id;
}

/* --- schema and migrations ----------------------------------------------------------------- */

/* migrations[i] takes the schema from version i to i + 1. Append; never edit a released one. */
static const char *const migrations[] = {
	/* 1: assessments, item states, append-only history, milestones */
	"CREATE TABLE assessments ("
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, partner TEXT, description TEXT,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE item_states ("
	"  assessment_id INTEGER NOT NULL REFERENCES assessments(id), item TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('open','done','na','blocked')),"
	"  reason TEXT, note TEXT, changed_at INTEGER NOT NULL,"
	"  CHECK (state <> 'na' OR length(reason) > 0),"
	"  PRIMARY KEY (assessment_id, item)) WITHOUT ROWID;"
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
	"  item TEXT NOT NULL, old_state TEXT, new_state TEXT, old_reason TEXT, new_reason TEXT,"
	"  old_note TEXT, new_note TEXT, at INTEGER NOT NULL, source TEXT NOT NULL,"
	"  undo_of INTEGER REFERENCES history(id));"
	"CREATE INDEX history_by_item ON history (assessment_id, item, id);"
	"CREATE INDEX history_by_undo ON history (undo_of) WHERE undo_of IS NOT NULL;"
	"CREATE TRIGGER history_no_update BEFORE UPDATE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TRIGGER history_no_delete BEFORE DELETE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TABLE milestones ("
	"  id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
	"  name TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (assessment_id, name));"
	"CREATE TABLE milestone_items ("
	"  milestone_id INTEGER NOT NULL REFERENCES milestones(id), item TEXT NOT NULL,"
	"  state TEXT NOT NULL, reason TEXT, note TEXT, changed_at INTEGER NOT NULL,"
	"  PRIMARY KEY (milestone_id, item)) WITHOUT ROWID;"
	"PRAGMA application_id = 1886871910;",
	/* 2: a milestone keeps the live statuses seen when it was made, to compare them later */
	"ALTER TABLE milestones ADD COLUMN live_source TEXT;"
	"CREATE TABLE milestone_live ("
	"  milestone_id INTEGER NOT NULL REFERENCES milestones(id), item TEXT NOT NULL,"
	"  status TEXT NOT NULL, evidence TEXT,"
	"  PRIMARY KEY (milestone_id, item)) WITHOUT ROWID;",
};
_Static_assert(sizeof migrations / sizeof *migrations == STATE_SCHEMA_VERSION, "one migration per schema version");

static int pragma_int(struct state_db *s, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return SQLITE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) *out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Read-only checks before anything is written: a database, ours, not from a newer pwaf. */
static int verify(struct state_db *s, int *version)
{
	/* One statement, so one snapshot: another process may be migrating the file right now. */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT (SELECT user_version FROM pragma_user_version),"
				    " (SELECT application_id FROM pragma_application_id),"
				    " (SELECT count(*) FROM sqlite_master)", -1, &st, NULL);
	if (rc == SQLITE_OK) rc = sqlite3_step(st);
	int app = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : 0;
	int tables = rc == SQLITE_ROW ? sqlite3_column_int(st, 2) : 0;
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) return db_fail(s, "opening it");
	if ((app != 0 && app != STATE_APPLICATION_ID) || (*version == 0 && tables > 0))
		return fail(s, STATE_ERROR, "not a pwaf state database (it holds other data); it was left as it is");
	if (*version > STATE_SCHEMA_VERSION)
		return fail(s, STATE_ERROR, "state database schema version %d is newer than this pwaf knows (%d): "
			    "upgrade pwaf; the file was left as it is", *version, STATE_SCHEMA_VERSION);
	return STATE_OK;
}

/* WAL mode; a first switch can meet another process doing the same, so retry within the timeout. */
static int set_wal(struct state_db *s)
{
	for (int waited = 0;; waited += 10) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
		if (rc == SQLITE_OK) rc = sqlite3_step(st);
		int wal = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
		sqlite3_finalize(st);
		if (wal) return STATE_OK;
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= s->busy_ms) {
			if (rc == SQLITE_ROW) return fail(s, STATE_ERROR, "cannot switch the state database to WAL mode");
			return db_fail(s, "switching to WAL mode");
		}
		usleep(10000);
	}
}

static int migrate(struct state_db *s)
{
	int rc = begin(s, "upgrading its schema");
	if (rc) return rc;
	int version = 0;
	if (pragma_int(s, "PRAGMA user_version", &version) != SQLITE_OK) return abort_tx(s, STATE_ERROR, "upgrading its schema");
	if (version > STATE_SCHEMA_VERSION) {   /* a newer pwaf got there first */
		exec(s, "ROLLBACK");
		return fail(s, STATE_ERROR, "state database schema version %d is newer than this pwaf knows (%d): upgrade pwaf",
			    version, STATE_SCHEMA_VERSION);
	}
	for (; version < STATE_SCHEMA_VERSION; version++) {
		char sql[64];
		if (exec(s, migrations[version]) != SQLITE_OK) return abort_tx(s, STATE_ERROR, "upgrading its schema");
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
		if (exec(s, sql) != SQLITE_OK) return abort_tx(s, STATE_ERROR, "upgrading its schema");
	}
	return commit(s, "upgrading its schema");
}

/* --- open and close ------------------------------------------------------------------------ */

/* mkdir -p with mode 0700 for the directories it creates. */
static int make_dirs(const char *path, char *err, size_t errlen)
{
	char *p = xstrdup(path);
	for (char *q = strchr(p + 1, '/'); q; q = strchr(q + 1, '/')) {
		*q = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: cannot create directory: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*q = '/';
	}
	free(p);
	return 0;
}

/* Create the database file empty with mode 0600 whatever the umask; SQLite gives its -wal and -shm
 * files the mode of the database. Another process creating it first is fine. */
static int create_private(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		if (errno == EEXIST) return 0;
		snprintf(err, errlen, "%s: cannot create the state database: %s", path, strerror(errno));
		return -1;
	}
	int rc = fchmod(fd, 0600);
	close(fd);
	return rc == 0 ? 0 : -1;
}

char *state_default_path(char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/') buf_addf(&b, "%s/pwaf/state.db", xdg);   /* relative ones are ignored (XDG spec) */
	else if (home && home[0]) buf_addf(&b, "%s/.local/share/pwaf/state.db", home);
	else {
		snprintf(err, errlen, "cannot find the state database: set XDG_DATA_HOME or HOME, or use --state FILE");
		return NULL;
	}
	return buf_take(&b);
}

int state_open(const char *path, int flags, struct state_db **out, char *err, size_t errlen)
{
	*out = NULL;
	char *p = path ? xstrdup(path) : state_default_path(err, errlen);
	if (!p) return STATE_ERROR;
	struct stat sb;
	if (stat(p, &sb) != 0) {
		if (!(flags & STATE_OPEN_CREATE) && errno == ENOENT) {
			free(p);
			return STATE_NONE;
		}
		if (!path && make_dirs(p, err, errlen) < 0) {
			free(p);
			return STATE_ERROR;
		}
		if (create_private(p, err, errlen) < 0) {
			free(p);
			return STATE_ERROR;
		}
	} else if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", p);
		free(p);
		return STATE_ERROR;
	}
	struct state_db *s = xcalloc(1, sizeof *s);
	s->path = p;
	s->busy_ms = STATE_BUSY_TIMEOUT_MS;
	int rc = STATE_ERROR, version = 0;
	if (sqlite3_open_v2(p, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		fail(s, STATE_ERROR, "cannot open: %s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
	} else if (sqlite3_db_readonly(s->db, "main") == 1) {
		fail(s, STATE_ERROR, "cannot write the state database (permission denied)");
	} else {
		sqlite3_busy_timeout(s->db, s->busy_ms);
		sqlite3_extended_result_codes(s->db, 1);
		if ((rc = verify(s, &version)) == STATE_OK && (rc = set_wal(s)) == STATE_OK &&
		    (version == STATE_SCHEMA_VERSION || (rc = migrate(s)) == STATE_OK) &&
		    exec(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL") != SQLITE_OK)
			rc = db_fail(s, "opening it");
	}
	if (rc != STATE_OK) {
		snprintf(err, errlen, "%s", s->err);
		state_close(s);
		return STATE_ERROR;
	}
	*out = s;
	return STATE_OK;
}

void state_close(struct state_db *s)
{
	if (!s) return;
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *state_path(const struct state_db *s)
{
	return s->path;
}

const char *state_errmsg(const struct state_db *s)
{
	return s->err;
}

void state_set_busy_timeout(struct state_db *s, int ms)
{
	s->busy_ms = ms;
	sqlite3_busy_timeout(s->db, ms);
}

struct sqlite3 *state_sqlite(struct state_db *s)
{
	return s->db;
}

/* --- assessments ------------------------------------------------------------------------- */

#define ASSESSMENT_COLUMNS "id, name, partner, description, created_at"

static void assessment_from_row(struct assessment *a, sqlite3_stmt *st)
{
	a->id = sqlite3_column_int64(st, 0);
	a->name = col_dup(st, 1);
	a->partner = col_dup(st, 2);
	a->description = col_dup(st, 3);
	a->created_at = sqlite3_column_int64(st, 4);
}

int state_assessment_get(struct state_db *s, const char *name, struct assessment *out)
{
	sqlite3_stmt *st = prep(s, "SELECT " ASSESSMENT_COLUMNS " FROM assessments WHERE name = ?", "s", name);
	if (!st) return db_fail(s, "reading an assessment");
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out) assessment_from_row(out, st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) return STATE_OK;
	if (rc == SQLITE_DONE) return STATE_NONE;
	return db_fail(s, "reading an assessment");
}

int state_assessment_set_partner(struct state_db *s, const char *name, const char *partner)
{
	static const char doing[] = "setting an assessment's partner type";
	int rc = begin(s, doing);
	if (rc) return rc;
	sqlite3_stmt *st = prep(s, "UPDATE assessments SET partner = ? WHERE name = ?", "ss", partner, name);
	if (run(st) != SQLITE_DONE) return abort_tx(s, STATE_ERROR, doing);
	if (sqlite3_changes(s->db) == 0) {
		exec(s, "ROLLBACK");
		return fail(s, STATE_INVALID, "no assessment named '%s'", name);
	}
	return commit(s, doing);
}

int state_assessment_ensure(struct state_db *s, const char *name, const char *partner,
			    const char *description, struct assessment *out, int *created)
{
	static const char doing[] = "creating an assessment";
	if (created) *created = 0;
	if (!name || !*name) return fail(s, STATE_INVALID, "an assessment needs a name");
	int rc = state_assessment_get(s, name, out);
	if (rc != STATE_NONE) return rc;
	if ((rc = begin(s, doing))) return rc;
	/* OR IGNORE: another process may have created it since we looked. */
	sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO assessments (name, partner, description, created_at)"
			       " VALUES (?, ?, ?, ?)", "sssi", name, partner, description, now());
	if (run(st) != SQLITE_DONE) return abort_tx(s, STATE_ERROR, doing);
	if (created) *created = sqlite3_changes(s->db) > 0;
	if ((rc = commit(s, doing))) return rc;
	return state_assessment_get(s, name, out) == STATE_OK ? STATE_OK : STATE_ERROR;
}

int state_assessment_list(struct state_db *s, struct assessment_list *out)
{
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = prep(s, "SELECT " ASSESSMENT_COLUMNS " FROM assessments ORDER BY name", NULL);
	if (!st) return db_fail(s, "listing assessments");
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) out->v = xrealloc(out->v, (cap = cap ? cap * 2 : 8) * sizeof *out->v);
		assessment_from_row(&out->v[out->n++], st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? STATE_OK : db_fail(s, "listing assessments");
}

void assessment_free(struct assessment *a)
{
	if (!a) return;
	free(a->name);
	free(a->partner);
	free(a->description);
	memset(a, 0, sizeof *a);
}

void assessment_list_free(struct assessment_list *l)
{
	for (size_t i = 0; i < l->n; i++) assessment_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* --- item states ------------------------------------------------------------------------- */

static void item_state_from_row(struct item_state *it, sqlite3_stmt *st)
{
	it->item = col_dup(st, 0);
	it->state = (enum item_state_value)col_state(st, 1);
	it->reason = col_dup(st, 2);
	it->note = col_dup(st, 3);
	it->changed_at = sqlite3_column_int64(st, 4);
}

static void item_state_open(struct item_state *it, const char *item)
{
	memset(it, 0, sizeof *it);
	it->item = xstrdup(item);
	it->state = ITEM_OPEN;
}

/* Read an item's row: STATE_OK, STATE_NONE (fills the never-marked default), STATE_ERROR. */
static int read_item(struct state_db *s, int64_t aid, const char *item, struct item_state *out)
{
	sqlite3_stmt *st = prep(s, "SELECT item, state, reason, note, changed_at FROM item_states"
			       " WHERE assessment_id = ? AND item = ?", "is", aid, item);
	if (!st) return STATE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) item_state_from_row(out, st);
	else item_state_open(out, item);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? STATE_OK : rc == SQLITE_DONE ? STATE_NONE : STATE_ERROR;
}

int state_item_get(struct state_db *s, const char *assessment, const char *item, struct item_state *out)
{
	int64_t aid = assessment_id(s, assessment);
	if (aid < 0) return db_fail(s, "reading an item");
	if (aid == 0) {
		item_state_open(out, item);
		return STATE_OK;
	}
	int rc = read_item(s, aid, item, out);
	if (rc == STATE_ERROR) {
		item_state_free(out);
		return db_fail(s, "reading an item");
	}
	return STATE_OK;
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* Write an item's state (or remove its row when row_exists is 0) plus a history entry. */
static int write_change(struct state_db *s, int64_t aid, const struct item_state *old, int had_row,
			const struct item_state *nw, int keep_row, const char *source, int64_t undo_of)
{
	sqlite3_stmt *st;
	if (keep_row)
		st = prep(s, "INSERT OR REPLACE INTO item_states (assessment_id, item, state, reason, note, changed_at)"
			  " VALUES (?, ?, ?, ?, ?, ?)", "issssi", aid, nw->item, state_value_name(nw->state),
			  nw->reason, nw->note, nw->changed_at);
	else
		st = prep(s, "DELETE FROM item_states WHERE assessment_id = ? AND item = ?", "is", aid, nw->item);
	if (run(st) != SQLITE_DONE) return STATE_ERROR;
	st = prep(s, "INSERT INTO history (assessment_id, item, old_state, new_state, old_reason, new_reason,"
		  " old_note, new_note, at, source, undo_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0))",
		  "isssssssisi", aid, nw->item, had_row ? state_value_name(old->state) : NULL,
		  keep_row ? state_value_name(nw->state) : NULL, old->reason, nw->reason, old->note, nw->note,
		  now(), source ? source : "api", undo_of);
	return run(st) == SQLITE_DONE ? STATE_OK : STATE_ERROR;
}

int state_item_set(struct state_db *s, const char *assessment, const char *item,
		   const struct state_change *ch, struct item_state *prev)
{
	static const char doing[] = "changing an item";
	if (!item || !*item) return fail(s, STATE_INVALID, "an item id is needed");
	if ((unsigned)ch->state >= ITEM_STATE_COUNT) return fail(s, STATE_INVALID, "unknown state %d", (int)ch->state);
	int rc = begin(s, doing);
	if (rc) return rc;
	int64_t aid = assessment_id(s, assessment);
	if (aid < 0) return abort_tx(s, STATE_ERROR, doing);
	if (aid == 0) {
		exec(s, "ROLLBACK");
		return fail(s, STATE_INVALID, "no assessment named '%s'", assessment);
	}
	struct item_state old, nw;
	int had = read_item(s, aid, item, &old);
	if (had == STATE_ERROR) {
		item_state_free(&old);
		return abort_tx(s, STATE_ERROR, doing);
	}
	nw.item = old.item;
	nw.state = ch->state;
	nw.changed_at = now();
	/* A reason belongs to na and blocked; NULL keeps the one already there for the same state. */
	nw.reason = NULL;
	if (ch->state == ITEM_NA || ch->state == ITEM_BLOCKED)
		nw.reason = ch->reason ? (char *)nonempty(ch->reason) : old.state == ch->state ? old.reason : NULL;
	nw.note = ch->note ? (char *)nonempty(ch->note) : old.note;
	if (ch->state == ITEM_NA && !nw.reason) {
		exec(s, "ROLLBACK");
		item_state_free(&old);
		return fail(s, STATE_INVALID, "'na' (not applicable) needs a reason");
	}
	int same = old.state == nw.state && str_eq(old.reason, nw.reason) && str_eq(old.note, nw.note);
	if (same) {
		exec(s, "ROLLBACK");
		rc = STATE_NONE;
	} else if (write_change(s, aid, &old, had == STATE_OK, &nw, 1, ch->source, 0) != STATE_OK) {
		rc = abort_tx(s, STATE_ERROR, doing);
	} else {
		rc = commit(s, doing);
	}
	if (prev && rc != STATE_ERROR) *prev = old;
	else item_state_free(&old);
	return rc;
}

int state_items(struct state_db *s, const char *assessment, struct item_state_list *out)
{
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = prep(s, "SELECT i.item, i.state, i.reason, i.note, i.changed_at FROM item_states i"
			       " JOIN assessments a ON a.id = i.assessment_id WHERE a.name = ? ORDER BY i.item",
			       "s", assessment);
	if (!st) return db_fail(s, "reading item states");
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) out->v = xrealloc(out->v, (cap = cap ? cap * 2 : 32) * sizeof *out->v);
		item_state_from_row(&out->v[out->n++], st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		item_state_list_free(out);
		return db_fail(s, "reading item states");
	}
	return STATE_OK;
}

void item_state_free(struct item_state *it)
{
	if (!it) return;
	free(it->item);
	free(it->reason);
	free(it->note);
	memset(it, 0, sizeof *it);
}

void item_state_list_free(struct item_state_list *l)
{
	for (size_t i = 0; i < l->n; i++) item_state_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* --- undo -------------------------------------------------------------------------------- */

int state_undo(struct state_db *s, const char *assessment, const char *source, struct item_state *restored)
{
	static const char doing[] = "undoing a change";
	int rc = begin(s, doing);
	if (rc) return rc;
	int64_t aid = assessment_id(s, assessment);
	if (aid < 0) return abort_tx(s, STATE_ERROR, doing);
	if (aid == 0) {
		exec(s, "ROLLBACK");
		return fail(s, STATE_INVALID, "no assessment named '%s'", assessment);
	}
	sqlite3_stmt *st = prep(s, "SELECT h.id, h.item, h.old_state, h.old_reason, h.old_note FROM history h"
			       " WHERE h.assessment_id = ? AND h.undo_of IS NULL"
			       " AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undo_of = h.id)"
			       " ORDER BY h.id DESC LIMIT 1", "i", aid);
	if (!st) return abort_tx(s, STATE_ERROR, doing);
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (step == SQLITE_DONE) {
			exec(s, "ROLLBACK");
			return STATE_NONE;
		}
		return abort_tx(s, STATE_ERROR, doing);
	}
	int64_t hid = sqlite3_column_int64(st, 0);
	struct item_state nw = { 0 }, cur;
	nw.item = col_dup(st, 1);
	int old_state = col_state(st, 2);
	nw.state = old_state < 0 ? ITEM_OPEN : (enum item_state_value)old_state;
	nw.reason = col_dup(st, 3);
	nw.note = col_dup(st, 4);
	nw.changed_at = old_state < 0 ? 0 : now();
	sqlite3_finalize(st);
	int had = read_item(s, aid, nw.item, &cur);
	if (had == STATE_ERROR || write_change(s, aid, &cur, had == STATE_OK, &nw, old_state >= 0, source, hid) != STATE_OK)
		rc = abort_tx(s, STATE_ERROR, doing);
	else
		rc = commit(s, doing);
	item_state_free(&cur);
	if (restored && rc == STATE_OK) *restored = nw;
	else item_state_free(&nw);
	return rc;
}

/* --- history ----------------------------------------------------------------------------- */

int state_history(struct state_db *s, const char *assessment, const char *item, struct history_list *out)
{
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = prep(s, "SELECT h.id, h.item, h.old_state, h.new_state, h.old_reason, h.new_reason,"
			       " h.old_note, h.new_note, h.at, h.source, coalesce(h.undo_of, 0) FROM history h"
			       " JOIN assessments a ON a.id = h.assessment_id"
			       " WHERE a.name = ?1 AND (?2 IS NULL OR h.item = ?2) ORDER BY h.id",
			       "ss", assessment, item);
	if (!st) return db_fail(s, "reading the history");
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) out->v = xrealloc(out->v, (cap = cap ? cap * 2 : 16) * sizeof *out->v);
		struct history_entry *h = &out->v[out->n++];
		h->id = sqlite3_column_int64(st, 0);
		h->item = col_dup(st, 1);
		h->old_state = col_state(st, 2);
		h->new_state = col_state(st, 3);
		h->old_reason = col_dup(st, 4);
		h->new_reason = col_dup(st, 5);
		h->old_note = col_dup(st, 6);
		h->new_note = col_dup(st, 7);
		h->at = sqlite3_column_int64(st, 8);
		h->source = col_dup(st, 9);
		h->undo_of = sqlite3_column_int64(st, 10);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		history_list_free(out);
		return db_fail(s, "reading the history");
	}
	return STATE_OK;
}

void history_list_free(struct history_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct history_entry *h = &l->v[i];
		free(h->item);
		free(h->old_reason);
		free(h->new_reason);
		free(h->old_note);
		free(h->new_note);
		free(h->source);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* --- milestones -------------------------------------------------------------------------- */

int state_milestone_create(struct state_db *s, const char *assessment, const char *name, struct milestone *out)
{
	return state_milestone_create_live(s, assessment, name, NULL, NULL, 0, out);
}

int state_milestone_create_live(struct state_db *s, const char *assessment, const char *name, const char *live_source,
				const struct milestone_live *live, size_t nlive, struct milestone *out)
{
	static const char doing[] = "creating a milestone";
	if (!name || !*name) return fail(s, STATE_INVALID, "a milestone needs a name");
	int rc = begin(s, doing);
	if (rc) return rc;
	int64_t aid = assessment_id(s, assessment);
	if (aid < 0) return abort_tx(s, STATE_ERROR, doing);
	if (aid == 0) {
		exec(s, "ROLLBACK");
		return fail(s, STATE_INVALID, "no assessment named '%s'", assessment);
	}
	int64_t t = now();
	sqlite3_stmt *st = prep(s, "INSERT INTO milestones (assessment_id, name, created_at, live_source) VALUES (?, ?, ?, ?)",
				"isis", aid, name, t, nlive ? live_source : NULL);
	if (run(st) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_CONSTRAINT) {
			exec(s, "ROLLBACK");
			return fail(s, STATE_INVALID, "assessment '%s' already has a milestone named '%s'", assessment, name);
		}
		return abort_tx(s, STATE_ERROR, doing);
	}
	int64_t mid = sqlite3_last_insert_rowid(s->db);
	st = prep(s, "INSERT INTO milestone_items (milestone_id, item, state, reason, note, changed_at)"
		  " SELECT ?, item, state, reason, note, changed_at FROM item_states WHERE assessment_id = ?",
		  "ii", mid, aid);
	if (run(st) != SQLITE_DONE) return abort_tx(s, STATE_ERROR, doing);
	size_t count = (size_t)sqlite3_changes(s->db);
	for (size_t i = 0; i < nlive; i++) {
		if (!live[i].item || !live[i].status) continue;
		st = prep(s, "INSERT OR REPLACE INTO milestone_live (milestone_id, item, status, evidence) VALUES (?, ?, ?, ?)",
			  "isss", mid, live[i].item, live[i].status, live[i].evidence);
		if (run(st) != SQLITE_DONE) return abort_tx(s, STATE_ERROR, doing);
	}
	if ((rc = commit(s, doing))) return rc;
	if (out) {
		out->id = mid;
		out->name = xstrdup(name);
		out->created_at = t;
		out->items = count;
	}
	return STATE_OK;
}

int state_milestone_list(struct state_db *s, const char *assessment, struct milestone_list *out)
{
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = prep(s, "SELECT m.id, m.name, m.created_at,"
			       " (SELECT count(*) FROM milestone_items i WHERE i.milestone_id = m.id)"
			       " FROM milestones m JOIN assessments a ON a.id = m.assessment_id"
			       " WHERE a.name = ? ORDER BY m.id", "s", assessment);
	if (!st) return db_fail(s, "listing milestones");
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) out->v = xrealloc(out->v, (cap = cap ? cap * 2 : 8) * sizeof *out->v);
		struct milestone *m = &out->v[out->n++];
		m->id = sqlite3_column_int64(st, 0);
		m->name = col_dup(st, 1);
		m->created_at = sqlite3_column_int64(st, 2);
		m->items = (size_t)sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		milestone_list_free(out);
		return db_fail(s, "listing milestones");
	}
	return STATE_OK;
}

int state_milestone_show(struct state_db *s, const char *assessment, const char *name, struct item_state_list *out)
{
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = prep(s, "SELECT m.id FROM milestones m JOIN assessments a ON a.id = m.assessment_id"
			       " WHERE a.name = ? AND m.name = ?", "ss", assessment, name);
	if (!st) return db_fail(s, "reading a milestone");
	int rc = sqlite3_step(st);
	int64_t mid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) return STATE_NONE;
	if (rc != SQLITE_ROW) return db_fail(s, "reading a milestone");
	st = prep(s, "SELECT item, state, reason, note, changed_at FROM milestone_items WHERE milestone_id = ?"
		  " ORDER BY item", "i", mid);
	if (!st) return db_fail(s, "reading a milestone");
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) out->v = xrealloc(out->v, (cap = cap ? cap * 2 : 32) * sizeof *out->v);
		item_state_from_row(&out->v[out->n++], st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		item_state_list_free(out);
		return db_fail(s, "reading a milestone");
	}
	return STATE_OK;
}

void milestone_list_free(struct milestone_list *l)
{
	for (size_t i = 0; i < l->n; i++) free(l->v[i].name);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The id of an assessment's milestone: > 0, 0 when there is none, -1 on a database error. */
static int64_t milestone_id(struct state_db *s, const char *assessment, const char *name)
{
	sqlite3_stmt *st = prep(s, "SELECT m.id FROM milestones m JOIN assessments a ON a.id = m.assessment_id"
			       " WHERE a.name = ? AND m.name = ?", "ss", assessment, name);
	if (!st) return -1;
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return id;
}

int state_milestone_diff(struct state_db *s, const char *assessment, const char *from, const char *to,
			 struct milestone_diff *out)
{
	memset(out, 0, sizeof *out);
	int64_t a = milestone_id(s, assessment, from), b = a > 0 ? milestone_id(s, assessment, to) : 0;
	if (a < 0 || b < 0) return db_fail(s, "comparing milestones");
	if (!a || !b) return fail(s, STATE_NONE, "assessment '%s' has no milestone '%s'", assessment, !a ? from : to);
	/* Every item either milestone knows (a state or a live status), with both sides; rows that
	 * differ. Missing states are open; missing live statuses are NULL (not checked). */
	sqlite3_stmt *st = prep(s,
		"WITH ids(item) AS ("
		"  SELECT item FROM milestone_items WHERE milestone_id IN (?1, ?2)"
		"  UNION SELECT item FROM milestone_live WHERE milestone_id IN (?1, ?2)),"
		" d AS (SELECT ids.item,"
		"  coalesce((SELECT state FROM milestone_items WHERE milestone_id = ?1 AND item = ids.item), 'open') AS s1,"
		"  coalesce((SELECT state FROM milestone_items WHERE milestone_id = ?2 AND item = ids.item), 'open') AS s2,"
		"  (SELECT status FROM milestone_live WHERE milestone_id = ?1 AND item = ids.item) AS l1,"
		"  (SELECT status FROM milestone_live WHERE milestone_id = ?2 AND item = ids.item) AS l2,"
		"  (SELECT evidence FROM milestone_live WHERE milestone_id = ?2 AND item = ids.item) AS e2"
		"  FROM ids)"
		" SELECT item, s1, s2, l1, l2, e2 FROM d WHERE s1 IS NOT s2 OR l1 IS NOT l2 ORDER BY item",
		"ii", a, b);
	if (!st) return db_fail(s, "comparing milestones");
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) out->v = xrealloc(out->v, (cap = cap ? cap * 2 : 16) * sizeof *out->v);
		struct milestone_change *c = &out->v[out->n++];
		c->item = col_dup(st, 0);
		c->old_state = (enum item_state_value)col_state(st, 1);
		c->new_state = (enum item_state_value)col_state(st, 2);
		c->old_live = col_dup(st, 3);
		c->new_live = col_dup(st, 4);
		c->new_evidence = col_dup(st, 5);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		milestone_diff_free(out);
		return db_fail(s, "comparing milestones");
	}
	return STATE_OK;
}

void milestone_diff_free(struct milestone_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].item);
		free(d->v[i].old_live);
		free(d->v[i].new_live);
		free(d->v[i].new_evidence);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* --- progress ---------------------------------------------------------------------------- */

static int cmp_state_item(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const struct item_state *)elem)->item);
}

int state_progress(struct state_db *s, const char *assessment, const struct state_item_ref *items,
		   size_t nitems, struct state_progress *out)
{
	memset(out, 0, sizeof *out);
	struct item_state_list l;
	int rc = state_items(s, assessment, &l);   /* sorted by item id (BINARY collation = strcmp) */
	if (rc) return rc;
	for (size_t i = 0; i < nitems; i++) {
		const char *pillar = items[i].pillar ? items[i].pillar : "";
		size_t p = 0;
		while (p < out->n && strcmp(out->v[p].pillar, pillar) != 0) p++;
		if (p == out->n) {
			out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
			memset(&out->v[p], 0, sizeof out->v[p]);
			out->v[p].pillar = xstrdup(pillar);
			out->n++;
		}
		const struct item_state *st = l.n ? bsearch(items[i].id, l.v, l.n, sizeof *l.v, cmp_state_item) : NULL;
		enum item_state_value v = st ? st->state : ITEM_OPEN;
		out->v[p].c.n[v]++;
		out->v[p].c.total++;
		out->overall.n[v]++;
		out->overall.total++;
	}
	item_state_list_free(&l);
	return STATE_OK;
}

void state_progress_free(struct state_progress *p)
{
	for (size_t i = 0; i < p->n; i++) free(p->v[i].pillar);
	free(p->v);
	memset(p, 0, sizeof *p);
}

int state_percent_done(const struct state_counts *c)
{
	size_t applicable = c->total - c->n[ITEM_NA];
	if (applicable == 0) return 100;
	return (int)(c->n[ITEM_DONE] * 100 / applicable);
}
