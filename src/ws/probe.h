/* probe.h - fetch workspace endpoints into a snapshot in a background thread; poll for progress. */
#ifndef PWAF_PROBE_H
#define PWAF_PROBE_H

#include "snapshot.h"
#include "wsconfig.h"

#include <stddef.h>

struct probe_run_opts {
	int max_conns;              /* probes in flight at once; 0: 8 (PWAF_JOBS in the environment also works) */
	long connect_timeout_ms;    /* 0: 10 s */
	long timeout_ms;            /* per request; 0: 60 s */
	int max_pages;              /* per probe; 0: 1000 */
	int max_retries;            /* on 429/503; 0: 5 */
	long max_retry_wait_ms;     /* total waiting per probe on 429/503; 0: 60 s */
};

/* One finished probe. */
struct probe_event {
	char name[48];              /* the probe ("clusters") */
	long status;                /* last HTTP status; 0: no HTTP answer (connection error, cancelled) */
	long count;                 /* objects stored */
	char *error;                /* NULL on success, else a sanitized one-line message (no secret) */
};

struct probe_run;

/*
 * Start fetching the named probes (probe_defs names; NULL or empty: all) into snap, in a new
 * thread. cfg is copied. system-schemas brings metastore-assignment with it (it needs the
 * metastore id). Each probe's rows are replaced when it starts; its fetches row appears when it
 * ends, so checks never see half a probe. Returns NULL with err set (unknown probe name, no
 * thread). The snapshot must outlive the run.
 */
struct probe_run *probe_run_start(const struct ws_config *cfg, const char *const *names, struct snapshot *snap,
				  const struct probe_run_opts *opts, char *err, size_t errlen);

/* A descriptor that is readable while events are pending (for poll(2) in a UI loop). */
int probe_run_fd(struct probe_run *r);

/*
 * Take the next event without blocking: 1 and *ev filled (free with probe_event_free), 0 when none
 * is pending yet, -1 when the run has finished and every event was taken.
 */
int probe_run_poll(struct probe_run *r, struct probe_event *ev);

/* Ask the run to stop: transfers are abandoned, unfinished probes end with error "cancelled". */
void probe_run_cancel(struct probe_run *r);
/* Block until the run has finished (events stay queued for probe_run_poll). */
void probe_run_wait(struct probe_run *r);
/* Probes in the run (after dependencies were added), and how many have finished. */
void probe_run_progress(struct probe_run *r, int *done, int *total);
/* Wait, then free everything (pending events too). */
void probe_run_free(struct probe_run *r);

void probe_event_free(struct probe_event *ev);

#endif
