/* state.h - the user's own work: assessments, item states, notes, history, milestones. */
#ifndef PWAF_STATE_H
#define PWAF_STATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The state database is an SQLite file (by default $XDG_DATA_HOME/pwaf/state.db, else
 * ~/.local/share/pwaf/state.db) in WAL mode with a 5 s busy timeout. Every change is one
 * BEGIN IMMEDIATE transaction, so several pwaf processes may write at once and nothing is lost.
 * PRAGMA user_version holds the schema version; older files are migrated forward on open,
 * newer ones are refused. A damaged, foreign, unwritable or locked file is reported (the message
 * names the file) and never reset, re-created or modified.
 *
 * Return codes of the functions below: STATE_OK, STATE_NONE (nothing found / nothing to do,
 * where documented), STATE_INVALID (bad input, e.g. "na" without a reason) or STATE_ERROR
 * (database error: damaged, locked, unwritable). After STATE_INVALID or STATE_ERROR,
 * state_errmsg() says what went wrong, naming the file where it matters.
 * Strings in returned structs are malloc'd and owned by the struct: free with the *_free helpers.
 */
enum { STATE_OK = 0, STATE_NONE = 1, STATE_ERROR = -1, STATE_INVALID = -2 };

#define STATE_SCHEMA_VERSION 2   /* 2: milestones keep live statuses (milestone_live) */
#define STATE_BUSY_TIMEOUT_MS 5000

/* An item's manual state; the ids are those of VOCAB_STATE. */
enum item_state_value { ITEM_OPEN, ITEM_DONE, ITEM_NA, ITEM_BLOCKED, ITEM_STATE_COUNT };

/* "open", "done", "na", "blocked" (or "?" out of range). */
const char *state_value_name(enum item_state_value v);
/* Parse a state id; -1 when unknown. */
int state_value_parse(const char *name);

struct state_db;

/* Open flags. */
enum { STATE_OPEN_CREATE = 1 };

/*
 * Open (and migrate) the state database at path, or at the default path when path is NULL
 * (whose directories are then created with mode 0700). Without STATE_OPEN_CREATE a missing
 * file is not created: returns STATE_NONE and *out stays NULL. Returns STATE_OK, STATE_NONE
 * or STATE_ERROR (message in err).
 */
int state_open(const char *path, int flags, struct state_db **out, char *err, size_t errlen);
void state_close(struct state_db *s);
/* The default path (malloc'd), or NULL with a message in err when neither XDG_DATA_HOME nor HOME is set. */
char *state_default_path(char *err, size_t errlen);
const char *state_path(const struct state_db *s);
const char *state_errmsg(const struct state_db *s);
/* Change the busy timeout (tests). */
void state_set_busy_timeout(struct state_db *s, int ms);
/* The underlying handle (tests and diagnostics only). */
struct sqlite3 *state_sqlite(struct state_db *s);

/* --- assessments ------------------------------------------------------------------------ */
struct assessment {
	int64_t id;
	char *name;
	char *partner;          /* partner type, or NULL: all partner types */
	char *description;      /* may be NULL */
	int64_t created_at;     /* Unix seconds */
};

struct assessment_list {
	struct assessment *v;
	size_t n;
};

/*
 * The assessment with this name, created (with partner and description, both may be NULL)
 * when it does not exist yet. An existing one is returned unchanged. *created (if not NULL)
 * says which. out may be NULL.
 */
int state_assessment_ensure(struct state_db *s, const char *name, const char *partner,
			    const char *description, struct assessment *out, int *created);
/* Give an existing assessment a partner type (NULL: every partner type). STATE_INVALID when there
 * is no such assessment. */
int state_assessment_set_partner(struct state_db *s, const char *name, const char *partner);
/* STATE_OK, or STATE_NONE when no assessment has this name. */
int state_assessment_get(struct state_db *s, const char *name, struct assessment *out);
/* All assessments by name. */
int state_assessment_list(struct state_db *s, struct assessment_list *out);
void assessment_free(struct assessment *a);
void assessment_list_free(struct assessment_list *l);

/* --- item states ------------------------------------------------------------------------- */
struct item_state {
	char *item;
	enum item_state_value state;   /* ITEM_OPEN for an item never marked */
	char *reason;                  /* set for na (always) and blocked (optional), else NULL */
	char *note;                    /* may be NULL */
	int64_t changed_at;            /* Unix seconds; 0 for an item never marked */
};

struct item_state_list {
	struct item_state *v;
	size_t n;
};

struct state_change {
	enum item_state_value state;
	const char *reason;     /* required (non-empty) for ITEM_NA, optional for ITEM_BLOCKED, ignored otherwise */
	const char *note;       /* NULL keeps the current note, "" removes it */
	const char *source;     /* who made the change, for the history: "cli", "tui", ... */
};

