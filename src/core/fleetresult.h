/* fleetresult.h - what a fleet run found: one entry per workspace (how it went, its check results) and the run's identity. */
#ifndef PWAF_FLEETRESULT_H
#define PWAF_FLEETRESULT_H

#include "core/checkresult.h"

#include <stddef.h>

/* How one workspace of the fleet went, in the order reports list the states. */
enum fleet_state {
	FLEET_CHECKED,      /* probed and checked (some probes may have failed: their items say unknown or error) */
	FLEET_AUTH,         /* reached, but the credentials were refused (401/403 on the token or on current-user) */
	FLEET_UNREACHABLE,  /* no answer at all: DNS, refused or reset connections, timeouts, 5xx on every request */
	FLEET_CONFIG,       /* its profile could not be resolved (no host, bad auth attributes, ...) */
	FLEET_CANCELLED,    /* Ctrl-C or the fleet's deadline came first */
	FLEET_SKIPPED,      /* not checked on purpose: the account lists it as not running (PROVISIONING, FAILED, ...) */
	FLEET_NSTATE
};

struct fleet_ws {
	char *name;             /* the profile name, or the account's workspace_name (deployment_name when none); owned */
	char *host;             /* "https://..." or "" when unknown (a profile without host); owned */
	char *workspace_id;     /* decimal id, or "" when unknown; owned */
	enum fleet_state state;
	char *error;            /* NULL for CHECKED, else why (sanitised, one line, never a secret); owned */
	struct check_results res;   /* CHECKED: one result per item, in id order; else empty */
	double elapsed_ms;      /* from the first request to the last check */
	long requests;          /* HTTP requests sent (pages and retries included) */
	char *snapshot;         /* the saved snapshot's path (--save-dir), or NULL; owned */
};

struct fleet_results {
	struct fleet_ws *v;     /* owned */
	size_t n;
	char run_id[40];        /* a random UUID (version 4) naming this run */
	char started_at[32];    /* "2026-12-04T18:00:00Z" */
	double elapsed_ms;      /* the whole run */
	char *partner;          /* the partner type the items were selected for, or NULL (all); owned */
	char *version;          /* pwaf's version; owned */
	int count[FLEET_NSTATE];/* workspaces per state */
};

/* "checked", "auth", "unreachable", "config", "cancelled", "skipped" (static; out of range: "unreachable"). */
const char *fleet_state_name(enum fleet_state s);
/* A sentence fragment for people: "checked", "credentials refused", "could not be reached", ... */
const char *fleet_state_words(enum fleet_state s);

/* Append a workspace (copies name, host and id; state FLEET_CHECKED, nothing else set); returns it. */
struct fleet_ws *fleet_results_add(struct fleet_results *fr, const char *name, const char *host, const char *workspace_id);
/* Recount fr->count from the entries. */
void fleet_results_count(struct fleet_results *fr);
void fleet_results_free(struct fleet_results *fr);

/* A random UUID v4 (from /dev/urandom, else time and pid) into out. */
void fleet_run_id(char out[40]);

/* Per item over the fleet: how many checked workspaces gave each status. The items are those of
 * the checked workspaces' results (the union, in id order). Free with fleet_items_free. */
struct fleet_item {
	const char *item, *title, *level, *pillar;  /* borrowed from the first result naming the item */
	int count[CHECK_NSTATUS];
};
struct fleet_items {
	struct fleet_item *v;
	size_t n;
};
void fleet_items_collect(const struct fleet_results *fr, struct fleet_items *out);
void fleet_items_free(struct fleet_items *it);

/* The result of item in workspace w, or NULL when w has none (not checked, item not selected). */
const struct check_result *fleet_ws_result(const struct fleet_ws *w, const char *item);

/*
 * The exit code of a fleet run, as `pwaf check` alone: 3 when any workspace could not be reached
 * or refused the credentials (or its profile could not be resolved), else 1 when any checked
 * workspace fails a required item (or errs on one; with strict, unknown counts too), else 0.
 * Cancelled and skipped workspaces do not change it.
 */
int fleet_results_exit_code(const struct fleet_results *fr, int strict);

#endif
