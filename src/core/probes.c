/* probes.c - the table of workspace endpoints (paths, paging, shapes, SDK sources) and the snapshot schema. */
#include "probes.h"

#include <stdio.h>
#include <string.h>

#define USER_CATALOG                                                                                     \
	"coalesce(json ->> '$.catalog_type', '') NOT IN ('SYSTEM_CATALOG', 'INTERNAL_CATALOG', "         \
	"'DELTASHARING_CATALOG') AND coalesce(json ->> '$.name', '') NOT IN ('system', 'samples', "      \
	"'hive_metastore', '__databricks_internal')"

/* Paths, paging and page sizes follow databricks-sdk-go service/<svc>/impl.go; the shapes are the
 * model.go structs named in .sdk. Unity Catalog lists send max_results=0 (the paginated form; the
 * SDK forces it: the unpaginated form is being retired). */
static const struct probe_def defs[] = {
	{ .name = "clusters", .path = "/api/2.1/clusters/list?page_size=100", .array_key = "clusters",
	  .id_key = "cluster_id", .paging = PAGING_TOKEN, .what = "clusters", .scope = SCOPE_CALLER,
	  .sdk = "service/compute/model.go ClusterDetails",
	  .fields = "cluster_id cluster_name cluster_source custom_tags autotermination_minutes data_security_mode "
		    "policy_id state" },
	{ .name = "warehouses", .path = "/api/2.0/sql/warehouses?page_size=100", .array_key = "warehouses",
	  .id_key = "id", .paging = PAGING_TOKEN, .what = "SQL warehouses", .scope = SCOPE_CALLER,
	  .sdk = "service/sql/model.go EndpointInfo",
	  .fields = "id name auto_stop_mins enable_serverless_compute warehouse_type tags.custom_tags[].key "
		    "tags.custom_tags[].value state" },
	{ .name = "jobs", .path = "/api/2.2/jobs/list?limit=100", .array_key = "jobs", .id_key = "job_id",
	  .paging = PAGING_TOKEN, .what = "jobs", .scope = SCOPE_CALLER,
	  .sdk = "service/jobs/model.go BaseJob",
	  .fields = "job_id creator_user_name settings.name settings.tags" },
	{ .name = "job-details", .path = "/api/2.2/jobs/get?job_id={job_id}", .id_key = "job_id",
	  .paging = PAGING_NONE, .what = "job details (run-as)", .parent = "jobs", .scope = SCOPE_CALLER,
	  .sdk = "service/jobs/model.go Job",
	  .fields = "job_id run_as_user_name creator_user_name settings.name settings.run_as.user_name "
		    "settings.run_as.service_principal_name" },
	{ .name = "cluster-policies", .path = "/api/2.0/policies/clusters/list", .array_key = "policies",
	  .id_key = "policy_id", .paging = PAGING_NONE, .what = "cluster policies", .scope = SCOPE_CALLER,
	  .sdk = "service/compute/model.go Policy", .fields = "policy_id name is_default definition" },
	{ .name = "tokens", .path = "/api/2.0/token-management/tokens", .array_key = "token_infos",
	  .id_key = "token_id", .paging = PAGING_NONE, .what = "access tokens",
	  .sdk = "service/settings/model.go TokenInfo",
	  .fields = "token_id comment created_by_username creation_time expiry_time" },
	{ .name = "workspace-conf",
	  .path = "/api/2.0/workspace-conf?keys=enableTokensConfig,maxTokenLifetimeDays,enableIpAccessLists",
	  .paging = PAGING_NONE, .what = "workspace settings",
	  .sdk = "service/settings/model.go WorkspaceConf",
	  .fields = "enableTokensConfig maxTokenLifetimeDays enableIpAccessLists" },
	{ .name = "ip-access-lists", .path = "/api/2.0/ip-access-lists", .array_key = "ip_access_lists",
	  .id_key = "list_id", .paging = PAGING_NONE, .what = "IP access lists",
	  .sdk = "service/settings/model.go IpAccessListInfo", .fields = "list_id label list_type enabled" },
	{ .name = "service-principals", .path = "/api/2.0/preview/scim/v2/ServicePrincipals", .array_key = "Resources",
	  .id_key = "id", .paging = PAGING_SCIM, .what = "service principals",
	  .sdk = "service/iam/model.go ServicePrincipal", .fields = "id displayName applicationId active" },
	{ .name = "sp-secrets", .path = "/api/2.0/accounts/servicePrincipals/{id}/credentials/secrets",
	  .array_key = "secrets", .paging = PAGING_TOKEN, .what = "service principal OAuth secrets",
	  .parent = "service-principals", .sdk = "service/oauth2/model.go SecretInfo",
	  .fields = "id status create_time expire_time" },
	{ .name = "apps", .path = "/api/2.0/apps?page_size=100", .array_key = "apps", .id_key = "name",
	  .paging = PAGING_TOKEN, .what = "apps", .scope = SCOPE_CALLER, .sdk = "service/apps/model.go App",
	  .fields = "name service_principal_client_id compute_status.state app_status.state" },
	{ .name = "secret-scopes", .path = "/api/2.0/secrets/scopes/list", .array_key = "scopes", .id_key = "name",
	  .paging = PAGING_NONE, .what = "secret scopes", .sdk = "service/workspace/model.go SecretScope",
	  .fields = "name backend_type" },
	{ .name = "serving-endpoints", .path = "/api/2.0/serving-endpoints", .array_key = "endpoints",
	  .id_key = "name", .paging = PAGING_NONE, .what = "serving endpoints", .scope = SCOPE_CALLER,
	  .sdk = "service/serving/model.go ServingEndpoint",
	  .fields = "name state.ready tags[].key tags[].value config.served_entities[].external_model "
		    "config.served_entities[].foundation_model" },
	{ .name = "metastore-assignment", .path = "/api/2.1/unity-catalog/current-metastore-assignment",
	  .id_key = "metastore_id", .paging = PAGING_NONE, .what = "metastore assignment",
	  .answers = "METASTORE_DOES_NOT_EXIST", .sdk = "service/catalog/model.go MetastoreAssignment",
	  .fields = "metastore_id default_catalog_name" },
	{ .name = "metastore-summary", .path = "/api/2.1/unity-catalog/metastore_summary", .id_key = "metastore_id",
	  .paging = PAGING_NONE, .what = "metastore summary", .answers = "METASTORE_DOES_NOT_EXIST",
	  .sdk = "service/catalog/model.go GetMetastoreSummaryResponse", .fields = "metastore_id owner" },
	{ .name = "catalogs", .path = "/api/2.1/unity-catalog/catalogs?max_results=0", .array_key = "catalogs",
	  .id_key = "name", .paging = PAGING_TOKEN, .what = "catalogs", .scope = SCOPE_METASTORE,
	  .answers = "METASTORE_DOES_NOT_EXIST", .sdk = "service/catalog/model.go CatalogInfo",
	  .fields = "name owner catalog_type isolation_mode" },
	{ .name = "catalog-grants", .path = "/api/2.1/unity-catalog/permissions/catalog/{name}",
	  .array_key = "privilege_assignments", .paging = PAGING_TOKEN, .what = "catalog grants",
	  .parent = "catalogs", .parent_where = USER_CATALOG, .scope = SCOPE_METASTORE,
	  .sdk = "service/catalog/model.go PrivilegeAssignment", .fields = "principal privileges" },
	{ .name = "shares", .path = "/api/2.1/unity-catalog/shares?max_results=0", .array_key = "shares",
	  .id_key = "name", .paging = PAGING_TOKEN, .what = "shares", .scope = SCOPE_METASTORE,
	  .answers = "METASTORE_DOES_NOT_EXIST", .sdk = "service/sharing/model.go ShareInfo", .fields = "name" },
	{ .name = "share-details", .path = "/api/2.1/unity-catalog/shares/{name}?include_shared_data=true",
	  .id_key = "name", .paging = PAGING_NONE, .what = "share contents", .parent = "shares",
	  .scope = SCOPE_METASTORE, .sdk = "service/sharing/model.go ShareInfo",
	  .fields = "name objects[].name objects[].data_object_type objects[].history_data_sharing_status" },
	{ .name = "recipients", .path = "/api/2.1/unity-catalog/recipients?max_results=0", .array_key = "recipients",
	  .id_key = "name", .paging = PAGING_TOKEN, .what = "recipients", .scope = SCOPE_METASTORE,
	  .answers = "METASTORE_DOES_NOT_EXIST", .sdk = "service/sharing/model.go RecipientInfo",
	  .fields = "name authentication_type ip_access_list.allowed_ip_addresses tokens[].created_at "
		    "tokens[].expiration_time" },
	{ .name = "providers", .path = "/api/2.1/unity-catalog/providers?max_results=0", .array_key = "providers",
	  .id_key = "name", .paging = PAGING_TOKEN, .what = "providers", .scope = SCOPE_METASTORE,
	  .answers = "METASTORE_DOES_NOT_EXIST", .sdk = "service/sharing/model.go ProviderInfo",
	  .fields = "name authentication_type" },
	{ .name = "system-schemas", .path = "/api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas?max_results=0",
	  .array_key = "schemas", .paging = PAGING_TOKEN, .what = "system schemas", .parent = "metastore-assignment",
	  .sdk = "service/catalog/model.go SystemSchemaInfo", .fields = "schema state" },
	{ .name = "pipelines", .path = "/api/2.0/pipelines?max_results=100", .array_key = "statuses",
	  .id_key = "pipeline_id", .paging = PAGING_TOKEN, .what = "pipelines", .scope = SCOPE_CALLER,
	  .sdk = "service/pipelines/model.go PipelineStateInfo", .fields = "pipeline_id name" },
	{ .name = "current-user", .path = "/api/2.0/preview/scim/v2/Me", .id_key = "userName", .paging = PAGING_NONE,
	  .what = "current user", .sdk = "service/iam/model.go User", .fields = "userName groups[].display" },
	{ .name = "disable-legacy-access", .path = "/api/2.0/settings/types/disable_legacy_access/names/default",
	  .paging = PAGING_NONE, .what = "the disable-legacy-access setting",
	  .answers = "RESOURCE_DOES_NOT_EXIST NOT_FOUND", .sdk = "service/settings/model.go DisableLegacyAccess",
	  .fields = "disable_legacy_access.value" },
	{ .name = "disable-legacy-dbfs", .path = "/api/2.0/settings/types/disable_legacy_dbfs/names/default",
	  .paging = PAGING_NONE, .what = "the disable-legacy-DBFS setting",
	  .answers = "RESOURCE_DOES_NOT_EXIST NOT_FOUND", .sdk = "service/settings/model.go DisableLegacyDbfs",
	  .fields = "disable_legacy_dbfs.value" },
	{ .name = NULL }
};

