/* livesource.h - one way to open a live source (the bundled demo, a saved snapshot, or a workspace) and the partner identity it is read with. */
#ifndef PWAF_LIVESOURCE_H
#define PWAF_LIVESOURCE_H

#include "ws/probe.h"
#include "core/settings.h"
#include "ws/snapshot.h"
#include "ws/wsconfig.h"

#include <stddef.h>

/* Who the partner is and how to reach system tables and the account: flags first, then pwaf's
 * config file (livesource_identity_load). Strings are borrowed. */
struct livesource_identity {
	const char *product;         /* the product's User-Agent name (Partner_Product) */
	const char *customer_tag;    /* the tag key naming a customer; NULL: customer_id */
	const char *query_tag;       /* the query tag key the product sets */
	const char *warehouse;       /* the SQL warehouse for system tables */
	const char *account_profile; /* the profile of the account console */
	int since_days;              /* the look-back window; 0: 30 */
	int start_warehouse;         /* a stopped warehouse may be started */
};

/* What to open. Exactly one of demo, snapshot and (profile or host) may be given; none means the
 * workspace of the environment and the config file. */
struct livesource_spec {
	int demo;
	const unsigned char *demo_json; /* the bundled demo (pwaf_demo_json), passed in by the program */
	size_t demo_len;
	const char *snapshot;           /* a saved snapshot file */
	const char *profile, *host;     /* --profile, --host */
	int optional;                   /* no workspace configured is not an error: kind SOURCE_NONE */
};

enum source_kind { SOURCE_NONE, SOURCE_DEMO, SOURCE_FILE, SOURCE_WORKSPACE };

struct livesource {
	enum source_kind kind;
	struct snapshot *snap;          /* DEMO and FILE: loaded; WORKSPACE: a new empty live snapshot */
	struct ws_config cfg;           /* WORKSPACE: the credentials (wsconfig_free'd by livesource_close) */
	struct ws_config acct;          /* the account console, when an account profile is set (acct.host NULL: none) */
	char warning[512];              /* a warning for the user (config file permissions), or "" */
	char none_why[512];             /* SOURCE_NONE: why there is no workspace */
};

/*
 * Open the source spec names. id (may be NULL) adds the account profile to a workspace and the
 * identity to the snapshot's meta (partner_product, customer_tag, query_tag, since_days; the demo
 * keeps its own). Returns 0 with *out filled, or -1 with err (exit code 2): two sources at once,
 * no demo built in, a file that is not a snapshot, a configuration error, an account profile that
 * is not an account console. Free with livesource_close (also after a failure).
 */
int livesource_open(const struct livesource_spec *spec, const struct livesource_identity *id, struct livesource *out, char *err,
		size_t errlen);
void livesource_close(struct livesource *s);

/* Fill id's unset fields from the config file (read into conf; config_free it after). 0, or -1
 * with the file's diagnostics in err and values that cannot be (a product name with a space). */
int livesource_identity_load(struct livesource_identity *id, struct config *conf, char *err, size_t errlen);

/* The probe options a workspace source and an identity imply (warehouse, account, customer tag). */
void livesource_probe_opts(const struct livesource *s, const struct livesource_identity *id, struct probe_run_opts *po);

/* A new empty live snapshot of a workspace source with the identity in its meta, for a fetch that
 * must not touch the results still being read (the MCP server). NULL with err on failure. */
struct snapshot *livesource_fresh(const struct livesource *s, const struct livesource_identity *id, char *err,
				  size_t errlen);

/* Resolve the account console's profile: that profile only (never the DATABRICKS_* variables meant
 * for a workspace), and it must be an account host. 0, or -1 with err (acct freed). */
int livesource_account(const char *profile, struct ws_config *acct, char *err, size_t errlen);

/* Record the identity in snap's meta (partner_product, customer_tag, query_tag, since_days); a
 * saved snapshot keeps what it holds where id says nothing. */
void livesource_identity_apply(const struct livesource_identity *id, struct snapshot *snap);

/* "demo", "file" or "live" (the snapshot's source). */
const char *livesource_name(const struct livesource *s);

#endif
