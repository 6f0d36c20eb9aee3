/* test-docx.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tz-core.h"
#include "tz-test-docs.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* Word documents zipped here must read as the same text typed into a
 * .txt, headings as Markdown headings and table rows as lines. */

static void
test_report (void)
{
  static const char body[] =
    "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>"
    "<w:r><w:t>2024年上半年全市工会工作情况</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>"
    "<w:r><w:t>困难职工帮扶成效明显</w:t></w:r></w:p>"
    /* Runs split mid-number by formatting; a tab stop in the paragraph
     * properties is not text. */
    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>"
    "<w:r><w:t xml:space=\"preserve\">上半年，南京市总工会走访慰问困难职工</w:t></w:r>"
    "<w:r><w:rPr><w:b/></w:rPr><w:t>32</w:t></w:r><w:r><w:t>00户，</w:t></w:r>"
    "<w:ins w:id=\"1\" w:author=\"编辑\"><w:r><w:t>发放帮扶资金</w:t></w:r></w:ins>"
    "<w:del w:id=\"2\" w:author=\"编辑\"><w:r><w:delText>99万元和</w:delText></w:r></w:del>"
    "<w:r><w:t>1860万元。</w:t></w:r>"
    "<w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr>"
    "<w:r><w:t>技能提升</w:t></w:r></w:p>"
    /* A field: its code is hidden, its result shown. */
    "<w:p><w:r><w:t>全市举办技能竞赛</w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
    "<w:r><w:instrText xml:space=\"preserve\"> MERGEFIELD 场次 </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
    "<w:r><w:t>46</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    "<w:r><w:t>场，参赛职工1.2万人次。</w:t></w:r></w:p>"
    /* A line break and a tab inside one paragraph. */
    "<w:p><w:r><w:t>主要数据</w:t><w:br/><w:t>单位：</w:t><w:tab/><w:t>人</w:t></w:r></w:p>"
    "<w:tbl>"
    "<w:tr><w:tc><w:p><w:r><w:t>地区</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>新增会员</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>玄武区</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>5600人</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>秦淮区</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>4300</w:t></w:r></w:p><w:p><w:r><w:t>人</w:t></w:r></w:p></w:tc></w:tr>"
    "</w:tbl>"
    "<w:p/>"
    "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>";
  static const char text[] =
    "# 2024年上半年全市工会工作情况\n\n"
    "# 困难职工帮扶成效明显\n\n"
    "上半年，南京市总工会走访慰问困难职工3200户，发放帮扶资金1860万元。\n\n"
    "## 技能提升\n\n"
    "全市举办技能竞赛46场，参赛职工1.2万人次。\n\n"
    "主要数据\n单位： 人\n\n"
    "地区 新增会员\n"
    "玄武区 5600人\n"
    "秦淮区 4300 人\n";
  g_autoptr(GBytes) bytes = tz_test_docx_new (body, NULL);
  g_autoptr(TzDocument) document = tz_test_read_ok ("report.docx", bytes);
  g_autofree char *records = tz_test_records_tsv (document);

  tz_test_assert_same_as_text (document, text);
  g_test_message ("%s", records);
  g_assert_nonnull (strstr (records, "3200户\t3200\t户"));
  g_assert_nonnull (strstr (records, "1860万元\t18600000\t元"));
  g_assert_nonnull (strstr (records, "46场\t46\t场"));
  g_assert_null (strstr (tz_document_get_text (document), "99万元"));
  g_assert_null (strstr (tz_document_get_text (document), "MERGEFIELD"));
}

/* A Chinese Word names its heading styles "1", "2"…: the style's w:name
 * says what it is. Text boxes given twice (new and old drawing markup)
 * are read once. */
