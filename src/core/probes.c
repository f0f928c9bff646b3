/* probes.c - the table of workspace endpoints and the snapshot schema. */
#include "probes.h"

#include <stdio.h>
#include <string.h>

static const struct probe_def defs[] = {
	{ "clusters", "/api/2.1/clusters/list?page_size=100", "clusters", "cluster_id", PAGING_TOKEN, "clusters" },
	{ "warehouses", "/api/2.0/sql/warehouses", "warehouses", "id", PAGING_NONE, "SQL warehouses" },
	{ "jobs", "/api/2.2/jobs/list?limit=100", "jobs", "job_id", PAGING_TOKEN, "jobs" },
	{ "cluster-policies", "/api/2.0/policies/clusters/list", "policies", "policy_id", PAGING_NONE, "cluster policies" },
	{ "tokens", "/api/2.0/token-management/tokens", "token_infos", "token_id", PAGING_NONE, "access tokens" },
	{ "workspace-conf", "/api/2.0/workspace-conf?keys=enableTokensConfig,maxTokenLifetimeDays,enableIpAccessLists",
	  NULL, NULL, PAGING_NONE, "workspace settings" },
	{ "ip-access-lists", "/api/2.0/ip-access-lists", "ip_access_lists", "list_id", PAGING_NONE, "IP access lists" },
	{ "service-principals", "/api/2.0/preview/scim/v2/ServicePrincipals", "Resources", "id", PAGING_SCIM, "service principals" },
	{ "apps", "/api/2.0/apps", "apps", "name", PAGING_TOKEN, "apps" },
	{ "secret-scopes", "/api/2.0/secrets/scopes/list", "scopes", "name", PAGING_NONE, "secret scopes" },
	{ "serving-endpoints", "/api/2.0/serving-endpoints", "endpoints", "name", PAGING_NONE, "serving endpoints" },
	{ "metastore-assignment", "/api/2.1/unity-catalog/current-metastore-assignment", NULL, "metastore_id",
	  PAGING_NONE, "metastore assignment" },
	{ "catalogs", "/api/2.1/unity-catalog/catalogs", "catalogs", "name", PAGING_TOKEN, "catalogs" },
	{ "shares", "/api/2.1/unity-catalog/shares", "shares", "name", PAGING_TOKEN, "shares" },
	{ "recipients", "/api/2.1/unity-catalog/recipients", "recipients", "name", PAGING_TOKEN, "recipients" },
	{ "providers", "/api/2.1/unity-catalog/providers", "providers", "name", PAGING_TOKEN, "providers" },
	{ "system-schemas", "/api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas", "schemas", "schema",
	  PAGING_TOKEN, "system schemas" },
	{ "pipelines", "/api/2.0/pipelines", "statuses", "pipeline_id", PAGING_TOKEN, "pipelines" },
	{ "current-user", "/api/2.0/preview/scim/v2/Me", NULL, "userName", PAGING_NONE, "current user" },
	{ NULL, NULL, NULL, NULL, PAGING_NONE, NULL }
};

const char probe_snapshot_schema[] =
	"CREATE TABLE IF NOT EXISTS objects(endpoint TEXT NOT NULL, id TEXT, json TEXT NOT NULL,"
	" fetched_at TEXT NOT NULL, status INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS objects_endpoint ON objects(endpoint);"
	"CREATE TABLE IF NOT EXISTS fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER,"
	" error TEXT, count INTEGER, fetched_at TEXT);";

const struct probe_def *probe_defs(void)
{
	return defs;
}

const struct probe_def *probe_find(const char *name)
{
	for (const struct probe_def *p = defs; p->name; p++)
		if (strcmp(p->name, name) == 0) return p;
	return NULL;
}

const char *probe_names(void)
{
	static char list[512];
	if (list[0]) return list;
	size_t n = 0;
	for (const struct probe_def *p = defs; p->name && n < sizeof list; p++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", p == defs ? "" : ", ", p->name);
	return list;
}
