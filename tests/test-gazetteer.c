/* test-gazetteer.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tz-enum-types.h"
#include "tz-gazetteer.h"
#include "tz-region.h"

/* Each case lists the places expected in the text, in order, as
 * "surface=code" joined by "|".  The surface is checked against the byte
 * offsets.  After the code, "s" means a short form, "a" an alias; a code
 * of "?" means an ambiguous name left unresolved.  An empty string means
 * no place at all. */
typedef struct
{
  const char *text;
  const char *context; /* a code, or NULL */
  const char *expected;
} PlaceCase;

static const PlaceCase place_cases[] = {
  /* Full names, longest match, no overlapping pieces */
  { "江苏省南通市崇川区总工会召开全委会", NULL, "江苏省=320000|南通市=320600|崇川区=320613" },
  { "上海市浦东新区职工文化节开幕", NULL, "上海市=310000|浦东新区=310115" },
  { "宁波市鄞州区总工会推出服务清单", NULL, "宁波市=330200|鄞州区=330212" },
  { "延边朝鲜族自治州总工会", NULL, "延边朝鲜族自治州=222400" },
  { "河北景县总工会召开会员代表大会", NULL, "河北=130000s|景县=131127" },
  { "北京东城区职工之家", NULL, "北京=110000s|东城区=110101" },
  { "吉林市总工会", NULL, "吉林市=220200" },
  { "中山市总工会开展送清凉", NULL, "中山市=442000" },
  { "南京市场监管局联合工会检查", NULL, "南京市=320100" },
  { "河北区总工会", NULL, "河北区=120105" },

  /* The nation, and 中国 which is not a region */
  { "全国总工会发布通知", NULL, "全国=000000" },
  { "中国工会十八大胜利召开", NULL, "" },
  { "全国各级工会已建成驿站", NULL, "全国=000000" },

  /* Common words that must not be places */
  { "社区、园区、全区、本区、该区、辖区都要落实", NULL, "" },
  { "开发区和新区、市区、城区、郊区的工业园区", NULL, "" },
  { "景区、示范区、集聚区、保税区和综保区", NULL, "" },
  { "各地新建工会组织一万余个", NULL, "" },
  { "扎实推进共同富裕", NULL, "" },
  { "会同有关部门开展安康杯竞赛", NULL, "" },
  { "创建全国示范县若干", NULL, "全国=000000" },
  { "各市和县总工会要抓好落实", NULL, "" },
  { "沿海城市职工收入较高", NULL, "" },
  { "工会经费县级留成比例", NULL, "" },
  { "东方市场商户入会", NULL, "" },
  { "黄河南岸的企业", NULL, "" },
  { "中山路沿线商户", NULL, "" },
  { "中山大学工会", NULL, "" },
  { "南京路步行街", NULL, "" },
  { "江苏银行工会", NULL, "" },
  { "中方表示，要大兴调查研究之风", NULL, "" },
  { "开展惠民活动，推进乡村振兴", NULL, "" },
  { "江北新区建设者", NULL, "" },
  { "东方红、东方市", NULL, "东方市=469007" },
  { "光明日报报道，光明区总工会", NULL, "光明区=440311" },
  { "安康市总工会开展安康杯竞赛", NULL, "安康市=610900" },
  { "深圳光明", NULL, "深圳=440300s|光明=440311s" },

  /* Provinces and prefectures by short form */
  { "江苏人在外地务工", NULL, "江苏=320000s" },
  { "内蒙古、广西、新疆、宁夏和西藏", NULL,
    "内蒙古=150000s|广西=450000s|新疆=650000s|宁夏=640000s|西藏=540000s" },
  { "包头职工技能大赛", NULL, "包头=150200s" },
  { "吉林职工", NULL, "吉林=220000s" },
  { "延边、恩施两地", NULL, "延边=222400s|恩施=422800s" },
  { "海南职工", NULL, "海南=460000s" },
  { "青海海南州", NULL, "青海=630000s|海南=632500s" },
  { "广东中山一家企业", NULL, "广东=440000s|中山=442000s" },
  { "【本报苏州记者顾清】", NULL, "苏州=320500s" },
  { "江西籍农民工", NULL, "江西=360000s" },
  { "辽宁阜新", NULL, "辽宁=210000s|阜新=210900s" },
  { "湖北省神农架林区", NULL, "湖北省=420000|神农架林区=429021" },

  /* County short forms need something that confirms them */
  { "南通崇川开展劳动竞赛", NULL, "南通=320600s|崇川=320613s" },
  { "崇川开展劳动竞赛", NULL, "" },
  { "崇川总工会举办培训", NULL, "崇川=320613s" },
  { "绍兴柯桥的经验，柯桥近年来组建服务队", NULL,
    "绍兴=330600s|柯桥=330603s|柯桥=330603s" },
  { "柯桥近年来组建服务队，柯桥区总工会表示", NULL, "柯桥=330603s|柯桥区=330603" },
  { "台州黄岩的模具企业", NULL, "台州=331000s|黄岩=331003s" },
  { "浙江象山", NULL, "浙江=330000s|象山=330225s" },
  { "余姚", NULL, "余姚=330281s" },
  { "  余姚 \n", NULL, "余姚=330281s" },
  { "余姚籍职工", NULL, "余姚=330281s" },
  { "余姚全区职工", NULL, "" },
  { "崇川", "320600", "崇川=320613s" },
  { "象山", NULL, "象山=?" },
  { "象山", "330200", "象山=330225s" },
  { "天津河北", NULL, "天津=120000s|河北=120105s" },
  { "太原万柏林", NULL, "太原=140100s|万柏林=140109s" },
  { "神农架", NULL, "神农架=429021s" },

  /* Names shared by several divisions */
  { "和平区总工会", NULL, "和平区=?" },
  { "天津市和平区总工会", NULL, "天津市=120000|和平区=120101" },
  { "天津市总工会表示，和平区将建成驿站27个", NULL, "天津市=120000|和平区=120101" },
  { "和平区建成驿站27个，天津市总工会表示", NULL, "和平区=120101|天津市=120000" },
  { "和平区", "210100", "和平区=210102" },
  { "南京鼓楼区", NULL, "南京=320100s|鼓楼区=320106" },
  { "福州市鼓楼区", NULL, "福州市=350100|鼓楼区=350102" },
  { "徐州鼓楼区", NULL, "徐州=320300s|鼓楼区=320302" },
  { "开封市鼓楼区", NULL, "开封市=410200|鼓楼区=410204" },
  { "鼓楼区", NULL, "鼓楼区=?" },
  { "鼓楼区", "320000", "鼓楼区=?" },
  { "鼓楼区", "320102", "鼓楼区=320106" },
  { "南京鼓楼", NULL, "南京=320100s|鼓楼=320106s" },
  { "江苏省南通市通州区", NULL, "江苏省=320000|南通市=320600|通州区=320612" },
  { "北京市通州区", NULL, "北京市=110000|通州区=110112" },
  { "通州区", "110000", "通州区=110112" },

  /* Development zones */
  { "苏州工业园区总工会日前公布名单", NULL, "苏州工业园区=320576" },
  { "南通经济技术开发区", NULL, "南通经济技术开发区=320671" },
  { "南通经开区", NULL, "南通经开区=320671a" },
  { "南通市经济技术开发区", NULL, "南通市=320600|经济技术开发区=320671a" },
  { "无锡高新区", NULL, "无锡高新区=320214a" },
  { "高新区", NULL, "高新区=?" },
  { "合肥市高新区", NULL, "合肥市=340100|高新区=340176a" },
  { "苏州市高新区", NULL, "苏州市=320500|高新区=320505a" },
  { "宁波高新区", NULL, "宁波=330200s|高新区=?" },

  /* Former names */
  { "南通市港闸区总工会", NULL, "南通市=320600|港闸区=320613a" },
  { "原襄樊市", NULL, "襄樊市=420600a" },
  { "原闸北区", NULL, "闸北区=310106a" },
  { "崇文区", NULL, "崇文区=110101a" },

  /* Generic and risky full names */
  { "阳泉市城区", NULL, "阳泉市=140300|城区=140302" },
  { "城区职工", NULL, "" },
  { "攀枝花东区", NULL, "攀枝花=510400s|东区=510402" },
  { "安徽和县总工会", NULL, "安徽=340000s|和县=340523" },
};

