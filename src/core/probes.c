/* probes.c - the table of workspace endpoints (paths, paging, shapes, SDK sources) and the snapshot schema. */
#include "core/probes.h"

#include <stdio.h>
#include <stdlib.h>
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
	/* --- system tables, through the Statement Execution API on a SQL warehouse (parent: the
	 * warehouses, to choose one). Columns as the system-table reference pages give them. */
	{ .name = "sys-audit-user-agents", .kind = PROBE_SQL, .parent = "warehouses", .what = "User-Agents in the audit log",
	  .system_table = "system.access.audit", .view = "sys_audit_user_agents",
	  .fields = "user_agent requests clients identities last_seen",
	  .sql = "/* pwaf: sys-audit-user-agents */ SELECT user_agent, count(*) AS requests, "
		 "count(DISTINCT source_ip_address) AS clients, count(DISTINCT user_identity.email) AS identities, "
		 "CAST(max(event_time) AS STRING) AS last_seen FROM system.access.audit "
		 "WHERE event_date >= date_sub(current_date(), :since_days) AND user_agent IS NOT NULL "
		 "AND (:workspace_id = '' OR workspace_id = :workspace_id) "
		 "GROUP BY user_agent ORDER BY requests DESC LIMIT 1000" },
	{ .name = "sys-query-clients", .kind = PROBE_SQL, .parent = "warehouses", .what = "SQL clients in the query history",
	  .system_table = "system.query.history", .view = "sys_query_clients",
	  .fields = "client_application client_driver statements identities tagged tag_keys last_seen",
	  .sql = "/* pwaf: sys-query-clients */ SELECT client_application, client_driver, count(*) AS statements, "
		 "count(DISTINCT executed_by) AS identities, count_if(cardinality(query_tags) > 0) AS tagged, "
		 "array_join(array_sort(array_distinct(flatten(collect_list(map_keys(query_tags))))), ',') AS tag_keys, "
		 "CAST(max(start_time) AS STRING) AS last_seen FROM system.query.history "
		 "WHERE start_time >= current_timestamp() - make_dt_interval(:since_days) "
		 "AND (:workspace_id = '' OR workspace_id = :workspace_id) AND statement_text NOT LIKE '/* pwaf:%' "
		 "GROUP BY client_application, client_driver ORDER BY statements DESC LIMIT 1000" },
	{ .name = "sys-system-table-readers", .kind = PROBE_SQL, .parent = "warehouses",
	  .what = "queries of system tables in the query history", .system_table = "system.query.history",
	  .view = "sys_system_table_readers", .fields = "executed_by schema_read statements last_seen",
	  .sql = "/* pwaf: sys-system-table-readers */ SELECT executed_by, "
		 "lower(regexp_extract(statement_text, '(?i)system\\\\.(billing|access|query|compute|lakeflow|serving)', 1)) "
		 "AS schema_read, count(*) AS statements, CAST(max(start_time) AS STRING) AS last_seen "
		 "FROM system.query.history WHERE start_time >= current_timestamp() - make_dt_interval(:since_days) "
		 "AND (:workspace_id = '' OR workspace_id = :workspace_id) AND execution_status = 'FINISHED' "
		 "AND statement_text ILIKE '%system.%' AND statement_text NOT LIKE '/* pwaf:%' "
		 "GROUP BY 1, 2 HAVING schema_read <> '' ORDER BY statements DESC LIMIT 1000" },
	{ .name = "sys-billing-by-tag", .kind = PROBE_SQL, .parent = "warehouses", .what = "DBUs by customer tag",
	  .system_table = "system.billing.usage", .view = "sys_billing_by_tag",
	  .fields = "customer product serverless budget_policy dbus dbus_recent",
	  .sql = "/* pwaf: sys-billing-by-tag */ SELECT custom_tags[:customer_tag] AS customer, "
		 "billing_origin_product AS product, coalesce(product_features.is_serverless, false) AS serverless, "
		 "usage_metadata.budget_policy_id IS NOT NULL AS budget_policy, round(sum(usage_quantity), 2) AS dbus, "
		 "round(sum(CASE WHEN usage_date >= date_sub(current_date(), :since_days DIV 2) THEN usage_quantity "
		 "ELSE 0 END), 2) AS dbus_recent FROM system.billing.usage "
		 "WHERE usage_date >= date_sub(current_date(), :since_days) AND usage_unit = 'DBU' "
		 "AND (:workspace_id = '' OR workspace_id = :workspace_id) "
		 "GROUP BY ALL ORDER BY dbus DESC LIMIT 5000" },
	{ .name = "sys-lineage", .kind = PROBE_SQL, .parent = "warehouses", .what = "lineage events",
	  .system_table = "system.access.table_lineage", .view = "sys_lineage",
	  .fields = "entity_type created_by events targets last_seen",
	  .sql = "/* pwaf: sys-lineage */ SELECT entity_type, created_by, count(*) AS events, "
		 "count(DISTINCT target_table_full_name) AS targets, CAST(max(event_time) AS STRING) AS last_seen "
		 "FROM system.access.table_lineage WHERE event_date >= date_sub(current_date(), :since_days) "
		 "AND (:workspace_id = '' OR workspace_id = :workspace_id) "
		 "GROUP BY ALL ORDER BY events DESC LIMIT 1000" },
	{ .name = "sys-sharing-activity", .kind = PROBE_SQL, .parent = "warehouses",
	  .what = "Delta Sharing recipient activity in the audit log", .system_table = "system.access.audit",
	  .view = "sys_sharing_activity", .fields = "recipient action_name events last_seen",
	  .sql = "/* pwaf: sys-sharing-activity */ SELECT request_params['recipient_name'] AS recipient, action_name, "
		 "count(*) AS events, CAST(max(event_time) AS STRING) AS last_seen FROM system.access.audit "
		 "WHERE event_date >= date_sub(current_date(), :since_days) AND service_name = 'unityCatalog' "
		 "AND action_name LIKE 'deltaSharing%' GROUP BY ALL ORDER BY events DESC LIMIT 1000" },
	/* --- the account console (an account profile: --account-profile) */
	{ .name = "account-budgets", .host = HOST_ACCOUNT, .path = "/api/2.1/accounts/{account_id}/budgets",
	  .array_key = "budgets", .id_key = "budget_configuration_id", .paging = PAGING_TOKEN, .what = "budgets",
	  .sdk = "service/billing/model.go BudgetConfiguration",
	  .fields = "budget_configuration_id display_name filter.tags[].key filter.tags[].value.values filter.workspace_id.values "
		    "alert_configurations[].quantity_threshold" },
	{ .name = "account-federation-policies", .host = HOST_ACCOUNT,
	  .path = "/api/2.0/accounts/{account_id}/federationPolicies", .array_key = "policies", .id_key = "uid",
	  .paging = PAGING_TOKEN, .what = "account federation policies", .sdk = "service/oauth2/model.go FederationPolicy",
	  .fields = "uid name oidc_policy.issuer oidc_policy.audiences" },
	{ .name = "account-custom-apps", .host = HOST_ACCOUNT,
	  .path = "/api/2.0/accounts/{account_id}/oauth2/custom-app-integrations", .array_key = "apps",
	  .id_key = "integration_id", .paging = PAGING_TOKEN, .what = "custom OAuth app integrations",
	  .sdk = "service/oauth2/model.go GetCustomAppIntegrationOutput",
	  .fields = "integration_id name confidential redirect_urls scopes" },
	{ .name = NULL }
};

