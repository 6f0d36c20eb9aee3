/* test-html.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tz-decoder.h"
#include "tz-html.h"

#define NAME "page.html"

static char *
fixture_path (const char *file)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "html", file, NULL);
}

static char *
read_fixture (const char *file,
              gsize      *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (file);
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);

  return contents;
}

static char *
extract_bytes (GBytes      *bytes,
               const char **encoding,
               GError     **error)
{
  return tz_html_extract_text (bytes, NAME, encoding, error);
}

static char *
extract (const char *html)
{
  g_autoptr(GBytes) bytes = g_bytes_new (html, strlen (html));
  g_autoptr(GError) error = NULL;
  char *text;

  text = extract_bytes (bytes, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static void
assert_extracts_to (const char *html,
                    const char *expected)
{
  g_autofree char *text = extract (html);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_refused (GBytes     *bytes,
                int         code,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *encoding = "unset";

  text = tz_html_extract_text (bytes, NAME, &encoding, &error);
  g_assert_null (text);
  g_assert_error (error, TZ_DECODE_ERROR, code);
  g_assert_nonnull (strstr (error->message, "“" NAME "”"));
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  g_assert_null (encoding);
}

/* A news page with its chrome: menus, breadcrumbs, scripts, a sidebar,
 * ads, a share bar and the site footer all go; the article stays. */