static TzGazetteer *
gaz (void)
{
  return tz_gazetteer_get_default ();
}

static guint
id_of (const char *code)
{
  guint id = tz_gazetteer_lookup_code (gaz (), code);

  g_assert_cmpuint (id, !=, TZ_DIVISION_NONE);
  return id;
}

static char *
describe (const char   *text,
          const GArray *places)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < places->len; i++)
    {
      const TzPlace *p = &g_array_index (places, TzPlace, i);

      if (i > 0)
        g_string_append_c (s, '|');
      g_string_append_len (s, text + p->start, p->end - p->start);
      g_string_append_c (s, '=');
      if (p->id == TZ_DIVISION_NONE)
        g_string_append_c (s, '?');
      else
        g_string_append (s, tz_gazetteer_get_code (gaz (), p->id));
      if (p->id != TZ_DIVISION_NONE && (p->flags & TZ_PLACE_SHORT_FORM))
        g_string_append_c (s, 's');
      if (p->id != TZ_DIVISION_NONE && (p->flags & TZ_PLACE_ALIAS))
        g_string_append_c (s, 'a');
    }

  return g_string_free (s, FALSE);
}

static void
test_places (gconstpointer data)
{
  const PlaceCase *c = data;
  guint context = c->context != NULL ? id_of (c->context) : TZ_DIVISION_NONE;
  g_autoptr(GArray) places = tz_gazetteer_find_places (gaz (), c->text, -1, context);
  g_autofree char *got = describe (c->text, places);

  for (guint i = 0; i < places->len; i++)
    {
      const TzPlace *p = &g_array_index (places, TzPlace, i);

      g_assert_cmpuint (p->start, <, p->end);
      g_assert_cmpuint (p->end, <=, strlen (c->text));
      if (i > 0)
        g_assert_cmpuint (g_array_index (places, TzPlace, i - 1).end, <=, p->start);
      g_assert_cmpint (p->id == TZ_DIVISION_NONE, ==, (p->flags & TZ_PLACE_AMBIGUOUS) != 0);
    }

  g_assert_cmpstr (got, ==, c->expected);
}

