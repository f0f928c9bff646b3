/* mcp_pwaf.h - pwaf's MCP server: tools, resources and prompts over the content, the state and the live checks. */
#ifndef PWAF_MCP_PWAF_H
#define PWAF_MCP_PWAF_H

#include "contentdb.h"
#include "mcp.h"
#include "probe.h"
#include "snapshot.h"
#include "wsconfig.h"

#include <stddef.h>

/* Where live status comes from: the command line's choice. */
struct pwaf_live_spec {
	int demo;                           /* the bundled demo workspace */
	const char *snapshot;               /* a saved snapshot file */
	const char *profile, *host;         /* a workspace (--profile / --host); both NULL and no other
	                                       source: the environment and ~/.databrickscfg, as pwaf check */
	const unsigned char *demo_json;     /* the demo workspace JSON, passed in (no extern reached) */
	size_t demo_len;
};

enum pwaf_live_kind { PWAF_LIVE_NONE, PWAF_LIVE_SNAPSHOT, PWAF_LIVE_WORKSPACE };

/*
 * Open the live source: the one narrow seam between the MCP server and how live sources are
 * opened (check, export and the explorer are to share one such function). Never touches the
 * network. Returns:
 *   PWAF_LIVE_SNAPSHOT  *snap ready to check (demo imported, or a saved file opened read-only);
 *   PWAF_LIVE_WORKSPACE *cfg resolved (free with wsconfig_free), *snap NULL: fetch with probe_run_start;
 *   PWAF_LIVE_NONE      nothing configured; err says why (a config error when --profile/--host was
 *                       given is also NONE: the caller decides whether that is fatal);
 *   -1 with err set: the demo or the snapshot file could not be opened.
 */
int pwaf_live_open(const struct pwaf_live_spec *spec, struct snapshot **snap, struct ws_config *cfg, char *err,
		   size_t errlen);

struct pwaf_mcp_opts {
	struct cdb *db;                     /* borrowed; outlives every app */
	const char *state_path;             /* NULL: the default state database */
	int allow_write;                    /* offer the mark tool */
	struct pwaf_live_spec live;
	struct probe_run_opts probe;        /* limits of a live fetch */
	const char *version;                /* PACKAGE_VERSION */
};

/* The server's definition for these options (tools, prompts, templates, instructions naming the
 * live source). Build once, free with pwaf_mcp_def_free after every session ended. */
struct mcp_server_def *pwaf_mcp_def_new(const struct pwaf_mcp_opts *o);
void pwaf_mcp_def_free(struct mcp_server_def *d);

/* One session's application state (its live results, its running fetch). */
void *pwaf_mcp_app_new(const struct pwaf_mcp_opts *o);
void pwaf_mcp_app_free(void *app);
/* A descriptor readable while a live fetch has news, or -1 when none runs. */
int pwaf_mcp_app_fd(void *app);
/* Take a running fetch's news: progress and log notifications, and its result when it ends. */
void pwaf_mcp_app_service(void *app);

#endif
