/* test-markdown.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tz-core.h"
#include "tz-markdown.h"

typedef struct
{
  const char *markdown;
  const char *text;
} Case;

static void
check_cases (const Case *cases,
             gsize       n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *text = tz_markdown_to_text (cases[i].markdown, -1);

      if (g_strcmp0 (text, cases[i].text) != 0)
        g_test_message ("Markdown: “%s”", cases[i].markdown);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

#define CHECK(cases) check_cases (cases, G_N_ELEMENTS (cases))

static void
test_atx_headings (void)
{
  static const Case cases[] = {
    { "# 标题", "# 标题\n" },
    { "#   标题   #", "# 标题\n" },
    { "## 二级 ##", "## 二级\n" },
    { "### 三级", "### 三级\n" },
    { "###### 六级", "### 六级\n" },
    { "   # 缩进三格", "# 缩进三格\n" },
    { "# **粗体**与[链接](u)标题", "# 粗体与链接标题\n" },
    { "# 2023年 #3号文件", "# 2023年 #3号文件\n" },
    { "正文\n# 标题\n正文", "正文\n\n# 标题\n\n正文\n" },
    { "#", "" },
    { "####### 七个井号", "####### 七个井号\n" },
    { "#标题", "#标题\n" },
  };

  CHECK (cases);
}

static void
test_setext_headings (void)
{
  static const Case cases[] = {
    { "标题\n===", "# 标题\n" },
    { "标题\n---", "## 标题\n" },
    { "标题\n=========  ", "# 标题\n" },
    { "多行\n标题\n===", "# 多行标题\n" },
    { "Two\nlines\n===", "# Two lines\n" },
    { "标题\n===\n正文", "# 标题\n\n正文\n" },
    { "===", "===\n" },
    { "正文\n\n---\n\n正文", "正文\n\n正文\n" },
    { "- 项目\n---", "项目\n" },
    { "> 引用\n---", "引用\n" },
  };

  CHECK (cases);
}

static void
test_emphasis (void)
{
  static const Case cases[] = {
    { "共有**3.2万人**参加", "共有3.2万人参加\n" },
    { "__粗体__和_斜体_", "粗体和斜体\n" },
    { "*斜体*与***粗斜体***", "斜体与粗斜体\n" },
    { "这是**“重点”**内容", "这是“重点”内容\n" },
    { "~~删除~~保留", "删除保留\n" },
    { "3~5万人，约~3%", "3~5万人，约~3%\n" },
    { "面积3*4米，2*3*4=24", "面积3*4米，2*3*4=24\n" },
    { "3 * 4 = 12，a * b", "3 * 4 = 12，a * b\n" },
    { "**3*4**", "3*4\n" },
    { "单个*星号", "单个*星号\n" },
    { "file_name 与 snake_case_name", "file_name 与 snake_case_name\n" },
    { "1_000_000元", "1_000_000元\n" },
    { "*a _b* c_", "a b c\n" },
    { "\\*不是强调\\*", "*不是强调*\n" },
  };

  CHECK (cases);
}

static void
test_code (void)
{
  static const Case cases[] = {
    { "运行`make`命令", "运行make命令\n" },
    { "``a ` b``", "a ` b\n" },
    { "`` `x` ``", "`x`\n" },
    { "`*不处理* [也不](u)`", "*不处理* [也不](u)\n" },
    { "`未闭合", "`未闭合\n" },
    { "```\n代码 *x*\n[a](b)\n```", "代码 *x*\n[a](b)\n" },
    { "~~~python\nprint(3 * 4)\n~~~", "print(3 * 4)\n" },
    { "```\n未闭合的代码", "未闭合的代码\n" },
    { "正文\n```\n代码\n```\n正文", "正文\n\n代码\n\n正文\n" },
    { "````\n```\n````", "```\n" },
    { "```\n一\n\n二\n```", "一\n\n二\n" },
    { "  ```\n  缩进\n  ```", "缩进\n" },
  };

  CHECK (cases);
}

static void
test_links (void)
{
  static const Case cases[] = {
    { "见[附件一](http://example.com/a.pdf)。", "见附件一。\n" },
    { "[附件](<a b.pdf> \"标题\")", "附件\n" },
    { "[文本][ref]和[文本二][]", "文本和文本二\n" },
    { "[**粗**链接](u)", "粗链接\n" },
    { "[a](u(1))b", "ab\n" },
    { "[纯文本]与[1]", "[纯文本]与[1]\n" },
    { "[未闭合(u)", "[未闭合(u)\n" },
    { "[a] (u)", "[a] (u)\n" },
    { "正文[^1]。", "正文。\n" },
  };

  CHECK (cases);
}

static void
test_images (void)
{
  static const Case cases[] = {
    { "![图一](a.png)", "" },
    { "前![图](a.png \"t\")后", "前后\n" },
    { "[![徽章](b.svg)](http://x)", "" },
    { "![图][ref]", "" },
    { "感叹!号", "感叹!号\n" },
    { "正文\n![图](a.png)\n正文", "正文\n正文\n" },
  };

  CHECK (cases);
}

static void
test_autolinks (void)
{
  static const Case cases[] = {
    { "<http://example.com>", "" },
    { "见<https://a.b/c?d=1>。", "见。\n" },
    { "邮件<office@example.com>", "邮件\n" },
    { "a < b > c，x <5% y", "a < b > c，x <5% y\n" },
  };

  CHECK (cases);
}

static void
test_definitions (void)
{
  static const Case cases[] = {
    { "[ref]: http://example.com", "" },
    { "正文\n\n[ref]: <http://example.com> \"标题\"\n[b]: /c", "正文\n" },
    { "[1]: 数据来源：统计局", "[1]: 数据来源：统计局\n" },
    { "[^1]: 脚注中的3.2万人。", "脚注中的3.2万人。\n" },
  };

  CHECK (cases);
}

static void
test_lists (void)
{
  static const Case cases[] = {
    { "- 一\n- 二", "一\n\n二\n" },
    { "* 一\n+ 二\n1. 三\n2) 四", "一\n\n二\n\n三\n\n四\n" },
    { "- [ ] 待办\n- [x] 完成", "待办\n\n完成\n" },
    { "- 一\n  - 二\n    1. 三", "一\n\n二\n\n三\n" },
    { "- 项目\n  续行", "项目\n续行\n" },
    { "正文\n- 项目", "正文\n\n项目\n" },
    { "-5%与+3%", "-5%与+3%\n" },
    { "1.5万人参加", "1.5万人参加\n" },
    { "2023年\n1. 全年发展会员3.2万人", "2023年\n\n全年发展会员3.2万人\n" },
    { "- **粗体**项", "粗体项\n" },
    { "-", "" },
  };

  CHECK (cases);
}

static void
test_blockquotes (void)
{
  static const Case cases[] = {
    { "> 引用", "引用\n" },
    { "> 一\n> 二", "一\n二\n" },
    { "> > 嵌套\n>> 嵌套二", "嵌套\n嵌套二\n" },
    { "> # 标题\n> - 项", "# 标题\n\n项\n" },
    { "正文\n> 引用\n正文", "正文\n\n引用\n\n正文\n" },
    { "> 一\n>\n> 二", "一\n\n二\n" },
    { "3 > 2", "3 > 2\n" },
  };

  CHECK (cases);
}

static void
test_rules (void)
{
  static const Case cases[] = {
    { "***", "" },
    { "---", "" },
    { "___", "" },
    { "- - -", "" },
    { " * * * ", "" },
    { "正文\n***\n正文", "正文\n\n正文\n" },
    { "--", "--\n" },
  };

  CHECK (cases);
}

static void
test_html (void)
{
  static const Case cases[] = {
    { "<span style=\"color:red\">红字</span>正文", "红字正文\n" },
    { "<div align=\"center\">\n标题\n</div>", "标题\n" },
    { "<!-- 注释 -->正文<!-- 又一个 -->", "正文\n" },
    { "<!--\n多行\n注释 -->\n正文", "正文\n" },
    { "前<!-- 行内\n跨行 -->后", "前\n后\n" },
    { "共有<b>3.2</b>万人<br/>", "共有3.2万人\n" },
    { "<img src=\"a.png\" alt=\"图\">", "" },
  };

  CHECK (cases);
}

static void
test_tables (void)
{
  static const Case cases[] = {
    { "| 指标 | 2022年 | 2023年 |\n|---|:---:|---:|\n| 会员 | 3.1万 | 3.2万 |",
      "指标 2022年 2023年\n会员 3.1万 3.2万\n" },
    { "指标 | 数值\n--- | ---\n会员 | 3.2万", "指标 数值\n会员 3.2万\n" },
    { "| a | | b |", "a b\n" },
    { "| **粗** | [链](u) | `x` |", "粗 链 x\n" },
    { "| 含\\|竖线 | b |", "含|竖线 b\n" },
    { "正文\n| a | b |\n|---|---|\n| 1 | 2 |\n正文",
      "正文\n\na b\n1 2\n\n正文\n" },
    { "| a | b |\n|---|---|\n\n| c | d |", "a b\n\nc d\n" },
    { "a | b 不是表格", "a | b 不是表格\n" },
  };

  CHECK (cases);
}

static void
test_paragraphs (void)
{
  static const Case cases[] = {
    { "一\n二\n\n三", "一\n二\n\n三\n" },
    { "\n\n一\n\n\n\n二\n\n\n", "一\n\n二\n" },
    { "  缩进\n\t制表", "缩进\n制表\n" },
    { "　　全角缩进", "　　全角缩进\n" },
    { "行尾\\\n下一行", "行尾\n下一行\n" },
    { "行尾  \n下一行", "行尾\n下一行\n" },
    { "一\r\n二\r\n\r\n三\r\n", "一\n二\n\n三\n" },
    { "---\ntitle: 报告\ndate: 2023-12-01\n---\n正文", "正文\n" },
    { "", "" },
    { "\n \n", "" },
  };

  CHECK (cases);
}

static char *
read_fixture (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "md", file, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* A whole report written in Markdown gives the report's plain text, and
 * that plain text goes through unchanged. */
