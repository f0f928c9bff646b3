/* livesource.c - open the demo, a saved snapshot or a workspace for check, export, the explorer and the MCP server alike. */
#include "ws/livesource.h"

#include "core/buf.h"
#include "core/diag.h"
#include "ws/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int livesource_identity_load(struct livesource_identity *id, struct config *conf, char *err, size_t errlen)
{
	char *path = config_default_path();
	struct diag d = { 0 };
	int rc = config_load(conf, path, &d);
	if (rc < 0) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		if (f) {
			diag_print(&d, f);
			fclose(f);
		}
		snprintf(err, errlen, "%s", text ? text : "cannot read the config file");
		size_t n = strlen(err);
		while (n && err[n - 1] == '\n') err[--n] = 0;
		free(text);
	}
	diag_free(&d);
	free(path);
	if (rc < 0) return -1;
	if (!id->product) id->product = conf->product;
	if (!id->customer_tag) id->customer_tag = conf->customer_tag;
	if (!id->query_tag) id->query_tag = conf->query_tag;
	if (!id->warehouse) id->warehouse = conf->warehouse;
	if (!id->account_profile) id->account_profile = conf->account_profile;
	const struct { const char *key, *val; } v[] = { { "product", id->product }, { "customer_tag", id->customer_tag },
							  { "query_tag", id->query_tag }, { "warehouse", id->warehouse } };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (v[i].val && config_value_ok(v[i].key, v[i].val, err, errlen) < 0) return -1;
	return 0;
}

/* The account console's profile: only that profile (never the workspace's DATABRICKS_* variables)
 * and an account host. */
int livesource_account(const char *profile, struct ws_config *acct, char *err, size_t errlen)
{
	struct ws_config_flags fl = { .profile = profile, .profile_only = 1 };
	if (wsconfig_resolve(&fl, acct, err, errlen) < 0) {
		wsconfig_free(acct);
		return -1;
	}
	if (!acct->is_account) {
		char *h = http_safe_text(acct->host, strlen(acct->host), 120);
		char *p = http_safe_text(profile, strlen(profile), 60);
		snprintf(err, errlen, "profile '%s' is for %s, not an account console (https://accounts.cloud.databricks.com, "
			 "https://accounts.azuredatabricks.net or https://accounts.gcp.databricks.com, with account_id)", p, h);
		free(h);
		free(p);
		wsconfig_free(acct);
		return -1;
	}
	return 0;
}

/* Record the identity the checks read in the snapshot's meta: the run's, else what a saved
 * snapshot holds. */
void livesource_identity_apply(const struct livesource_identity *id, struct snapshot *snap)
{
	char buf[16];
	if (id->product) snapshot_set_meta(snap, "partner_product", id->product);
	if (id->customer_tag) snapshot_set_meta(snap, "customer_tag", id->customer_tag);
	else if (!snapshot_meta(snap, "customer_tag", buf, sizeof buf)) snapshot_set_meta(snap, "customer_tag", "customer_id");
	if (id->query_tag) snapshot_set_meta(snap, "query_tag", id->query_tag);
	if (id->since_days || !snapshot_meta(snap, "since_days", buf, sizeof buf)) {
		snprintf(buf, sizeof buf, "%d", id->since_days ? id->since_days : 30);
		snapshot_set_meta(snap, "since_days", buf);
	}
}

int livesource_open(const struct livesource_spec *spec, const struct livesource_identity *id, struct livesource *out, char *err,
		size_t errlen)
{
	memset(out, 0, sizeof *out);
	int n = (spec->demo != 0) + (spec->snapshot != NULL) + (spec->profile || spec->host);
	if (n > 1) {
		snprintf(err, errlen, "choose one of --profile/--host, --demo and --snapshot");
		return -1;
	}
	if (spec->demo) {
		out->kind = SOURCE_DEMO;
		out->snap = snapshot_new("demo", NULL, err, errlen);
		if (out->snap && snapshot_import_demo(out->snap, (const char *)spec->demo_json, spec->demo_len, err, errlen) < 0)
			return -1;
		return out->snap ? 0 : -1;
	}
	if (spec->snapshot) {
		out->kind = SOURCE_FILE;
		out->snap = snapshot_open(spec->snapshot, err, errlen);
		if (!out->snap) return -1;
		if (id) livesource_identity_apply(id, out->snap);
		return 0;
	}
	struct ws_config_flags fl = { .profile = spec->profile, .host = spec->host };
	if (wsconfig_resolve(&fl, &out->cfg, err, errlen) < 0) {
		wsconfig_free(&out->cfg);
		if (spec->optional && !spec->profile && !spec->host) {
			out->kind = SOURCE_NONE;
			snprintf(out->none_why, sizeof out->none_why, "%s", err);
			return 0;
		}
		return -1;
	}
	out->kind = SOURCE_WORKSPACE;
	snprintf(out->warning, sizeof out->warning, "%s", out->cfg.warning);
	if (id && id->account_profile && livesource_account(id->account_profile, &out->acct, err, errlen) < 0) return -1;
	out->snap = snapshot_new("live", out->cfg.host, err, errlen);
	if (!out->snap) return -1;
	if (id) livesource_identity_apply(id, out->snap);
	return 0;
}

void livesource_close(struct livesource *s)
{
	snapshot_close(s->snap);
	if (s->cfg.host) wsconfig_free(&s->cfg);
	if (s->acct.host) wsconfig_free(&s->acct);
	memset(s, 0, sizeof *s);
}

void livesource_probe_opts(const struct livesource *s, const struct livesource_identity *id, struct probe_run_opts *po)
{
	po->account = s->acct.host ? &s->acct : NULL;
	po->warehouse_id = id && id->warehouse ? id->warehouse : s->cfg.warehouse_id;
	if (id) {
		po->customer_tag = id->customer_tag;
		if (id->since_days) po->since_days = id->since_days;
		po->start_warehouse |= id->start_warehouse;
	}
}

struct snapshot *livesource_fresh(const struct livesource *s, const struct livesource_identity *id, char *err,
				  size_t errlen)
{
	struct snapshot *snap = snapshot_new("live", s->cfg.host, err, errlen);
	if (snap && id) livesource_identity_apply(id, snap);
	return snap;
}

const char *livesource_name(const struct livesource *s)
{
	return s->snap ? snapshot_source(s->snap) : "live";
}
