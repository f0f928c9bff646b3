/* fuzz_settings.c - libFuzzer target: any bytes as pwaf's config file (~/.config/pwaf/config). */
#include "core/settings.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!devnull) devnull = fopen("/dev/null", "w");
	struct config c;
	struct diag d = { 0 };
	int rc = config_parse(&c, "fuzz.config", (const char *)data, size, &d);
	if ((rc == 0) != (d.n == 0)) abort();            /* an error is reported exactly when it fails */
	if (c.mouse != 0 && c.mouse != 1) abort();
	for (size_t i = 0; i < c.nbinds; i++)
		if (!c.binds[i].mode || !c.binds[i].key || !c.binds[i].action || c.binds[i].line < 1) abort();
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line < 0 || strcmp(d.v[i].file, "fuzz.config") != 0) abort();
	diag_print(&d, devnull);
	diag_free(&d);
	config_free(&c);
	return 0;
}