static void
test_report (void)
{
  g_autofree char *markdown = read_fixture ("report.md");
  g_autofree char *expected = read_fixture ("report.expected.txt");
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  text = tz_markdown_to_text (markdown, -1);
  g_assert_cmpstr (text, ==, expected);

  again = tz_markdown_to_text (text, strlen (text));
  g_assert_cmpstr (again, ==, text);
}

/* @len is honoured: no reading past it, NULs inside are kept */
static void
test_length (void)
{
  static const char text[] = "# 标题\n正文**粗体**\0不读";
  g_autofree char *a = tz_markdown_to_text (text, strlen ("# 标题\n正文**粗体**"));
  g_autofree char *b = tz_markdown_to_text (text, strlen ("# 标"));
  g_autofree char *c = tz_markdown_to_text ("a\0b", 3);

  g_assert_cmpstr (a, ==, "# 标题\n\n正文粗体\n");
  g_assert_cmpstr (b, ==, "# 标\n");
  g_assert_cmpmem (c, 4, "a\0b\n", 4);
}

/* Pathological lines stay linear: thousands of unmatched brackets,
 * backticks, emphasis markers and '<' on one line. */
static void
test_linear (void)
{
  static const char *units[] = { "[", "](", "`", "``", "*", "_ ", "<a ", "<", "![", "~~" };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *text = NULL;

      for (guint j = 0; j < 50000; j++)
        {
          g_string_append (line, units[i]);
          g_string_append (line, j % 7 == 0 ? "字" : "");
        }

      text = tz_markdown_to_text (line->str, line->len);
      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }

  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* Random Markdown never crashes or gives invalid UTF-8 */