static void
test_offsets (void)
{
  const char *text = "据悉，江苏省南通市崇川区";
  g_autoptr(GArray) places = tz_gazetteer_find_places (gaz (), text, -1, TZ_DIVISION_NONE);
  static const gsize bounds[][2] = { { 9, 18 }, { 18, 27 }, { 27, 36 } };

  g_assert_cmpuint (places->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const TzPlace *p = &g_array_index (places, TzPlace, i);

      g_assert_cmpuint (p->start, ==, bounds[i][0]);
      g_assert_cmpuint (p->end, ==, bounds[i][1]);
      g_assert_cmpint (p->flags, ==, 0);
    }

  /* An explicit length cuts the text: only 江苏省 remains whole. */
  g_clear_pointer (&places, g_array_unref);
  places = tz_gazetteer_find_places (gaz (), text, 24, TZ_DIVISION_NONE);
  g_assert_cmpuint (places->len, ==, 2);
  g_assert_cmpuint (g_array_index (places, TzPlace, 1).id, ==, id_of ("320600"));

  g_clear_pointer (&places, g_array_unref);
  places = tz_gazetteer_find_places (gaz (), "", 0, TZ_DIVISION_NONE);
  g_assert_cmpuint (places->len, ==, 0);

  /* Bytes that are not UTF-8 are stepped over, not read past. */
  g_clear_pointer (&places, g_array_unref);
  places = tz_gazetteer_find_places (gaz (), "\xff\xfe江苏省\xe6", -1, TZ_DIVISION_NONE);
  g_assert_cmpuint (places->len, ==, 1);
  g_assert_cmpuint (g_array_index (places, TzPlace, 0).start, ==, 2);
}

