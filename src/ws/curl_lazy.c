/* curl_lazy.c - load libcurl with dlopen the first time the network is needed. */
#define PWAF_CURL_LAZY_IMPL 1
#include "ws/curl_lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct curl_api curl_api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512];

#define SYM(field, name) { (void **)&curl_api.field, name }

static void load(void)
{
	static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", NULL };
	void *h = NULL;
	for (int i = 0; names[i] && !h; i++) h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(load_error, sizeof load_error, "pwaf needs libcurl 4 to reach a workspace: %s", dlerror());
		return;
	}
	const struct { void **slot; const char *name; } syms[] = {
		SYM(global_init, "curl_global_init"), SYM(easy_init, "curl_easy_init"),
		SYM(easy_setopt, "curl_easy_setopt"), SYM(easy_perform, "curl_easy_perform"),
		SYM(easy_getinfo, "curl_easy_getinfo"), SYM(easy_cleanup, "curl_easy_cleanup"),
		SYM(easy_strerror, "curl_easy_strerror"), SYM(easy_escape, "curl_easy_escape"),
		SYM(free, "curl_free"), SYM(slist_append, "curl_slist_append"),
		SYM(slist_free_all, "curl_slist_free_all"), SYM(version_info, "curl_version_info"),
		SYM(getdate, "curl_getdate"), SYM(multi_init, "curl_multi_init"),
		SYM(multi_setopt, "curl_multi_setopt"), SYM(multi_add_handle, "curl_multi_add_handle"),
		SYM(multi_remove_handle, "curl_multi_remove_handle"), SYM(multi_perform, "curl_multi_perform"),
		SYM(multi_poll, "curl_multi_poll"), SYM(multi_wakeup, "curl_multi_wakeup"),
		SYM(multi_info_read, "curl_multi_info_read"), SYM(multi_cleanup, "curl_multi_cleanup"),
	};
	for (size_t i = 0; i < sizeof syms / sizeof *syms; i++) {
		*syms[i].slot = dlsym(h, syms[i].name);
		if (!*syms[i].slot) {
			snprintf(load_error, sizeof load_error, "pwaf needs libcurl 7.68 or later: %s is missing",
				 syms[i].name);
			return;
		}
	}
	if (curl_api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		snprintf(load_error, sizeof load_error, "libcurl could not start (curl_global_init failed)");
}

int curl_lazy_load(char *err, size_t errlen)
{
	pthread_once(&once, load);
	if (!load_error[0]) return 0;
	if (err) snprintf(err, errlen, "%s", load_error);
	return -1;
}