static void
test_news_page (void)
{
  static const char *chrome[] = {
    "首页", "工会新闻", "统计代码", "分享", "热点新闻", "广告", "版权所有",
    "备案号", "document", "font-family", "海州市总工会",
  };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  const char *encoding = NULL;
  gsize len = 0;

  html = read_fixture ("news.html", &len);
  expected = read_fixture ("news.expected.txt", NULL);
  bytes = g_bytes_new (html, len);

  text = extract_bytes (bytes, &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (encoding, ==, "UTF-8");

  /* Spelled out, so that a fixture edit cannot hide a regression */
  g_assert_true (g_str_has_prefix (text, "# 全市职工技能大赛圆满落幕\n\n本报记者 张晓明 通讯员 李红\n\n"));
  g_assert_nonnull (strstr (text, "共有3.2万人参加"));
  g_assert_nonnull (strstr (text, "占比96.5%，"));
  g_assert_nonnull (strstr (text, "\n\n## 技能人才队伍不断壮大\n\n"));
  g_assert_true (g_str_has_suffix (text, "\n\n（责任编辑：王芳）\n"));
  for (guint i = 0; i < G_N_ELEMENTS (chrome); i++)
    g_assert_null (strstr (text, chrome[i]));
}

#define GBK_PAGE \
  "<html><head>\n" \
  "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">\n" \
  "<title>工会新闻</title></head>\n" \
  "<body><h1>区总工会召开全委会议</h1>\n" \
  "<p>　　会议指出，全区共有职工3.2万人，女职工占比46.5%%，建会率达到96.5%%。</p>\n" \
  "<p>“职工之家”建设覆盖1,260家企业，比上年增加１２０家。</p></body></html>\n"

static GBytes *
page_in (const char *charset,
         const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *utf8 = g_strdup_printf (GBK_PAGE, label);
  char *converted;
  gsize len = 0;

  converted = g_convert (utf8, -1, charset, "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (converted, len);
}

/* A GBK page declared with <meta http-equiv> reads as its UTF-8 twin */
static void
test_gbk_page (void)
{
  static const char *labels[] = { "gbk", "GB2312", "gb18030", "x-gbk" };
  g_autoptr(GBytes) utf8_bytes = page_in ("UTF-8", "utf-8");
  g_autoptr(GError) error = NULL;
  g_autofree char *utf8_text = NULL;
  const char *encoding = NULL;

  utf8_text = extract_bytes (utf8_bytes, &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (encoding, ==, "UTF-8");
  g_assert_cmpstr (utf8_text, ==,
                   "# 区总工会召开全委会议\n"
                   "\n"
                   "  会议指出，全区共有职工3.2万人，女职工占比46.5%，建会率达到96.5%。\n"
                   "\n"
                   "“职工之家”建设覆盖1,260家企业，比上年增加120家。\n");

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(GBytes) gbk_bytes = page_in ("GBK", labels[i]);
      g_autofree char *gbk_text = NULL;

      encoding = NULL;
      gbk_text = extract_bytes (gbk_bytes, &encoding, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gbk_text, ==, utf8_text);
      g_assert_cmpstr (encoding, ==, "GB18030");
    }
}

/* <meta charset>, an XML declaration, a BOM, no declaration at all, and a
 * page saved again as UTF-8 that still says gb2312. */
static void
test_encodings (void)
{
  static const struct
  {
    const char *prefix;
    const char *charset;
    const char *encoding;
  } cases[] = {
    { "<meta charset=\"gb2312\">", "GB18030", "GB18030" },
    { "<meta charset=gbk />", "GB18030", "GB18030" },
    { "<?xml version=\"1.0\" encoding=\"GBK\"?>", "GB18030", "GB18030" },
    { "<meta content=\"text/html; charset=GB2312\" http-equiv=\"content-type\">", "GB18030", "GB18030" },
    { "<!-- <meta charset=\"big5\"> --><meta charset='gb2312'>", "GB18030", "GB18030" },
    { "", "GB18030", "GB18030" },
    { "<meta charset=\"big5\">", "BIG5", "Big5" },
    { "<meta charset=\"gb2312\">", "UTF-8", "UTF-8" },
    { "<meta charset=\"no-such-charset\">", "UTF-8", "UTF-8" },
    { "", "UTF-8", "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Big5 has no simplified characters */
      const char *body = strcmp (cases[i].charset, "BIG5") == 0
                         ? "<p>全區職工3.2萬人</p>" : "<p>全区职工3.2万人</p>";
      const char *expected = strcmp (cases[i].charset, "BIG5") == 0
                             ? "全區職工3.2萬人\n" : "全区职工3.2万人\n";
      g_autoptr(GError) error = NULL;
      g_autofree char *utf8 = g_strconcat (cases[i].prefix, body, NULL);
      g_autofree char *converted = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;
      const char *encoding = NULL;
      gsize len = 0;

      converted = g_convert (utf8, -1, cases[i].charset, "UTF-8", NULL, &len, &error);
      g_assert_no_error (error);
      bytes = g_bytes_new (converted, len);

      text = extract_bytes (bytes, &encoding, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpstr (encoding, ==, cases[i].encoding);
    }
}

static void
test_bom (void)
{
  static const char page[] = "<p>全区职工3.2万人</p>";
  g_autoptr(GError) error = NULL;
  const char *encoding = NULL;

  {
    g_autofree char *utf8 = g_strconcat ("\xef\xbb\xbf", "<meta charset=gbk>", page, NULL);
    g_autoptr(GBytes) bytes = g_bytes_new (utf8, strlen (utf8));
    g_autofree char *text = extract_bytes (bytes, &encoding, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, "全区职工3.2万人\n");
    g_assert_cmpstr (encoding, ==, "UTF-8 BOM");
  }

  for (guint big = 0; big < 2; big++)
    {
      g_autofree char *utf16 = NULL;
      g_autofree char *with_bom = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;
      gsize len = 0;

      utf16 = g_convert (page, -1, big ? "UTF-16BE" : "UTF-16LE", "UTF-8", NULL, &len, &error);
      g_assert_no_error (error);
      with_bom = g_malloc (len + 2);
      memcpy (with_bom, big ? "\xfe\xff" : "\xff\xfe", 2);
      memcpy (with_bom + 2, utf16, len);
      bytes = g_bytes_new (with_bom, len + 2);

      text = extract_bytes (bytes, &encoding, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, "全区职工3.2万人\n");
      g_assert_cmpstr (encoding, ==, big ? "UTF-16BE" : "UTF-16LE");
    }
}

/* Block elements and <br> make paragraphs; inline ones join. */
static void
test_blocks (void)
{
  assert_extracts_to ("<div><div><div>第一段</div>第二段<div><p>第三段</p></div></div></div>",
                      "第一段\n\n第二段\n\n第三段\n");
  assert_extracts_to ("<p>第一行<br>第二行<br/><br />第三行</p>",
                      "第一行\n\n第二行\n\n第三行\n");
  assert_extracts_to ("<ul><li>一</li><li>二<ol><li>三</li></ol></li></ul><dl><dt>术语</dt><dd>定义</dd></dl>",
                      "一\n\n二\n\n三\n\n术语\n\n定义\n");
  assert_extracts_to ("<blockquote>引文</blockquote><figure><img src=a.png><figcaption>图注</figcaption></figure>",
                      "引文\n\n图注\n");
  assert_extracts_to ("<p>共有<b>3.2</b>万人，<a href=x>占比</a><span>96.5</span>%</p>",
                      "共有3.2万人，占比96.5%\n");
  assert_extracts_to ("<p>&nbsp;</p><p>一</p><p>　</p><p></p><p>二</p>", "一\n\n二\n");
  assert_extracts_to ("<pre>\nline 1\n  line 2\n\nline 4\n</pre>", "line 1\n  line 2\n\nline 4\n");
}

/* White space collapses; a line break between CJK characters vanishes,
 * typed spaces and spaces next to other text stay. */
static void
test_white_space (void)
{
  assert_extracts_to ("<p>全区共有\n     职工3.2万人，\n  Hello\n  world</p>",
                      "全区共有职工3.2万人， Hello world\n");
  assert_extracts_to ("<p>本报记者 张三  通讯员\t李四</p>", "本报记者 张三 通讯员 李四\n");
  assert_extracts_to ("<p>会员 3.2万 5.6万人</p>", "会员 3.2万 5.6万人\n");
  assert_extracts_to ("<p><b>Hello</b> <i>world</i>，<b>你</b>\n<i>好</i></p>", "Hello world，你好\n");
  assert_extracts_to ("<p>\n   前后空白   \n</p>", "前后空白\n");
}

static void
test_headings (void)
{
  assert_extracts_to ("<h1>标题</h1><h2>副题</h2><h3>小标题</h3><h6>更小</h6><p>正文。</p>",
                      "# 标题\n\n## 副题\n\n小标题\n\n更小\n\n正文。\n");
  assert_extracts_to ("<h1>肩题<br>主标题</h1>", "# 肩题\n\n# 主标题\n");
  assert_extracts_to ("<h1>&nbsp;&nbsp;　缩进标题</h1>", "# 缩进标题\n");
  assert_extracts_to ("<h2><a href=x><span>链接</span>标题</a></h2>", "## 链接标题\n");
}

static void
test_entities (void)
{
  assert_extracts_to ("<p>&amp; &lt;b&gt; &quot;q&quot; &#20013;&#x6587; a&nbsp;b &ldquo;引&rdquo;&yen;5&mdash;&hellip;</p>",
                      "& <b> \"q\" 中文 a b “引”¥5—…\n");
  assert_extracts_to ("<p>&#xFF13;&#xFF0E;&#xFF12;万人，占&#xFF18;&#xFF10;&#xFF05;</p>",
                      "3.2万人，占80%\n");
}

/* Data rows become one line; layout tables keep their paragraphs */
static void
test_tables (void)
{
  assert_extracts_to ("<table><caption>表1 会员情况</caption>"
                      "<tr><th>指标</th><th>2022年</th><th>2023年</th></tr>"
                      "<tr><td><p class=MsoNormal><span>会员</span></p></td><td><p>3.1万</p></td><td>3.2<br>万</td></tr>"
                      "<tr><td></td><td>空</td></tr></table><p>表后</p>",
                      "表1 会员情况\n\n指标 2022年 2023年\n\n会员 3.1万 3.2 万\n\n空\n\n表后\n");
  assert_extracts_to ("<table><tr><td><p>第一段。</p><p>第二段。</p><p>第三段。</p><p>第四段。</p></td></tr></table>",
                      "第一段。\n\n第二段。\n\n第三段。\n\n第四段。\n");
  assert_extracts_to ("<table><tr><td><table><tr><td>内1</td><td>内2</td></tr></table></td><td>外</td></tr></table>",
                      "内1 内2\n\n外\n");
  assert_extracts_to ("<table><tr><td><h1>标题</h1></td></tr><tr><td>甲</td><td>乙</td></tr></table>",
                      "# 标题\n\n甲 乙\n");
}

/* Page chrome is dropped by element, class, id and role; a footer
 * inside an article is the article's, and hidden text ("展开全文") is
 * the article's too. */
static void
test_chrome (void)
{
  assert_extracts_to ("<header><h1>网站名</h1><ul><li>首页</li></ul></header>"
                      "<nav>导航</nav><aside>侧栏</aside><form>搜索<input></form>"
                      "<noscript>请启用</noscript><template>模板</template>"
                      "<iframe src=x>框架</iframe><svg><text>图</text></svg>"
                      "<script>var a = '<p>脚本</p>';</script><style>p{}</style>"
                      "<!-- 注释 --><p>正文</p><footer>页脚</footer>",
                      "正文\n");
  assert_extracts_to ("<div class=\"nav-menu\">菜单</div><div id=\"breadcrumb\">面包屑</div>"
                      "<div class=\"box ad-slot\">广告</div><div id=\"mainNav\">主导航</div>"
                      "<div class=\"adBox\">广告</div><div class=\"ad_top\">广告</div>"
                      "<div class=\"share-bar\">分享</div><div class=\"left sidebar\">侧栏</div>"
                      "<ul class=\"menu\"><li>菜单</li></ul><div class=\"footer\">页脚</div>"
                      "<div role=\"navigation\">导航</div><div role=\"banner\">横幅</div>"
                      "<div class=\"header\">头</div><div class=\"download\">下载</div>"
                      "<div class=\"thread\">帖</div><div class=\"loading\">加载</div>"
                      "<div class=\"canvas\">画</div><div id=\"address\">地址</div>",
                      "头\n\n下载\n\n帖\n\n加载\n\n画\n\n地址\n");
  assert_extracts_to ("<main><article><header><h1>标题</h1></header><p>正文</p>"
                      "<footer>（责任编辑：王芳）</footer><div class=\"article-footer\">来源：本报</div>"
                      "</article></main><div id=\"footer\">页脚</div>",
                      "# 标题\n\n正文\n\n（责任编辑：王芳）\n\n来源：本报\n");
  assert_extracts_to ("<p>全区共有职工3.2万人。</p><div class=\"more\" style=\"display:none\" hidden>"
                      "<p>其中女职工1.5万人。</p></div><a class=\"btn\">展开全文</a>",
                      "全区共有职工3.2万人。\n\n其中女职工1.5万人。\n\n展开全文\n");
}

static void
assert_has_paragraphs (const char *text,
                       const char *first,
                       const char *last)
{
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, first));
  g_assert_true (g_str_has_suffix (text, last));
}

/* 10,000 levels of nesting: libxml2 builds no tree past 256 levels, the
 * SAX parse goes on, and the text after the depths is not lost. */
static void
test_deep_nesting (void)
{
  static const char *opens[] = { "<div>", "<span>", "<div><span>", "<font color=red>", "<table><tr><td>" };

  for (guint i = 0; i < G_N_ELEMENTS (opens); i++)
    {
      g_autoptr(GString) html = g_string_new ("<html><body><p>开头</p>");
      g_autofree char *text = NULL;

      for (guint depth = 0; depth < 10000; depth++)
        g_string_append (html, opens[i]);
      g_string_append (html, "最深处");
      if (i < 2)
        for (guint depth = 0; depth < 10000; depth++)
          g_string_append (html, i == 0 ? "</div>" : "</span>");
      g_string_append (html, "<p>之后3.2万人</p></body></html>");

      text = extract (html->str);
      assert_has_paragraphs (text, "开头\n\n", "之后3.2万人\n");
      g_assert_nonnull (strstr (text, "最深处"));
    }
}

/* Past 1,024 open elements the parse starts afresh where it stopped:
 * nothing may be lost or read twice at those seams. */
static void
test_deep_seams (void)
{
  g_autoptr(GString) html = g_string_new ("<p>");
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) joined = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 5000; i++)
    {
      g_string_append_printf (html, "<span class=\"c%u\">%u <b/>", i, i);
      g_string_append_printf (expected, "%u ", i);
    }
  g_string_append (html, "<i>end</i>");
  g_string_append (expected, "end");

  text = extract (html->str);
  words = g_strsplit_set (text, " \n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  g_assert_cmpstr (joined->str, ==, expected->str);
}

/* Unmatched end tags under deep nesting, and a tag with 50,000
 * attributes, are quadratic in libxml2 itself; both are capped. */
static void
test_pathological (void)
{
  g_autoptr(GString) html = g_string_new ("<p>开头</p>");
  g_autofree char *text = NULL;
  gint64 start;
  gint64 elapsed;

  for (guint i = 0; i < 20000; i++)
    g_string_append (html, "<b>");
  g_string_append (html, "中间");
  for (guint i = 0; i < 60000; i++)
    g_string_append (html, "</i>");
  g_string_append (html, "<p ");
  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (html, "a%u=1 ", i);
  g_string_append (html, ">之后</p>");

  start = g_get_monotonic_time ();
  text = extract (html->str);
  elapsed = g_get_monotonic_time () - start;
  assert_has_paragraphs (text, "开头\n\n中间", "之后\n");

  /* Seconds without the caps, tens of milliseconds with them: a generous
   * bound, for slow machines and valgrind */
  g_test_message ("pathological page: %.3f s", elapsed / (double) G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
}

/* Pages cut short or never valid still give their text. */
static void
test_broken (void)
{
  static const char *pages[] = {
    "<html><body><p>全区职工3.2万人</p><p>占比96.5%</p><div><tab",
    "<html><body><p>全区职工3.2万人</p><p>占比96.5%</p><p class=\"unclosed",
    "<p>全区职工3.2万人</p><p>占比96.5%</p><!-- never closed",
    "<p>全区职工3.2万人</p><p>占比96.5%</p><script>document.write(",
    "<p>全区职工3.2万人</p></div></span></table></p><p>占比96.5%</p></body></html></html>",
    "<p>全区职工3.2万人<td>x</td></p><tr><p>占比96.5%</p>",
    "<<>><p>全区职工3.2万人</p><\xe4\xb8\xad><p>占比96.5%</p>&#0;&#xD800;&#99999999;&bogus;&",
    "<p>全区职工3.2万人</p><p a=\"1\" a=\"2\" b=>占比96.5%</p><?php echo 1 ?>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *text = extract (pages[i]);

      g_assert_nonnull (strstr (text, "全区职工3.2万人"));
      g_assert_nonnull (strstr (text, "占比96.5%"));
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }

  /* Every prefix of the news page: no crash, valid UTF-8 or a clear error */
  {
    g_autofree char *html = NULL;
    gsize len = 0;

    html = read_fixture ("news.html", &len);
    for (gsize cut = 0; cut <= len; cut += 7)
      {
        g_autoptr(GBytes) bytes = g_bytes_new (html, cut);
        g_autoptr(GError) error = NULL;
        g_autofree char *text = extract_bytes (bytes, NULL, &error);

        if (text == NULL)
          g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY);
        else
          g_assert_true (g_utf8_validate (text, -1, NULL));
      }
  }
}

/* Nothing a page names is fetched or opened: not images, styles, frames,
 * a DTD, nor an XML external entity. (strace -f -e trace=open,openat,connect
 * on this test shows no access beyond the fixtures.) */
static void
test_no_fetch (void)
{
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  g_autofree char *passwd = NULL;
  g_autofree char *path = fixture_path ("secret.txt");

  html = g_strdup_printf ("<!DOCTYPE html SYSTEM \"file://%s\" [\n"
                          "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
                          "  <!ENTITY net SYSTEM \"http://127.0.0.1:9/x\">\n"
                          "]>\n"
                          "<html><head>\n"
                          "<link rel=\"stylesheet\" href=\"file://%s\">\n"
                          "<link rel=\"import\" href=\"http://127.0.0.1:9/x.html\">\n"
                          "<script src=\"file://%s\"></script>\n"
                          "<base href=\"http://127.0.0.1:9/\">\n"
                          "</head><body>\n"
                          "<img src=\"file:///etc/passwd\"><img src=\"file://%s\">\n"
                          "<iframe src=\"file://%s\"></iframe><object data=\"file://%s\"></object>\n"
                          "<p>正文&xxe;&net;</p>\n"
                          "<xi:include href=\"file://%s\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"/>\n"
                          "</body></html>\n",
                          path, path, path, path, path, path, path, path);

  text = extract (html);
  g_assert_cmpstr (text, ==, "正文&xxe;&net;\n");

  g_assert_true (g_file_get_contents (path, &passwd, NULL, NULL));
  g_assert_null (strstr (text, "SECRET"));
  g_assert_null (strstr (text, "root:"));
}

static GBytes *
png_bytes (void)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
    0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
  };

  return g_bytes_new_static (png, sizeof png);
}