static void
test_load (void)
{
  TzGazetteer *g = gaz ();
  guint n = tz_gazetteer_get_n_divisions (g);

  g_assert_nonnull (g);
  g_assert_cmpuint (n, >, 3000);
  g_assert_cmpstr (tz_gazetteer_get_code (g, TZ_DIVISION_NATION), ==, "000000");
  g_assert_cmpstr (tz_gazetteer_get_name (g, TZ_DIVISION_NATION), ==, "全国");
  g_assert_cmpstr (tz_gazetteer_get_code (g, n), ==, "820000");
  g_assert_true (tz_gazetteer_get_default () == g);
}

static gpointer
thread_func (gpointer data)
{
  TzGazetteer *g = tz_gazetteer_get_default ();
  g_autoptr(GArray) places = NULL;

  places = tz_gazetteer_find_places (g, "天津市总工会表示，和平区将…", -1, TZ_DIVISION_NONE);
  g_assert_cmpuint (places->len, ==, 2);
  g_assert_cmpstr (tz_gazetteer_get_code (g, g_array_index (places, TzPlace, 1).id), ==, "120101");

  return g;
}

static void
test_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("gazetteer", thread_func, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (g_thread_join (threads[i]) == tz_gazetteer_get_default ());
}

static void
test_codes (void)
{
  TzGazetteer *g = gaz ();
  guint id = tz_gazetteer_lookup_code (g, "320613");

  g_assert_cmpuint (id, !=, TZ_DIVISION_NONE);
  g_assert_cmpstr (tz_gazetteer_get_name (g, id), ==, "崇川区");
  g_assert_cmpstr (tz_gazetteer_get_code (g, id), ==, "320613");
  g_assert_cmpuint (tz_gazetteer_lookup_code (g, "000000"), ==, TZ_DIVISION_NATION);
  g_assert_cmpstr (tz_gazetteer_get_name (g, id_of ("810000")), ==, "香港特别行政区");
  g_assert_cmpstr (tz_gazetteer_get_name (g, id_of ("710000")), ==, "台湾省");

  /* Placeholders and malformed codes are not divisions. */
  g_assert_cmpuint (tz_gazetteer_lookup_code (g, "110100"), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_code (g, "500200"), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_code (g, "999999"), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_code (g, "32061"), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_code (g, "3206130"), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_code (g, "32061x"), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_code (g, NULL), ==, TZ_DIVISION_NONE);
}

