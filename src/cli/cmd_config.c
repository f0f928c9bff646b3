/* cmd_config.c - `pwaf config [KEY [VALUE]]`: show or set one setting of pwaf's config file (identity for attribution checks, warehouse, theme). */
#include "cli/cli.h"
#include "core/errlen.h"

#include "core/diag.h"
#include "core/settings.h"
#include "tui/keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>



/* Print every setting that is set and the bind lines (KEY empty), or one (KEY given). The whole
 * file is validated first as the explorer reads it, bind lines too: an error exits 2. */
static int show(const char *path, const char *key)
{
	struct config c;
	struct diag d = { 0 };
	int rc = config_load(&c, path, &d);
	if (rc == 0) rc = keymap_check(&c, &d);
	if (rc < 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		config_free(&c);
		return EXIT_USAGE;
	}
	const struct { const char *k; const char *v; } all[] = {
		{ "theme", c.theme }, { "assessment", c.assessment }, { "product", c.product },
		{ "customer_tag", c.customer_tag }, { "query_tag", c.query_tag }, { "warehouse", c.warehouse },
		{ "account_profile", c.account_profile }, { "mouse", c.mouse ? "on" : "off" },
		{ "advance", c.advance ? "on" : "off" },
		{ "hyperlinks", c.hyperlinks < 0 ? "auto" : c.hyperlinks ? "on" : "off" },
	};
	int found = 0;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (key && strcmp(key, all[i].k) != 0) continue;
		found = 1;
		if (key) {
			if (all[i].v) cli_put_safe(stdout, all[i].v), putchar('\n');
			else fprintf(stderr, "pwaf config: %s is not set in %s\n", key, path);
		} else if (all[i].v) {
			printf("%s = ", all[i].k);
			cli_put_safe(stdout, all[i].v);
			putchar('\n');
		}
	}
	for (size_t i = 0; !key && i < c.nbinds; i++) {
		printf("bind %s %s %s\n", c.binds[i].mode, c.binds[i].key, c.binds[i].action); /* checked names */
	}
	diag_free(&d);
	config_free(&c);
	if (key && !found) return cli_usage_error("config", "unknown setting '%s' (settings: %s)", key, config_keys());
	return EXIT_FINE;
}

int cmd_config(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cli_print_usage(stdout, "config");
		printf("keys: %s\n", config_keys());
		return EXIT_FINE;
	}
	if (argc > 3) return cli_usage_error("config", "pwaf %s   (keys: %s)", cli_usage_of("config"), config_keys());
	char *path = config_default_path();
	int rc;
	if (argc == 3) {
		char err[PWAF_ERRLEN];
		rc = config_set(path, argv[1], argv[2], err, sizeof err) == 0 ? EXIT_FINE : cli_usage_error("config", "%s", err);
		if (rc == EXIT_FINE) {
			fprintf(stderr, "pwaf config: %s = ", argv[1]);
			cli_put_safe(stderr, argv[2]);
			fprintf(stderr, " (in %s)\n", path);
		}
	} else {
		rc = show(path, argc == 2 ? argv[1] : NULL);
	}
	free(path);
	return rc;
}