static void
test_binary (void)
{
  g_autoptr(GBytes) png = png_bytes ();
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.7\n<p>x</p>", 17);
  g_autoptr(GBytes) nul = g_bytes_new_static ("<p>text</p>\0\0\0<p>more</p>", 25);
  g_autoptr(GBytes) controls = g_bytes_new_static ("<p>\x01\x02\x03\x04\x05\x06\x07\x08</p>", 15);
  g_autoptr(GBytes) utf16_nul = NULL;

  assert_refused (png, TZ_DECODE_ERROR_BINARY,
                  "“" NAME "” is not a web page (it looks like a PNG image)");
  assert_refused (pdf, TZ_DECODE_ERROR_BINARY, NULL);
  assert_refused (nul, TZ_DECODE_ERROR_BINARY,
                  "“" NAME "” is not a web page (it contains binary data)");
  assert_refused (controls, TZ_DECODE_ERROR_BINARY, NULL);

  /* A UTF-16 BOM followed by binary */
  utf16_nul = g_bytes_new_static ("\xff\xfe<\0p\0\0\0\0\0", 10);
  assert_refused (utf16_nul, TZ_DECODE_ERROR_BINARY, NULL);
}

static void
test_empty (void)
{
  static const char *pages[] = {
    "<html><head><title>标题</title></head><body></body></html>",
    "<html><body>  \n\t </body></html>",
    "<body><nav>导航</nav><script>var a = 1;</script><!-- 注释 --><p>&nbsp;　</p></body>",
    "\xef\xbb\xbf",
    "   \n",
  };
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  assert_refused (empty, TZ_DECODE_ERROR_EMPTY, "“" NAME "” is empty");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (pages[i], strlen (pages[i]));

      assert_refused (bytes, TZ_DECODE_ERROR_EMPTY, "“" NAME "” has no text");
    }
}