const char probe_snapshot_schema[] =
	"CREATE TABLE IF NOT EXISTS objects(endpoint TEXT NOT NULL, id TEXT, json TEXT NOT NULL,"
	" fetched_at TEXT NOT NULL, status INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS objects_endpoint ON objects(endpoint);"
	"CREATE TABLE IF NOT EXISTS fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER,"
	" error TEXT, count INTEGER, fetched_at TEXT, error_code TEXT);"
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);";

const struct probe_def *probe_defs(void)
{
	return defs;
}

const struct probe_def *probe_find(const char *name)
{
	for (const struct probe_def *p = defs; name && p->name; p++)
		if (strcmp(p->name, name) == 0) return p;
	return NULL;
}

const char *probe_names(void)
{
	static char list[1024];
	if (list[0]) return list;
	size_t n = 0;
	for (const struct probe_def *p = defs; p->name && n < sizeof list; p++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", p == defs ? "" : ", ", p->name);
	return list;
}

int probe_placeholder(const struct probe_def *def, char *out, size_t len)
{
	const char *a = strchr(def->path, '{');
	const char *b = a ? strchr(a, '}') : NULL;
	if (!b || (size_t)(b - a - 1) >= len) return 0;
	memcpy(out, a + 1, (size_t)(b - a - 1));
	out[b - a - 1] = 0;
	return 1;
}

int probe_is_answer(const struct probe_def *def, const char *code)
{
	if (!def->answers || !code || !*code) return 0;
	size_t n = strlen(code);
	for (const char *p = def->answers; (p = strstr(p, code)); p += n)
		if ((p == def->answers || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) return 1;
	return 0;
}
