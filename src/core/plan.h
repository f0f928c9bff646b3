/* plan.h - the improvement plan: failing and warning items ranked by what to fix first (as the AWS Well-Architected Tool's plan). */
#ifndef PWAF_PLAN_H
#define PWAF_PLAN_H

#include "core/report.h"
#include "core/state.h"

#include <stddef.h>

/*
 * The rank of an item in the plan, 0 first: a failing required item (0), another failing item
 * (1), a required item that warns (2), another item that warns (3). -1: not in the plan (no live
 * status, or any status but fail and warn, or marked not applicable).
 */
int plan_rank(enum check_status live, const char *level, enum item_state_value state);

/*
 * The plan of a report: indexes into r->items in plan order (rank, then the report's order),
 * written to order (room for r->n); returns how many.
 */
size_t plan_order(const struct report *r, size_t *order);

/* "required, failing", "failing", "required, warning", "warning": what a rank means (NULL out of range). */
const char *plan_rank_label(int rank);

#endif