static void
test_random (void)
{
  static const char *pieces[] = {
    "#", " ", "\n", "*", "_", "~", "`", "[", "]", "(", ")", "!", "<", ">",
    "|", "-", "=", "\\", ":", "1.", "---", "```", "<!--", "-->", "http:",
    "职工", "3.2万人", "a", "\t", "\r\n", "^", "'", "\"",
  };
  GRand *rand = g_rand_new_with_seed (20260101);

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) md = g_string_new (NULL);
      g_autofree char *text = NULL;
      guint n = g_rand_int_range (rand, 0, 200);

      for (guint i = 0; i < n; i++)
        g_string_append (md, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      text = tz_markdown_to_text (md->str, md->len);
      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }

  g_rand_free (rand);
}

static void
test_throughput (void)
{
  g_autofree char *markdown = read_fixture ("report.md");
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint copies = g_test_slow () ? 5000 : 200;
  gint64 start;
  double seconds;

  for (guint i = 0; i < copies; i++)
    {
      g_string_append (big, markdown);
      g_string_append (big, "\n\n");
    }

  start = g_get_monotonic_time ();
  text = tz_markdown_to_text (big->str, big->len);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_nonnull (text);

  g_test_message ("%.1f MB in %.3f s: %.1f MB/s", big->len / 1e6, seconds,
                  big->len / 1e6 / MAX (seconds, 1e-6));
}

