/* cmd_mcp.c - `pwaf mcp`: the Model Context Protocol server, over stdio or Streamable HTTP on loopback. */
#include "cli/cli.h"
#include "core/errlen.h"

#include "mcp/mcp_pwaf.h"
#include "mcp/mcp_transport.h"
#include "ws/snapshot.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static void app_service(void *app)
{
	pwaf_mcp_app_service(app);
}

static void *app_new(void *arg)
{
	return pwaf_mcp_app_new(arg);
}

static void on_ready(const char *url)
{
	fprintf(stderr, "pwaf mcp: serving MCP (Streamable HTTP) at %s\n", url);
	fflush(stderr);
}

/* Refuse a live source that cannot be opened before any client connects (exit 2). */
static int check_source(const struct pwaf_mcp_opts *o)
{
	struct livesource src;
	struct livesource_identity id = { 0 };
	struct config conf;
	char err[PWAF_ERRLEN];
	int kind = pwaf_live_open(&o->live, &src, &id, &conf, err, sizeof err);
	if (kind == PWAF_LIVE_WORKSPACE && src.warning[0]) fprintf(stderr, "pwaf mcp: %s\n", src.warning);
	livesource_close(&src);
	config_free(&conf);
	if (kind < 0) {
		fprintf(stderr, "pwaf mcp: %s\n", err);
		return -1;
	}
	return 0;
}

int cmd_mcp(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "allow-write", no_argument, NULL, 'w' },
		{ "http", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	const char *listen = NULL;
	int allow_write = 0, c;
	struct cli_parse p = { .cmd = "mcp", .common = CLI_O_DB | CLI_O_STATE | CLI_O_SOURCE, .own = opts,
			       .own_short = "wL:" };
	while ((c = cli_getopt(&p, argc, argv)) != -1) {
		switch (c) {
		case 'w': allow_write = 1; break;
		case 'L': listen = optarg; break;
		default: return p.exit;
		}
	}
	if (optind < argc) return cli_usage_error("mcp", "unexpected argument '%s'", argv[optind]);
	if ((cli_g.demo != 0) + (cli_g.snapshot != NULL) + (cli_g.profile || cli_g.host) > 1)
		return cli_usage_error("mcp", "choose one of --profile/--host, --demo and --snapshot");
	int family = 0, port = 0;
	char err[PWAF_ERRLEN];
	if (listen && mcp_http_parse_listen(listen, &family, &port, err, sizeof err) < 0)
		return cli_usage_error("mcp", "%s", err);

	struct cdb *db = cli_open_content();
	if (!db) return EXIT_USAGE;
	struct pwaf_mcp_opts o = {
		.db = db, .state_path = cli_g.state, .allow_write = allow_write, .version = PACKAGE_VERSION,
		.live = { .demo = cli_g.demo, .snapshot = cli_g.snapshot, .profile = cli_g.profile, .host = cli_g.host,
			  .demo_json = pwaf_demo_json, .demo_len = pwaf_demo_json_len },
	};
	if (check_source(&o) < 0) {
		cdb_close(db);
		return EXIT_USAGE;
	}
	struct mcp_server_def *def = pwaf_mcp_def_new(&o);
	struct mcp_host h = { def, app_new, pwaf_mcp_app_free, pwaf_mcp_app_fd, app_service, &o };
	int rc = EXIT_FINE;
	if (listen) {
		if (mcp_http_run(&h, family, port, on_ready, err, sizeof err) < 0) {
			fprintf(stderr, "pwaf mcp: %s\n", err);
			rc = EXIT_USAGE;
		}
	} else {
		if (isatty(STDIN_FILENO))
			fprintf(stderr, "pwaf mcp: speaking MCP on stdin and stdout (JSON-RPC, one message a line); "
					"register it in an MCP client (see pwaf(1)), or press Ctrl-D to quit\n");
		mcp_stdio_run(&h, STDIN_FILENO, STDOUT_FILENO);
	}
	pwaf_mcp_def_free(def);
	cdb_close(db);
	return rc;
}
