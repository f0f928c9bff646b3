/* plan.c - rank failing and warning items into an improvement plan. */
#include "core/plan.h"
#include "core/vocab.h"

#include <string.h>

int plan_rank(enum check_status live, const char *level, enum item_state_value state)
{
	if (state == ITEM_NA) return -1;
	int required = level && vocab_level_of(level) == LEVEL_REQUIRED;
	if (live == CHECK_FAIL) return required ? 0 : 1;
	if (live == CHECK_WARN) return required ? 2 : 3;
	return -1;
}

size_t plan_order(const struct report *r, size_t *order)
{
	size_t n = 0;
	for (int rank = 0; rank < 4; rank++)
		for (size_t i = 0; i < r->n; i++) {
			const struct report_item *it = &r->items[i];
			if (it->live && plan_rank(it->live->status, it->level, it->state) == rank) order[n++] = i;
		}
	return n;
}

const char *plan_rank_label(int rank)
{
	static const char *const labels[] = { "required, failing", "failing", "required, warning", "warning" };
	return rank >= 0 && rank < 4 ? labels[rank] : NULL;
}