static void
test_hierarchy (void)
{
  TzGazetteer *g = gaz ();
  guint chongchuan = id_of ("320613");
  guint nantong = id_of ("320600");
  guint jiangsu = id_of ("320000");
  guint dongcheng = id_of ("110101");
  guint beijing = id_of ("110000");
  guint xiantao = id_of ("429004");
  guint hubei = id_of ("420000");

  g_assert_cmpuint (tz_gazetteer_get_parent (g, chongchuan), ==, nantong);
  g_assert_cmpuint (tz_gazetteer_get_parent (g, nantong), ==, jiangsu);
  g_assert_cmpuint (tz_gazetteer_get_parent (g, jiangsu), ==, TZ_DIVISION_NATION);
  g_assert_cmpuint (tz_gazetteer_get_parent (g, TZ_DIVISION_NATION), ==, TZ_DIVISION_NONE);
  /* No 市辖区 or 省直辖县级行政区划 in between. */
  g_assert_cmpuint (tz_gazetteer_get_parent (g, dongcheng), ==, beijing);
  g_assert_cmpuint (tz_gazetteer_get_parent (g, xiantao), ==, hubei);

  g_assert_cmpint (tz_gazetteer_get_level (g, TZ_DIVISION_NATION), ==, TZ_REGION_LEVEL_NATION);
  g_assert_cmpint (tz_gazetteer_get_level (g, beijing), ==, TZ_REGION_LEVEL_PROVINCE);
  g_assert_cmpint (tz_gazetteer_get_level (g, nantong), ==, TZ_REGION_LEVEL_PREFECTURE);
  g_assert_cmpint (tz_gazetteer_get_level (g, dongcheng), ==, TZ_REGION_LEVEL_COUNTY);
  g_assert_cmpint (tz_gazetteer_get_level (g, xiantao), ==, TZ_REGION_LEVEL_COUNTY);

  g_assert_true (tz_gazetteer_is_ancestor (g, jiangsu, chongchuan));
  g_assert_true (tz_gazetteer_is_ancestor (g, nantong, chongchuan));
  g_assert_true (tz_gazetteer_is_ancestor (g, TZ_DIVISION_NATION, chongchuan));
  g_assert_false (tz_gazetteer_is_ancestor (g, chongchuan, chongchuan));
  g_assert_false (tz_gazetteer_is_ancestor (g, chongchuan, nantong));
  g_assert_false (tz_gazetteer_is_ancestor (g, beijing, chongchuan));
  g_assert_false (tz_gazetteer_is_ancestor (g, TZ_DIVISION_NONE, chongchuan));

  g_assert_true (tz_gazetteer_is_within (g, chongchuan, chongchuan));
  g_assert_true (tz_gazetteer_is_within (g, chongchuan, jiangsu));
  g_assert_false (tz_gazetteer_is_within (g, jiangsu, chongchuan));
  g_assert_false (tz_gazetteer_is_within (g, TZ_DIVISION_NONE, jiangsu));

  g_assert_cmpuint (tz_gazetteer_get_ancestor_at_level (g, chongchuan, TZ_REGION_LEVEL_PROVINCE), ==, jiangsu);
  g_assert_cmpuint (tz_gazetteer_get_ancestor_at_level (g, chongchuan, TZ_REGION_LEVEL_PREFECTURE), ==, nantong);
  g_assert_cmpuint (tz_gazetteer_get_ancestor_at_level (g, chongchuan, TZ_REGION_LEVEL_COUNTY), ==, chongchuan);
  g_assert_cmpuint (tz_gazetteer_get_ancestor_at_level (g, dongcheng, TZ_REGION_LEVEL_PREFECTURE), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_get_ancestor_at_level (g, nantong, TZ_REGION_LEVEL_COUNTY), ==, TZ_DIVISION_NONE);
}

