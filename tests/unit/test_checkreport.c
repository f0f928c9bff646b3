/* test_checkreport.c - the formats of `pwaf check` and the escapers they share with exports. */
#include "core/checkreport.h"
#include "core/escape.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static struct check_result rv[3];
static struct check_results res;

static void setup(void)
{
	rv[0] = (struct check_result){ .item = (char *)"BO-TAG-01", .title = (char *)"Tags <b>& \"quotes\"", .level = (char *)"required", .pillar = (char *)"", .status = CHECK_FAIL, .evidence = (char *)"a|b *x* _y_ [z](u) \x1b[31m" };
	rv[1] = (struct check_result){ .item = (char *)"BO-TAG-02", .title = (char *)"Policies", .level = (char *)"required", .pillar = (char *)"", .status = CHECK_PASS, .evidence = (char *)"3 policies" };
	rv[2] = (struct check_result){ .item = (char *)"BO-SEC-06", .title = (char *)"Secrets", .level = (char *)"required", .pillar = (char *)"", .status = CHECK_MANUAL, .evidence = (char *)"signal only: 2 scopes" };
	res = (struct check_results){ .v = rv, .n = 3 };
	res.count[CHECK_FAIL] = 1;
	res.count[CHECK_PASS] = 1;
	res.count[CHECK_MANUAL] = 1;
}

TestSuite(checkreport, .init = setup);

static char *render(enum check_report_format f, unsigned show, int color)
{
	struct check_report r = { .res = &res, .host = "https://h.example.com\x1b]0;x\x07", .source = "live",
				  .generated_at = "2026-12-04T10:00:00Z", .show = show, .color = color };
	struct buf b = BUF_INIT;
	check_report_write(&r, f, &b);
	return buf_take(&b);
}

Test(checkreport, json_is_the_stable_shape_and_filters)
{
	char *s = render(CREPORT_JSON, 1u << CHECK_FAIL, 0);
	cJSON *j = cJSON_Parse(s);
	cr_assert_not_null(j, "%s", s);
	cJSON *a = cJSON_GetObjectItem(j, "results");
	cr_assert_eq(cJSON_GetArraySize(a), 1, "--status fail lists the failing item only");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 0), "status")->valuestring, "fail");
	cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "summary"), "pass")->valueint, 1,
		     "the summary counts every result");
	cJSON_Delete(j);
	free(s);
}

Test(checkreport, markdown_cells_escape_their_syntax)
{
	char *s = render(CREPORT_MARKDOWN, 0, 0);
	cr_assert(strstr(s, "a\\|b \\*x\\* \\_y\\_ \\[z\\](u)"), "%s", s);
	cr_assert(strstr(s, "\\<b\\>"), "%s", s);
	cr_assert_null(strchr(s, 0x1b), "no escape reaches a report");
	free(s);
}

Test(checkreport, junit_is_xml_with_counts)
{
	char *s = render(CREPORT_JUNIT, 0, 0);
	cr_assert(strstr(s, "failures=\"1\" errors=\"0\" skipped=\"1\""), "%s", s);
	cr_assert(strstr(s, "Tags &lt;b&gt;&amp; &quot;quotes&quot;"), "%s", s);
	cr_assert(strstr(s, "<failure message=\"fail: "), "%s", s);
	cr_assert(strstr(s, "<skipped message=\"manual: signal only"), "%s", s);
	for (const char *p = s; *p; p++) cr_assert((unsigned char)*p >= 0x20 || *p == '\n', "no control characters in XML");
	free(s);
}

Test(checkreport, sarif_has_a_rule_per_item_and_results_for_findings)
{
	char *s = render(CREPORT_SARIF, 0, 0);
	cJSON *j = cJSON_Parse(s);
	cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "runs"), 0);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver"), "rules")), 3);
	cJSON *results = cJSON_GetObjectItem(run, "results");
	cr_assert_eq(cJSON_GetArraySize(results), 1);
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(results, 0), "level")->valuestring, "error");
	cJSON_Delete(j);
	free(s);
}

Test(checkreport, text_colours_only_when_asked)
{
	char *plain = render(CREPORT_TEXT, 0, 0), *col = render(CREPORT_TEXT, 0, 1);
	cr_assert_null(strstr(plain, "\x1b["), "%s", plain);
	cr_assert(strstr(col, "\x1b[1;31mFAIL"), "%s", col);
	cr_assert(strstr(plain, "3 items: 1 pass, 1 fail, 0 warn, 1 manual, 0 unknown, 0 error"), "%s", plain);
	cr_assert_null(strstr(plain, "\x1b]0;"), "the host is sanitised");
	free(plain);
	free(col);
}

Test(checkreport, status_lists)
{
	unsigned show;
	char err[200];
	cr_assert_eq(check_report_parse_statuses("fail, warn", &show, err, sizeof err), 0);
	cr_assert_eq(show, (1u << CHECK_FAIL) | (1u << CHECK_WARN));
	cr_assert_eq(check_report_parse_statuses("fail,oops", &show, err, sizeof err), -1);
	cr_assert(strstr(err, "'oops' is not a status"), "%s", err);
	cr_assert_eq(check_report_parse_statuses(",", &show, err, sizeof err), -1);
}

Test(escape, csv_defuses_formulas_and_quotes)
{
	struct buf b = BUF_INIT;
	esc_csv(&b, "=cmd|' /C calc'!A0", 1, 0);
	esc_csv(&b, "\tstarts with a tab", 1, 0);
	esc_csv(&b, "a \"quoted\", text", 0, 1);
	cr_assert_str_eq(buf_str(&b), "\"'=cmd|' /C calc'!A0\",\"'\tstarts with a tab\",\"a \"\"quoted\"\", text\"\r\n");
	buf_free(&b);
}
