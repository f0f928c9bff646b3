/* checkresult.c - status names and the freeing of check results. */
#include "core/checkresult.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[CHECK_NSTATUS] = { "pass", "fail", "warn", "manual", "unknown", "error" };
static const char *const words[CHECK_NSTATUS] = { "PASS", "FAIL", "WARN", "MANUAL", "UNKNOWN", "ERROR" };
/* the colours every text report gives a status (pwaf check, the fleet report) */
static const char *const ansi[CHECK_NSTATUS] = {
	[CHECK_PASS] = "\x1b[32m", [CHECK_FAIL] = "\x1b[1;31m", [CHECK_WARN] = "\x1b[33m",
	[CHECK_MANUAL] = "\x1b[2m", [CHECK_UNKNOWN] = "\x1b[35m", [CHECK_ERROR] = "\x1b[1;35m",
};

const char *check_status_ansi(enum check_status s)
{
	return (unsigned)s < CHECK_NSTATUS ? ansi[s] : ansi[CHECK_ERROR];
}

const char *check_status_name(enum check_status s)
{
	return (unsigned)s < CHECK_NSTATUS ? names[s] : "error";
}

const char *check_status_word(enum check_status s)
{
	return (unsigned)s < CHECK_NSTATUS ? words[s] : "ERROR";
}

int check_status_parse(const char *name)
{
	for (int i = 0; name && i < CHECK_NSTATUS; i++)
		if (strcmp(name, names[i]) == 0) return i;
	return -1;
}

void check_result_free(struct check_result *r)
{
	free(r->item);
	free(r->title);
	free(r->level);
	free(r->pillar);
	free(r->evidence);
	memset(r, 0, sizeof *r);
}

void check_results_free(struct check_results *r)
{
	for (size_t i = 0; i < r->n; i++) check_result_free(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}
