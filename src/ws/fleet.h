/* fleet.h - many workspaces checked at once: which ones (profiles, an account's list), the run under shared limits, saved snapshots. */
#ifndef PWAF_FLEET_H
#define PWAF_FLEET_H

#include "core/contentdb.h"
#include "core/fleetresult.h"
#include "ws/livesource.h"
#include "ws/probe.h"
#include "ws/wsconfig.h"

#include <signal.h>
#include <stddef.h>

/* One workspace to check. */
struct fleet_target {
	char *name;             /* profile name, or the account's workspace_name (deployment_name when none) */
	char *workspace_id;     /* from the account's list, or NULL */
	struct ws_config cfg;   /* resolved credentials; cfg.host NULL when error is set */
	char *error;            /* the profile or the listed workspace cannot be used (FLEET_CONFIG), or NULL */
	int skip;               /* listed but not RUNNING (FLEET_SKIPPED; error says its status) */
};

struct fleet_targets {
	struct fleet_target *v;
	size_t n;
	int accounts_skipped;   /* --all-profiles: account-console profiles left out (they are not workspaces) */
	char *source;           /* "profiles of ~/.databrickscfg", "account 1234-..." (for messages) */
};

/*
 * Every workspace profile of the config file whose name or host matches glob (fnmatch; NULL: all).
 * Each profile is resolved alone (profile_only: no DATABRICKS_* variable reaches it, so one
 * workspace's credentials never sign another's requests). Profiles of account consoles are left
 * out. A profile that does not resolve becomes a target with error set. Returns 0, or -1 with err
 * (no config file, a parse error at file:line, no profile matches).
 */
int fleet_targets_profiles(const char *glob, struct fleet_targets *out, char *err, size_t errlen);

/*
 * The workspaces of the account behind profile (an account console with account_id and OAuth
 * credentials): GET /api/2.0/accounts/{account_id}/workspaces (service/provisioning/impl.go
 * workspacesImpl.List, a JSON array of Workspace), narrowed by glob (workspace_name,
 * deployment_name or host). Each RUNNING workspace gets the account's credentials with its own host
 * (wsconfig_workspace_host) and no account id, as AccountClient.GetWorkspaceClient; the others are
 * targets with skip set. opts: timeouts for the listing (NULL: defaults). Returns 0; -1 with err
 * when the profile is not an account console with an account id, or no listed workspace matches
 * glob (exit 2); -2 with err when the account could not be reached or refused the sign-in or the
 * listing (exit 3).
 */
int fleet_targets_account(const char *profile, const char *glob, const struct probe_run_opts *opts,
			  struct fleet_targets *out, char *err, size_t errlen);

void fleet_targets_free(struct fleet_targets *t);

/* Progress, reported from the thread that called fleet_run. */
struct fleet_progress {
	size_t total, done, running;        /* workspaces */
	int count[FLEET_NSTATE];            /* finished workspaces per state */
	long requests;                      /* HTTP requests so far, all workspaces */
	double elapsed_ms;
	const struct fleet_ws *finished;    /* the workspace that just finished, or NULL (a periodic tick) */
};

struct fleet_opts {
	int parallel;                       /* workspaces at once; 0: 32 */
	int max_conns;                      /* requests in flight over the fleet; 0: 128 */
	double rate;                        /* requests started per second over the fleet; 0: 500 (each workspace keeps its own 15) */
	long deadline_ms;                   /* the whole fleet; 0: none (each workspace has po.deadline_ms) */
	struct probe_run_opts po;           /* per workspace (shared and account are set by fleet_run) */
	const struct ws_config *account;    /* the account console: its probes are fetched once and given
	                                       to every workspace, or NULL */
	const struct livesource_identity *id;   /* the partner's identity, written to every snapshot */
	struct cdb *db;                     /* the content: what to check */
	const struct doc_filter *filter;
	const char *const *ids;             /* NULL: every item the filter selects */
	const char *save_dir;               /* keep each workspace's snapshot here, or NULL */
	volatile sig_atomic_t *stop;        /* set (by a signal handler) to stop: no new workspace starts,
	                                       running ones are cancelled, what finished is kept */
	int wake_fd;                        /* readable when *stop was set (a self-pipe), or -1 */
	void (*progress)(void *ctx, const struct fleet_progress *p);
	void *ctx;
};

/*
 * Check every target: at most parallel workspaces at once, every request under the fleet's shared
 * limits (probe_limiter) and each workspace's own (po: 15 per second, its deadline), so a slow or
 * failing workspace holds up only itself. A workspace's snapshot lives only while it is checked
 * (memory stays flat); with save_dir it is saved as <save_dir>/<name>.snapshot, and
 * <save_dir>/fleet.json lists the run (written by the caller with fleet_report_write). Fills out
 * (fleet_results_free it; run id, start time, version and partner set by the caller or here when
 * empty). Returns 0, or -1 with err (save_dir cannot be made, the probes cannot start).
 */
int fleet_run(const struct fleet_targets *t, const struct fleet_opts *o, struct fleet_results *out, char *err,
	      size_t errlen);

/*
 * Check the snapshots saved in dir by an earlier run (every *.snapshot, in name order), against the
 * content as it is now: a fleet re-checked offline. Workspaces the saved fleet.json lists as not
 * checked keep their state and error. Returns 0, or -1 with err (no such directory, no snapshot in
 * it, a snapshot that cannot be read is a FLEET_CONFIG entry instead).
 */
int fleet_from_dir(const char *dir, struct cdb *db, const struct doc_filter *f, const char *const *ids,
		   const struct livesource_identity *id, struct fleet_results *out, char *err, size_t errlen);

/* A file name for a workspace: name reduced to [A-Za-z0-9._-] (at most 80 bytes), never "." or
 * "..", so a name from an account cannot climb out of the directory. malloc'd. */
char *fleet_file_name(const char *name);

#endif