static void
test_localized_styles (void)
{
  static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<w:styles xmlns:w=\"" W_NS "\">"
    "<w:style w:type=\"paragraph\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"a3\"><w:name w:val=\"Title\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"10\"><w:name w:val=\"标题样式\"/>"
    "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
    "</w:styles>";
  static const char document_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<w:document xmlns:w=\"" W_NS "\""
    " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
    "<w:body>"
    "<w:p><w:pPr><w:pStyle w:val=\"a3\"/></w:pPr><w:r><w:t>工会年度报告</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"1\"/></w:pPr><w:r><w:t>一、组织建设</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"10\"/></w:pPr><w:r><w:t>（一）新建工会</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"a\"/></w:pPr><w:r><w:t>全年新建基层工会85家。</w:t></w:r>"
    "<w:r><mc:AlternateContent>"
    "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
    "<w:p><w:r><w:t>图注：新会员2100人</w:t></w:r></w:p>"
    "</w:txbxContent></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><w:txbxContent>"
    "<w:p><w:r><w:t>图注：新会员2100人</w:t></w:r></w:p>"
    "</w:txbxContent></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r></w:p>"
    "</w:body></w:document>";
  g_autoptr(GBytes) bytes = tz_test_docx_new (document_xml, styles);
  g_autoptr(TzDocument) document = tz_test_read_ok ("年度报告.docx", bytes);

  tz_test_assert_same_as_text (document,
                       "# 工会年度报告\n\n"
                       "# 一、组织建设\n\n"
                       "## （一）新建工会\n\n"
                       "全年新建基层工会85家。\n\n"
                       "图注：新会员2100人\n");
}

/* Entities are never expanded from files or the network. */
static void
test_no_fetching (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tz-docx-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *uri = g_filename_to_uri (secret, NULL, NULL);
  g_autofree char *document_xml = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = NULL;

  g_assert_true (g_file_set_contents (secret, "SECRET-MARKER", -1, NULL));
  document_xml = g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                              "<!DOCTYPE w:document ["
                              "<!ENTITY file SYSTEM \"", uri, "\">"
                              "<!ENTITY net SYSTEM \"http://127.0.0.1:9/entity\">"
                              "]>"
                              "<w:document xmlns:w=\"" W_NS "\"><w:body>"
                              "<w:p><w:r><w:t>全市新增会员&file;&net;500人。</w:t></w:r></w:p>"
                              "</w:body></w:document>", NULL);
  bytes = tz_test_docx_new (document_xml, NULL);

  document = tz_test_read ("entities.docx", bytes, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (tz_document_get_text (document), "SECRET"));
  g_assert_nonnull (strstr (tz_document_get_text (document), "500人"));

  g_unlink (secret);
  g_rmdir (dir);
}

static void
assert_error (const char *name,
              GBytes     *bytes,
              int         code,
              const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = tz_test_read (name, bytes, &error);

  g_assert_null (document);
  g_assert_error (error, TZ_DECODE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, says));
}

static void
test_damaged (void)
{
  g_autofree char *paragraphs = tz_test_docx_paragraphs ("全市新增会员500人。\n第二段");
  g_autoptr(GBytes) good = tz_test_docx_new (paragraphs, NULL);
  g_autoptr(GBytes) header = g_bytes_new_static ("PK\3\4", 4);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (good, 0, g_bytes_get_size (good) / 2);
  g_autoptr(GBytes) no_document = tz_test_docx_new (NULL, NULL);
  g_autoptr(GBytes) bad_xml = tz_test_docx_new ("<w:p><w:r><w:t>未闭合</w:r></w:p>", NULL);
  g_autoptr(GBytes) blank = tz_test_docx_new ("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>", NULL);
  g_autoptr(GBytes) text = g_bytes_new_static ("会员500人", strlen ("会员500人"));

  assert_error ("header.docx", header, TZ_DECODE_ERROR_INVALID, "damaged or not a Word document");
  assert_error ("half.docx", half, TZ_DECODE_ERROR_INVALID, "damaged or not a Word document");
  assert_error ("sheet.docx", no_document, TZ_DECODE_ERROR_INVALID, "not a Word document");
  assert_error ("broken.docx", bad_xml, TZ_DECODE_ERROR_INVALID, "damaged or not a Word document");
  assert_error ("text.docx", text, TZ_DECODE_ERROR_INVALID, "not a Word document");
  assert_error ("blank.docx", blank, TZ_DECODE_ERROR_EMPTY, "has no text");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/docx/report", test_report);
  g_test_add_func ("/taizhang/docx/localized-styles", test_localized_styles);
  g_test_add_func ("/taizhang/docx/no-fetching", test_no_fetching);
  g_test_add_func ("/taizhang/docx/damaged", test_damaged);

  return g_test_run ();
}