/* Random bytes and random markup never crash the parser. */
static void
test_random (void)
{
  static const char *pieces[] = {
    "<p>", "</p>", "<div class=nav>", "</div>", "<table>", "<tr>", "<td>",
    "</td>", "<h1>", "</h1>", "<br>", "<script>", "</script>", "<!--",
    "-->", "<pre>", "</pre>", "&nbsp;", "&#x4E2D;", "职工", "3.2万人",
    " ", "\n", "<", ">", "\"", "'", "=", "&", "<nav>", "</nav>", "<article>",
    "<footer>", "</footer>", "<![CDATA[", "]]>", "<!DOCTYPE x [", "]>",
  };
  GRand *rand = g_rand_new_with_seed (20260101);

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) html = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      guint n = g_rand_int_range (rand, 0, 400);

      for (guint i = 0; i < n; i++)
        {
          if (round % 3 == 0)
            g_string_append_c (html, (char) g_rand_int_range (rand, 1, 256));
          else
            g_string_append (html, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        }

      bytes = g_bytes_new (html->str, html->len);
      text = extract_bytes (bytes, NULL, &error);
      if (text != NULL)
        g_assert_true (g_utf8_validate (text, -1, NULL));
      else
        g_assert_true (error->domain == TZ_DECODE_ERROR);
    }

  g_rand_free (rand);
}