const char probe_snapshot_schema[] =
	"CREATE TABLE IF NOT EXISTS objects(endpoint TEXT NOT NULL, id TEXT, json TEXT NOT NULL,"
	" fetched_at TEXT NOT NULL, status INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS objects_endpoint ON objects(endpoint);"
	"CREATE TABLE IF NOT EXISTS fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER,"
	" error TEXT, count INTEGER, fetched_at TEXT, error_code TEXT);"
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);";

const char *probe_schema_sql(void)
{
	static char *sql;
	if (sql) return sql;
	size_t cap = sizeof probe_snapshot_schema + 4096, n = 0;
	char *b = malloc(cap);
	if (!b) return probe_snapshot_schema;
	n = (size_t)snprintf(b, cap, "%s", probe_snapshot_schema);
	for (const struct probe_def *p = defs; p->name; p++) {
		if (p->kind != PROBE_SQL) continue;
		char cols[1024];
		size_t c = 0;
		const char *f = p->fields;
		while (*f && c < sizeof cols - 200) { /* "a b" -> "json ->> '$.a' AS a, json ->> '$.b' AS b" */
			size_t k = strcspn(f, " ");
			c += (size_t)snprintf(cols + c, sizeof cols - c, "%sjson ->> '$.%.*s' AS %.*s", c ? ", " : "", (int)k, f,
					      (int)k, f);
			f += k;
			while (*f == ' ') f++;
		}
		for (;;) {
			size_t need = (size_t)snprintf(b + n, cap - n,
						       "CREATE VIEW IF NOT EXISTS %s AS SELECT %s FROM objects WHERE endpoint = '%s';",
						       p->view, cols, p->name);
			if (n + need < cap) {
				n += need;
				break;
			}
			char *nb = realloc(b, cap *= 2);
			if (!nb) {
				free(b);
				return probe_snapshot_schema;
			}
			b = nb;
		}
	}
	sql = b;
	return sql;
}

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
