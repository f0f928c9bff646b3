/* mcp_pwaf.h - pwaf's MCP server: tools, resources and prompts over the content, the state and the live checks. */
#ifndef PWAF_MCP_PWAF_H
#define PWAF_MCP_PWAF_H

#include "core/contentdb.h"
#include "ws/livesource.h"
#include "mcp/mcp.h"
#include "ws/probe.h"
#include "ws/snapshot.h"
#include "ws/wsconfig.h"

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
 * Open the live source through livesource_open (one way for check, export, the explorer and this
 * server), with the identity of pwaf's config file. Never touches the network. Returns:
 *   PWAF_LIVE_SNAPSHOT  src->snap ready to check (the demo imported, or a saved file);
 *   PWAF_LIVE_WORKSPACE src->cfg resolved, src->snap a new empty live snapshot;
 *   PWAF_LIVE_NONE      nothing configured; err says why;
 *   -1 with err set: the demo, the snapshot file, the config file or --profile/--host failed.
 * Free src with livesource_close and conf with config_free (also after a failure).
 */
int pwaf_live_open(const struct pwaf_live_spec *spec, struct livesource *src, struct livesource_identity *id,
		   struct config *conf, char *err, size_t errlen);

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
