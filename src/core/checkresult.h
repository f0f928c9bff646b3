/* checkresult.h - a live check's verdict on checklist items: the statuses and the result lists every output shares. */
#ifndef PWAF_CHECKRESULT_H
#define PWAF_CHECKRESULT_H

#include <stddef.h>

/* The statuses of `pwaf check`, in the order every count and table uses. */
enum check_status { CHECK_PASS, CHECK_FAIL, CHECK_WARN, CHECK_MANUAL, CHECK_UNKNOWN, CHECK_ERROR, CHECK_NSTATUS };

struct check_result {
	char *item, *title, *level;     /* from the content (owned) */
	char *pillar;                   /* the item's pillar (owned; "" when the content names none) */
	enum check_status status;
	char *evidence;                 /* sanitized single line, never NULL (owned) */
};

struct check_results {
	struct check_result *v;         /* owned */
	size_t n;
	int count[CHECK_NSTATUS];
};

/* "pass", "fail", "warn", "manual", "unknown", "error"; check_status_word: "PASS", ... (static
 * storage; an out-of-range status reads as error). check_status_parse: the status named, or -1. */
const char *check_status_name(enum check_status s);
const char *check_status_word(enum check_status s);
/* The ANSI colour (SGR sequence) text reports give a status; reset with "\x1b[0m". Static. */
const char *check_status_ansi(enum check_status s);
int check_status_parse(const char *name);

void check_result_free(struct check_result *r);
void check_results_free(struct check_results *r);

#endif