/* More than 30 MB/s on a long page (measured, not asserted: CI machines
 * vary; run with -m slow to see the figure) */
static void
test_throughput (void)
{
  g_autofree char *html = NULL;
  g_autoptr(GString) page = g_string_new ("<html><head><meta charset=utf-8></head><body>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *article;
  const char *article_end;
  guint copies = g_test_slow () ? 20000 : 500;
  gint64 start;
  double seconds;

  html = read_fixture ("news.html", NULL);
  article = strstr (html, "<article");
  article_end = strstr (html, "</article>");
  g_assert_nonnull (article);
  g_assert_nonnull (article_end);

  for (guint i = 0; i < copies; i++)
    g_string_append_len (page, article, article_end - article + strlen ("</article>"));
  g_string_append (page, "</body></html>");
  bytes = g_bytes_new (page->str, page->len);

  start = g_get_monotonic_time ();
  text = extract_bytes (bytes, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_nonnull (text);

  g_test_message ("%.1f MB in %.3f s: %.1f MB/s", page->len / 1e6, seconds,
                  page->len / 1e6 / MAX (seconds, 1e-6));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/html/news-page", test_news_page);
  g_test_add_func ("/taizhang/html/gbk-page", test_gbk_page);
  g_test_add_func ("/taizhang/html/encodings", test_encodings);
  g_test_add_func ("/taizhang/html/bom", test_bom);
  g_test_add_func ("/taizhang/html/blocks", test_blocks);
  g_test_add_func ("/taizhang/html/white-space", test_white_space);
  g_test_add_func ("/taizhang/html/headings", test_headings);
  g_test_add_func ("/taizhang/html/entities", test_entities);
  g_test_add_func ("/taizhang/html/tables", test_tables);
  g_test_add_func ("/taizhang/html/chrome", test_chrome);
  g_test_add_func ("/taizhang/html/deep-nesting", test_deep_nesting);
  g_test_add_func ("/taizhang/html/deep-seams", test_deep_seams);
  g_test_add_func ("/taizhang/html/pathological", test_pathological);
  g_test_add_func ("/taizhang/html/broken", test_broken);
  g_test_add_func ("/taizhang/html/no-fetch", test_no_fetch);
  g_test_add_func ("/taizhang/html/binary", test_binary);
  g_test_add_func ("/taizhang/html/empty", test_empty);
  g_test_add_func ("/taizhang/html/random", test_random);
  g_test_add_func ("/taizhang/html/throughput", test_throughput);

  return g_test_run ();
}