/* Nothing a report names is opened: links, images, reference definitions,
 * autolinks, raw HTML and include directives that point at a secret file,
 * or at a pipe that would block whoever opened it, leave only their text.
 * (The HTML reader's canary is /taizhang/html/no-fetch.) */
static void
test_no_fetch (void)
{
  g_autofree char *secret = g_test_build_filename (G_TEST_DIST, "fixtures", "html", "secret.txt", NULL);
  g_autofree char *dir = g_dir_make_tmp ("tz-markdown-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "canary.md", NULL);
  g_autofree char *markdown = NULL;
  g_autofree char *text = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  markdown = g_strdup_printf ("# 职工之家\n\n"
                              "全区建成[职工书屋](file://%s)120家,![照片](%s)![图](%s)\n"
                              "详见<file://%s>和[附件][a],![图表][b]。\n\n"
                              "[a]: %s\n"
                              "[b]: %s \"题注\"\n\n"
                              "<img src=\"%s\"><iframe src=\"file://%s\"></iframe>\n\n"
                              "{%% include %s %%}\n\n"
                              "!INCLUDE \"%s\"\n",
                              secret, secret, fifo, secret, secret, fifo, fifo, secret,
                              secret, fifo);

  text = tz_markdown_to_text (markdown, -1);
  g_assert_null (strstr (text, "SECRET"));
  g_assert_null (strstr (text, "root:"));
  g_assert_nonnull (strstr (text, "全区建成职工书屋120家"));

  /* The whole reader, as an import runs it. */
  bytes = g_bytes_new (markdown, strlen (markdown));
  document = tz_read_report (extractor, "report.md", bytes, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (tz_document_get_text (document), "SECRET"));
  g_assert_cmpuint (tz_document_get_n_metrics (document), >=, 1);

  g_unlink (fifo);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/markdown/atx-headings", test_atx_headings);
  g_test_add_func ("/taizhang/markdown/setext-headings", test_setext_headings);
  g_test_add_func ("/taizhang/markdown/emphasis", test_emphasis);
  g_test_add_func ("/taizhang/markdown/code", test_code);
  g_test_add_func ("/taizhang/markdown/links", test_links);
  g_test_add_func ("/taizhang/markdown/images", test_images);
  g_test_add_func ("/taizhang/markdown/autolinks", test_autolinks);
  g_test_add_func ("/taizhang/markdown/definitions", test_definitions);
  g_test_add_func ("/taizhang/markdown/lists", test_lists);
  g_test_add_func ("/taizhang/markdown/blockquotes", test_blockquotes);
  g_test_add_func ("/taizhang/markdown/rules", test_rules);
  g_test_add_func ("/taizhang/markdown/html", test_html);
  g_test_add_func ("/taizhang/markdown/tables", test_tables);
  g_test_add_func ("/taizhang/markdown/paragraphs", test_paragraphs);
  g_test_add_func ("/taizhang/markdown/report", test_report);
  g_test_add_func ("/taizhang/markdown/length", test_length);
  g_test_add_func ("/taizhang/markdown/linear", test_linear);
  g_test_add_func ("/taizhang/markdown/random", test_random);
  g_test_add_func ("/taizhang/markdown/throughput", test_throughput);
  g_test_add_func ("/taizhang/markdown/no-fetch", test_no_fetch);

  return g_test_run ();
}