/* The state of one item (never-marked items are open). */
int state_item_get(struct state_db *s, const char *assessment, const char *item, struct item_state *out);
/*
 * Change an item's state and note in one transaction, appending to the history. prev (if not
 * NULL) receives the state before the change, for an undo button. Returns STATE_OK, STATE_NONE
 * when the change changes nothing (no history row is written), STATE_INVALID (na without a
 * reason, unknown state or assessment) or STATE_ERROR.
 */
int state_item_set(struct state_db *s, const char *assessment, const char *item,
		   const struct state_change *ch, struct item_state *prev);
/* Every item of the assessment that has been marked, by id. */
int state_items(struct state_db *s, const char *assessment, struct item_state_list *out);
void item_state_free(struct item_state *st);
void item_state_list_free(struct item_state_list *l);

/*
 * Undo the assessment's last change that has not been undone yet (repeated undos walk back
 * through the history). The item gets its state, reason and note from before that change, and
 * the undo itself is appended to the history (with undo_of set). restored (if not NULL)
 * receives the item's state after the undo. Returns STATE_OK, STATE_NONE (nothing to undo),
 * STATE_INVALID (no such assessment) or STATE_ERROR.
 */
int state_undo(struct state_db *s, const char *assessment, const char *source, struct item_state *restored);

/* --- history (append-only: the database refuses updates and deletes) --------------------- */
struct history_entry {
	int64_t id;                 /* increasing: the order of the changes */
	char *item;
	int old_state, new_state;   /* enum item_state_value, or -1 when the item had no row */
	char *old_reason, *new_reason, *old_note, *new_note;
	int64_t at;                 /* Unix seconds */
	char *source;
	int64_t undo_of;            /* the entry this one undid, or 0 */
};

struct history_list {
	struct history_entry *v;
	size_t n;
};

/* The history of one item (or of the whole assessment when item is NULL), oldest first. */
int state_history(struct state_db *s, const char *assessment, const char *item, struct history_list *out);
void history_list_free(struct history_list *l);

/* --- milestones: named snapshots of an assessment's states --------------------------------- */
struct milestone {
	int64_t id;
	char *name;
	int64_t created_at;
	size_t items;           /* item states copied */
};

struct milestone_list {
	struct milestone *v;
	size_t n;
};

/* Copy the assessment's current states into a new milestone. STATE_INVALID when the name is taken. */
int state_milestone_create(struct state_db *s, const char *assessment, const char *name, struct milestone *out);

/* A live status to keep with a milestone: status is a `pwaf check` word ("pass", "fail", ...). */
struct milestone_live {
	const char *item, *status, *evidence;   /* evidence may be NULL */
};
/* The same, keeping the live statuses seen now (from live_source, e.g. "demo workspace") too,
 * in the same transaction. */
int state_milestone_create_live(struct state_db *s, const char *assessment, const char *name, const char *live_source,
				const struct milestone_live *live, size_t nlive, struct milestone *out);

/* What changed between two milestones of an assessment: items whose state or live status differ. */
struct milestone_change {
	char *item;
	enum item_state_value old_state, new_state;   /* open for an item never marked */
	char *old_live, *new_live;                    /* live status words, NULL when not checked */
	char *new_evidence;                           /* the later milestone's evidence, or NULL */
};

struct milestone_diff {
	struct milestone_change *v;    /* by item id */
	size_t n;
};

/* Compare milestone `from` with the later `to`. STATE_OK, STATE_NONE (no such milestone, named in
 * the message) or STATE_ERROR. */
int state_milestone_diff(struct state_db *s, const char *assessment, const char *from, const char *to,
			 struct milestone_diff *out);
void milestone_diff_free(struct milestone_diff *d);
/* Milestones of an assessment, oldest first. */
int state_milestone_list(struct state_db *s, const char *assessment, struct milestone_list *out);
/* The states stored in a milestone, by item id. STATE_NONE when there is no such milestone. */
int state_milestone_show(struct state_db *s, const char *assessment, const char *name, struct item_state_list *out);
void milestone_list_free(struct milestone_list *l);

/* --- progress ---------------------------------------------------------------------------- */
struct state_item_ref {         /* an item as the content database knows it */
	const char *id;
	const char *pillar;     /* NULL counts under "" */
};

struct state_counts {
	size_t n[ITEM_STATE_COUNT];     /* per enum item_state_value */
	size_t total;
};

struct state_pillar_progress {
	char *pillar;
	struct state_counts c;
};

struct state_progress {
	struct state_pillar_progress *v;   /* pillars in order of first appearance in the input */
	size_t n;
	struct state_counts overall;
};

/* Count the given items' states by pillar (items never marked count as open). */
int state_progress(struct state_db *s, const char *assessment, const struct state_item_ref *items,
		   size_t nitems, struct state_progress *out);
void state_progress_free(struct state_progress *p);
/* Done as a percentage of the items that apply (total minus na); 100 when none apply. */
int state_percent_done(const struct state_counts *c);

#endif