static void
test_children (void)
{
  TzGazetteer *g = gaz ();
  g_autoptr(GArray) provinces = tz_gazetteer_list_children (g, TZ_DIVISION_NATION);
  g_autoptr(GArray) jiangsu = tz_gazetteer_list_children (g, id_of ("320000"));
  g_autoptr(GArray) nantong = tz_gazetteer_list_children (g, id_of ("320600"));
  g_autoptr(GArray) beijing = tz_gazetteer_list_children (g, id_of ("110000"));
  g_autoptr(GArray) hubei = tz_gazetteer_list_children (g, id_of ("420000"));
  g_autoptr(GArray) county = tz_gazetteer_list_children (g, id_of ("320613"));
  g_autoptr(GArray) none = tz_gazetteer_list_children (g, TZ_DIVISION_NONE);
  gboolean has_xiantao = FALSE;

  /* 31 provinces, Hong Kong, Macao and Taiwan. */
  g_assert_cmpuint (provinces->len, ==, 34);
  g_assert_cmpstr (tz_gazetteer_get_code (g, g_array_index (provinces, guint, 0)), ==, "110000");
  for (guint i = 0; i < provinces->len; i++)
    {
      guint id = g_array_index (provinces, guint, i);

      g_assert_cmpint (tz_gazetteer_get_level (g, id), ==, TZ_REGION_LEVEL_PROVINCE);
      if (i > 0)
        g_assert_cmpstr (tz_gazetteer_get_code (g, g_array_index (provinces, guint, i - 1)), <,
                         tz_gazetteer_get_code (g, id));
    }

  /* 13 prefectures, sorted, 南京 first. */
  g_assert_cmpuint (jiangsu->len, ==, 13);
  g_assert_cmpstr (tz_gazetteer_get_name (g, g_array_index (jiangsu, guint, 0)), ==, "南京市");
  for (guint i = 0; i < jiangsu->len; i++)
    g_assert_cmpuint (tz_gazetteer_get_parent (g, g_array_index (jiangsu, guint, i)), ==, id_of ("320000"));

  for (guint i = 0; i < nantong->len; i++)
    g_assert_cmpint (tz_gazetteer_get_level (g, g_array_index (nantong, guint, i)), ==, TZ_REGION_LEVEL_COUNTY);
  g_assert_cmpuint (nantong->len, >, 0);
  g_assert_cmpuint (g_array_index (nantong, guint, 0), ==, id_of ("320612"));

  /* Municipalities list their districts; provinces their direct counties. */
  g_assert_cmpuint (g_array_index (beijing, guint, 0), ==, id_of ("110101"));
  for (guint i = 0; i < hubei->len; i++)
    has_xiantao |= g_array_index (hubei, guint, i) == id_of ("429004");
  g_assert_true (has_xiantao);

  g_assert_cmpuint (county->len, ==, 0);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
check_region (const char         *code,
              const char         *name,
              const char * const *path,
              TzRegionLevel       level,
              const char         *display)
{
  g_autoptr(TzRegion) region = tz_gazetteer_create_region (gaz (), id_of (code));
  g_autofree char *shown = NULL;

  g_assert_nonnull (region);
  g_assert_cmpstr (tz_region_get_code (region), ==, code);
  g_assert_cmpstr (tz_region_get_name (region), ==, name);
  g_assert_cmpstrv (tz_region_get_path (region), path);
  g_assert_cmpint (tz_region_get_level (region), ==, level);
  shown = tz_region_dup_display_path (region);
  g_assert_cmpstr (shown, ==, display);
}

static void
test_regions (void)
{
  const char * const chongchuan[] = { "江苏省", "南通市", "崇川区", NULL };
  const char * const nantong[] = { "江苏省", "南通市", NULL };
  const char * const dongcheng[] = { "北京市", "东城区", NULL };
  const char * const beijing[] = { "北京市", NULL };
  const char * const nation[] = { "全国", NULL };
  const char * const xiantao[] = { "湖北省", "仙桃市", NULL };

  check_region ("320613", "崇川区", chongchuan, TZ_REGION_LEVEL_COUNTY,
                "江苏省 · 南通市 · 崇川区");
  check_region ("320600", "南通市", nantong, TZ_REGION_LEVEL_PREFECTURE,
                "江苏省 · 南通市");
  check_region ("110101", "东城区", dongcheng, TZ_REGION_LEVEL_COUNTY,
                "北京市 · 东城区");
  check_region ("110000", "北京市", beijing, TZ_REGION_LEVEL_PROVINCE, "北京市");
  check_region ("000000", "全国", nation, TZ_REGION_LEVEL_NATION, "全国");
  check_region ("429004", "仙桃市", xiantao, TZ_REGION_LEVEL_COUNTY,
                "湖北省 · 仙桃市");

  g_assert_null (tz_gazetteer_create_region (gaz (), TZ_DIVISION_NONE));
}

static void
test_region_object (void)
{
  const char * const path[] = { "江苏省", "南通市", NULL };
  g_autoptr(TzRegion) a = tz_region_new ("320600", "南通市", path, TZ_REGION_LEVEL_PREFECTURE);
  g_autoptr(TzRegion) b = tz_gazetteer_create_region (gaz (), id_of ("320600"));
  g_autoptr(TzRegion) c = tz_gazetteer_create_region (gaz (), id_of ("320613"));
  g_autoptr(TzRegion) bare = tz_region_new ("320000", "江苏省", NULL, TZ_REGION_LEVEL_PROVINCE);
  g_autofree char *code = NULL;
  g_auto(GStrv) got_path = NULL;
  TzRegionLevel level;

  g_assert_true (tz_region_equal (a, b));
  g_assert_false (tz_region_equal (a, c));
  g_assert_false (tz_region_equal (a, NULL));
  g_assert_false (tz_region_equal (NULL, a));
  g_assert_true (tz_region_equal (NULL, NULL));

  g_object_get (a, "code", &code, "path", &got_path, "level", &level, NULL);
  g_assert_cmpstr (code, ==, "320600");
  g_assert_cmpstrv (got_path, path);
  g_assert_cmpint (level, ==, TZ_REGION_LEVEL_PREFECTURE);
  g_assert_true (G_TYPE_IS_ENUM (TZ_TYPE_REGION_LEVEL));

  /* Without a path the region is its own path. */
  g_assert_cmpstr (tz_region_get_path (bare)[0], ==, "江苏省");
  g_assert_null (tz_region_get_path (bare)[1]);
}

static void
test_lookup_name (void)
{
  TzGazetteer *g = gaz ();

  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "崇川区", TZ_DIVISION_NONE), ==, id_of ("320613"));
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "港闸区", TZ_DIVISION_NONE), ==, id_of ("320613"));
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "南通", TZ_DIVISION_NONE), ==, id_of ("320600"));
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "吉林", TZ_DIVISION_NONE), ==, id_of ("220000"));
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "全国", TZ_DIVISION_NONE), ==, TZ_DIVISION_NATION);
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "鼓楼区", TZ_DIVISION_NONE), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "鼓楼区", id_of ("320100")), ==, id_of ("320106"));
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "中国", TZ_DIVISION_NONE), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "南通市崇川区", TZ_DIVISION_NONE), ==, TZ_DIVISION_NONE);
  g_assert_cmpuint (tz_gazetteer_lookup_name (g, "", TZ_DIVISION_NONE), ==, TZ_DIVISION_NONE);
}

