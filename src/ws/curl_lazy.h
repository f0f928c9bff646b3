/* curl_lazy.h - libcurl, loaded on first use: commands that never reach the network (list, show,
 * search, the explorer without a workspace) do not pay at start-up for loading its TLS, LDAP and
 * Kerberos dependencies (about 5 ms a process, measured). Include this instead of <curl/curl.h>. */
#ifndef PWAF_CURL_LAZY_H
#define PWAF_CURL_LAZY_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include <stddef.h>

struct curl_api {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	char *(*easy_escape)(CURL *, const char *, int);
	void (*free)(void *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	curl_version_info_data *(*version_info)(CURLversion);
	time_t (*getdate)(const char *, const time_t *);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
	CURLMcode (*multi_wakeup)(CURLM *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
};

extern struct curl_api curl_api;

/* Load libcurl and run curl_global_init once (thread-safe). Returns 0, or -1 with a message
 * ("pwaf needs libcurl 4 to reach a workspace: ...") in err. Every other call needs this first. */
int curl_lazy_load(char *err, size_t errlen);

#ifndef PWAF_CURL_LAZY_IMPL
/* curl.h defines these three as macros of themselves: replace them. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#define curl_easy_init curl_api.easy_init
#define curl_easy_setopt curl_api.easy_setopt
#define curl_easy_perform curl_api.easy_perform
#define curl_easy_getinfo curl_api.easy_getinfo
#define curl_easy_cleanup curl_api.easy_cleanup
#define curl_easy_strerror curl_api.easy_strerror
#define curl_easy_escape curl_api.easy_escape
#define curl_free curl_api.free
#define curl_slist_append curl_api.slist_append
#define curl_slist_free_all curl_api.slist_free_all
#define curl_version_info curl_api.version_info
#define curl_getdate curl_api.getdate
#define curl_multi_init curl_api.multi_init
#define curl_multi_setopt curl_api.multi_setopt
#define curl_multi_add_handle curl_api.multi_add_handle
#define curl_multi_remove_handle curl_api.multi_remove_handle
#define curl_multi_perform curl_api.multi_perform
#define curl_multi_poll curl_api.multi_poll
#define curl_multi_wakeup curl_api.multi_wakeup
#define curl_multi_info_read curl_api.multi_info_read
#define curl_multi_cleanup curl_api.multi_cleanup
#endif

#endif
