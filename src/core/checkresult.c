/* checkresult.c - status names and the freeing of check results. */
#include "checkresult.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[CHECK_NSTATUS] = { "pass", "fail", "warn", "manual", "unknown", "error" };
static const char *const words[CHECK_NSTATUS] = { "PASS", "FAIL", "WARN", "MANUAL", "UNKNOWN", "ERROR" };

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