static gpointer
create_regions (gpointer data)
{
  GPtrArray *made = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (made, tz_gazetteer_create_region (gaz (), id_of (i % 2 ? "320600" : "429004")));
  return made;
}

/* Regions cannot change, so every request gets the same one, whichever
 * thread asks (the importer's workers share the gazetteer). */
static void
test_region_shared (void)
{
  g_autoptr(TzRegion) region = tz_gazetteer_create_region (gaz (), id_of ("320600"));
  GThread *threads[4];

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("regions", create_regions, NULL);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_autoptr(GPtrArray) made = g_thread_join (threads[t]);

      for (guint i = 1; i < made->len; i += 2)
        g_assert_true (made->pdata[i] == region);
      g_assert_cmpstr (tz_region_get_code (made->pdata[0]), ==, "429004");
    }
}

int
main (int   argc,
      char *argv[])
{
  gint64 begin;
  gint64 elapsed;

  g_test_init (&argc, &argv, NULL);

  /* Loading happens once per process; time it before any test does. */
  begin = g_get_monotonic_time ();
  tz_gazetteer_get_default ();
  elapsed = g_get_monotonic_time () - begin;
  g_test_message ("gazetteer loaded in %.2f ms", elapsed / 1000.0);

  g_test_add_func ("/taizhang/gazetteer/load", test_load);
  g_test_add_func ("/taizhang/gazetteer/threads", test_threads);
  g_test_add_func ("/taizhang/gazetteer/codes", test_codes);
  g_test_add_func ("/taizhang/gazetteer/hierarchy", test_hierarchy);
  g_test_add_func ("/taizhang/gazetteer/children", test_children);
  g_test_add_func ("/taizhang/gazetteer/regions", test_regions);
  g_test_add_func ("/taizhang/gazetteer/region-object", test_region_object);
  g_test_add_func ("/taizhang/gazetteer/region-shared", test_region_shared);
  g_test_add_func ("/taizhang/gazetteer/offsets", test_offsets);
  g_test_add_func ("/taizhang/gazetteer/lookup-name", test_lookup_name);

  for (gsize i = 0; i < G_N_ELEMENTS (place_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/taizhang/gazetteer/places/%02" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &place_cases[i], test_places);
    }

  return g_test_run ();
}
