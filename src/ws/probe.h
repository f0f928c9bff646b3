/* probe.h - fetch workspace endpoints into a snapshot in a background thread; poll for progress. */
#ifndef PWAF_PROBE_H
#define PWAF_PROBE_H

#include "core/probes.h"
#include "ws/snapshot.h"
#include "ws/wsconfig.h"

#include <stddef.h>

/* Limits of one run. Zero fields take the default named. */
struct probe_run_opts {
	int max_conns;              /* requests in flight at once; 0: 8 (PWAF_JOBS in the environment also works) */
	double rate_limit;          /* requests started per second, all probes together; 0: DATABRICKS_RATE_LIMIT,
	                               else 15 (the Databricks SDKs' default) */
	long connect_timeout_ms;    /* 0: 10 s */
	long timeout_ms;            /* per request; 0: 60 s */
	long deadline_ms;           /* the whole run, retry waits included; 0: 300 s */
	int max_pages;              /* per probe and detail object; 0: 1000 */
	int max_retries;            /* per request; 0: 6 */
	long max_retry_wait_ms;     /* waiting per request across its retries; 0: 60 s */
	long max_objects;           /* kept per probe (detail calls count as objects too); 0: 100,000 */
	long max_bytes;             /* JSON kept per run; 0: 512 MB (per probe: a quarter of it) */
	/* system tables (PROBE_SQL) */
	const char *warehouse_id;   /* the SQL warehouse to use, or NULL: a running one the caller can use */
	int start_warehouse;        /* a stopped warehouse may be started (it costs DBUs) */
	int since_days;             /* the look-back window; 0: 30 */
	const char *customer_tag;   /* the tag naming a customer; NULL: customer_id */
	/* the account console, for HOST_ACCOUNT probes (copied), or NULL: those probes end with
	 * error_code PWAF_NO_ACCOUNT */
	const struct ws_config *account;
	/* limits shared with other runs (a fleet), or NULL: only this run's own */
	struct probe_limiter *shared;
};

/*
 * Limits several runs share (every workspace of a fleet): requests in flight and requests started
 * per second, over all of them, on top of each run's own max_conns and rate_limit. Thread-safe;
 * must outlive the runs that use it. max_conns < 1: 64; rate <= 0: 200 per second.
 */
struct probe_limiter;
struct probe_limiter *probe_limiter_new(int max_conns, double rate);
void probe_limiter_free(struct probe_limiter *l);
/* Requests in flight over every run using l now (for progress displays and tests). */
int probe_limiter_active(struct probe_limiter *l);

/* One finished probe. */
struct probe_event {
	char name[48];              /* the probe ("clusters") */
	long status;                /* last HTTP status; 0: no HTTP answer (connection error, cancelled) */
	long count;                 /* objects stored */
	char *error;                /* NULL on success (an empty answer too), else a sanitized one-line message (no secret) */
	char code[40];              /* the fetch's error_code ("" if none): the API's, or PWAF_* of probes.h */
};

struct probe_run;

/*
 * Start fetching the named probes (probe_defs names; NULL or empty: all) into snap, in a new
 * thread. cfg is copied. A probe that needs another (a detail call needs its list; the system
 * schemas need the metastore id) brings it along. Each probe's rows are replaced when it starts;
 * its fetches row appears when it ends, so checks never see half a probe.
 *
 * Requests follow the SDKs: at most opts->rate_limit started per second; idempotent GETs retried
 * on 429, 500, 502, 503, 504, REQUEST_LIMIT_EXCEEDED and the transport errors databricks-sdk-go
 * retries (http_retryable: a refused or reset connection, a connect or TLS handshake timeout),
 * honouring Retry-After, with jittered backoff, and never past the run's deadline. A probe that hits max_objects or its byte share ends with error_code PWAF_LIMIT and
 * keeps no objects. Returns NULL with err set (unknown probe name, no thread).
 * The snapshot must outlive the run.
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
/*
 * While the host cannot be reached: 1, with buf set to the last request's failure in a few words
 * ("cannot connect to 127.0.0.1:1 (connection refused)", http_xfer.brief) and *retrying (may be
 * NULL) 1 when that request will be tried again. 0 (buf "") before any failure and once a later
 * request got an HTTP answer. Callable from any thread while the run lives; it stays after the end.
 */
int probe_run_trouble(struct probe_run *r, char *buf, size_t n, int *retrying);
/* Requests sent so far (retries and pages included). */
long probe_run_requests(struct probe_run *r);
/* Wait, then free everything (pending events too). */
void probe_run_free(struct probe_run *r);

void probe_event_free(struct probe_event *ev);

/* What one page of a probe's answer says: the objects to keep and how to go on. */
struct probe_page {
	const struct cJSON *objs;   /* the list (or the one object) inside the page; NULL: nothing to keep */
	int one;                    /* objs is one object, not a list */
	int n;                      /* objects in objs */
	const char *next_token;     /* PAGING_TOKEN: the token of the next page (borrowed from the page) */
	long next_start;            /* PAGING_SCIM: the startIndex of the next page */
	int more;                   /* another page follows */
};

/*
 * Read one page j (a JSON object) of def's answer; scim_start is the startIndex it was asked
 * with. Returns 0 with *pg filled, or -1 with the reason in err when the page does not have the
 * probe's shape (the list is not a list). Pure: no I/O, nothing allocated.
 */
int probe_page_read(const struct probe_def *def, const struct cJSON *j, long scim_start, struct probe_page *pg,
		    char *err, size_t errlen);

#endif
