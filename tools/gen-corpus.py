#!/usr/bin/env python3
# gen-corpus.py
#
# Copyright 2026 The Taizhang authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Writes a synthetic corpus of union-newspaper reports for benchmarks.

    tools/gen-corpus.py --reports 10000 --seed 1 --out /tmp/corpus

Every report is a page of three to six articles in the layout of the
产改 reports Taizhang reads: headline blocks (kickers, titles, subtitles),
column labels, bylines, paragraphs broken mid-sentence across a blank line,
a paragraph printed twice, signed author lines, photo credits and source
lines, and many figures in mixed numerals (3.6万人, 百余家, 近千名, 八成,
１２００余家, 3至5次…) set in places all over China (the division list in
data/gazetteer/divisions.tsv) and in the years 2015–2025.

The text is put together from the templates and word lists below; it
reports nothing real. The output depends only on --seed and the report's
number: report i is the same whatever --reports says, so the first 1,000
reports of a 10,000-report corpus are the 1,000-report corpus. Python
standard library only.
"""

import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIVISIONS = os.path.join(HERE, '..', 'data', 'gazetteer', 'divisions.tsv')

# ---------------------------------------------------------------------------
# Places

class Place:
    def __init__(self, code, name):
        self.code = code
        self.name = name

    def short(self):
        """宁波市 → 宁波, 鄞州区 → 鄞州; names too short to cut stay whole."""
        for suffix in ('自治州', '自治县', '地区', '市', '区', '县', '盟', '旗'):
            if self.name.endswith(suffix) and len(self.name) - len(suffix) >= 2:
                return self.name[:-len(suffix)]
        return self.name


def load_divisions(path):
    provinces = []
    children = {}
    by_code = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            code, name = line.rstrip('\n').split('\t')[:2]
            if code == '000000':
                continue
            place = Place(code, name)
            by_code[code] = place
    for code, place in sorted(by_code.items()):
        if code.endswith('0000'):
            provinces.append(place)
            continue
        if code.endswith('00'):
            parent = code[:2] + '0000'
        else:
            parent = code[:4] + '00'
            if parent not in by_code:
                parent = code[:2] + '0000'
        children.setdefault(parent, []).append(place)
    # Provinces listed without divisions (台湾省, the SARs) name no county.
    provinces = [p for p in provinces if children.get(p.code)]
    return provinces, children


class Setting:
    """Where an article happens: a province, a city in it, a county in that."""

    def __init__(self, rng, provinces, children):
        self.province = rng.choice(provinces)
        kids = children.get(self.province.code, [])
        prefectures = [p for p in kids if children.get(p.code)]
        counties = [p for p in kids if not children.get(p.code)]
        if prefectures and rng.random() < 0.85:
            self.city = rng.choice(prefectures)
            self.county = rng.choice(children[self.city.code])
        elif counties:
            # Municipalities: districts right under the province.
            self.city = self.province
            self.county = rng.choice(counties)
        else:
            self.city = self.province
            self.county = self.province
        if self.city is self.province:
            self.siblings = counties or [self.county]
        else:
            self.siblings = children[self.city.code]

    def other_county(self, rng):
        return rng.choice(self.siblings)


# ---------------------------------------------------------------------------
# Word lists (written for this generator)

SURNAMES = list('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤')
GIVEN = list('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁亮林琳晨晓欣悦文博航远毅峰建国立新海波志宏春雪梅兰')

UNION_BODIES = ['总工会', '总工会', '总工会', '人力社保局', '工信局', '委组织部', '产改办']
NEWSPAPERS = ['工人日报', '职工报', '工人报', '劳动报', '工运导刊', '职工之家报']
COLUMNS = ['工会动态', '产改一线', '基层传真', '主席之声', '工匠风采', '各地产改', '一线观察', '职工之家']
NOTES = ['编者按', '小编说', '记者手记']

ENTERPRISE_KINDS = ['机械', '纺织', '电子', '化工', '汽车零部件', '食品', '物流', '建材', '新能源', '医药', '模具', '家电']
ENTERPRISE_SUFFIX = ['有限公司', '股份有限公司', '集团', '科技有限公司']
SKILLS = ['焊工', '钳工', '电工', '车工', '数控操作工', '模具工', '叉车司机', '维修电工', '化验员', '装配工']

PROGRAMS = ['技能提升', '师带徒', '劳模工匠进企业', '职工创新', '技能等级认定', '产改示范', '金牌工人', '首席技师',
            '匠心筑梦', '学历提升', '职工书屋', '暖心驿站', '技能夜校', '订单式培训', '岗位练兵']

# Figures: (unit written, what is counted, kind of value)
PEOPLE_SUBJECTS = ['产业工人', '一线职工', '技能人才', '高技能人才', '青年职工', '农民工', '职工', '劳模工匠', '新就业形态劳动者',
                   '技术工人', '首席技师', '女职工', '职工代表']
ORG_SUBJECTS = ['企业', '非公企业', '规上企业', '工会组织', '专精特新企业', '中小企业', '重点企业', '试点企业']
ITEM_SUBJECTS = ['劳模创新工作室', '职工书屋', '技能实训基地', '服务驿站', '职工之家', '技能大师工作室', '实训点', '培训班',
                 '工匠学院', '爱心托管班', '流动课堂', '服务站点']
EVENT_SUBJECTS = ['技能竞赛', '培训', '宣讲活动', '岗位练兵', '技术比武', '送教活动', '座谈会', '专题讲座']
PROJECT_SUBJECTS = ['技术革新项目', '合理化建议', '技术难题', '创新成果', '发明专利', '攻关课题']
MONEY_SUBJECTS = ['培训经费', '补助资金', '专项资金', '奖励资金', '帮扶资金', '技能补贴', '创新奖励']
RATE_SUBJECTS = ['参训满意度', '持证上岗率', '技能人才占比', '入会率', '建会率', '覆盖率', '一线职工占比']

PEOPLE_UNITS = ['人', '名', '人', '名', '人次']
ORG_UNITS = ['家', '家', '个']
ITEM_UNITS = ['个', '家', '所', '处', '间']
EVENT_UNITS = ['场', '期', '次', '场次', '批']
PROJECT_UNITS = ['项', '条', '个']

VERBS_PEOPLE = ['培训', '培养', '吸纳', '组织', '带动', '表彰', '评选', '服务', '认定', '覆盖', '帮扶', '选树']
VERBS_ITEMS = ['建成', '新建', '命名', '设立', '打造', '挂牌', '改造']
VERBS_EVENTS = ['举办', '开展', '组织', '承办', '举行']
VERBS_PROJECTS = ['完成', '征集', '解决', '攻克', '推广', '转化']
VERBS_MONEY = ['投入', '发放', '筹集', '拨付', '落实']

CHINESE_DIGITS = '零一二三四五六七八九'
CHINESE_COUNTS = ['两', '三', '四', '五', '六', '七', '八', '九', '十', '十二', '十五', '二十', '三十']
FULL_WIDTH = str.maketrans('0123456789.%', '０１２３４５６７８９．％')

# ---------------------------------------------------------------------------
# Figures


def chinese_number(n):
    """Small whole numbers in Chinese numerals (below 10,000)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    out = ''
    for value, name in ((1000, '千'), (100, '百'), (10, '十')):
        d = n // value
        if d:
            out += ('' if (value == 10 and d == 1 and not out) else CHINESE_DIGITS[d]) + name
        elif out and n % value:
            if not out.endswith('零'):
                out += '零'
        n %= value
    if n:
        out += CHINESE_DIGITS[n]
    return out


class Figures:
    def __init__(self, rng):
        self.rng = rng

    def count(self, unit, lo=2, hi=5000, qualified=True):
        """A count with its unit, in one of the ways reports write them;
        without a qualifier (约, 超过, 以上…) when the verb has one."""
        rng = self.rng
        n = max(lo, int(hi ** rng.uniform(0.25, 1)))
        style = rng.random()
        if not qualified and (0.46 <= style < 0.60 or 0.88 <= style < 0.94):
            style = 0
        if style < 0.34:
            return f'{n}{unit}'
        if style < 0.46:
            return f'{n}余{unit}' if n >= 20 else f'{n}{unit}'
        if style < 0.54:
            return rng.choice(['超过', '逾', '近', '约', '达']) + f'{n}{unit}'
        if style < 0.60:
            return f'{n}{unit}' + rng.choice(['以上', '左右'])
        if style < 0.66 and n >= 1000:
            return f'{n:,}{unit}'
        if style < 0.72:
            return rng.choice(['百余', '近千', '上千', '千余', '数百', '上万', '近百', '二十余', '三十多']) + unit
        if style < 0.80:
            return chinese_number(rng.randint(2, 99)) + unit
        if style < 0.84:
            a = rng.randint(2, 6)
            return f'{a}{rng.choice(["至", "到", "-"])}{a + rng.randint(1, 4)}{unit}'
        if style < 0.88:
            return f'{n}{unit}'.translate(FULL_WIDTH)
        if style < 0.94 and unit in ('人', '名', '人次'):
            wan = rng.choice(['1.2', '3.6', '2.15', '4.8', '12.6', '0.8', '21.5', '5.64', '1.05'])
            return rng.choice(['', '', '约', '超过']) + f'{wan}万{"人次" if unit == "人次" else "人"}'
        return f'{n}{unit}'

    def money(self):
        rng = self.rng
        style = rng.random()
        if style < 0.35:
            return f'{rng.randint(10, 9800)}万元'
        if style < 0.55:
            return f'{rng.randint(1, 99) / 10:g}亿元'
        if style < 0.65:
            return f'{rng.randint(200, 9000)}元'
        if style < 0.75:
            return chinese_number(rng.randint(2, 9)) + '千' + rng.choice(['', '五百']) + '万元'
        if style < 0.85:
            return '约' + f'{rng.randint(15, 990)}万元'
        return f'{rng.randint(100, 9999):,}万元'

    def rate(self):
        rng = self.rng
        style = rng.random()
        if style < 0.45:
            return f'{rng.randint(300, 999) / 10:g}%'
        if style < 0.60:
            return f'{rng.randint(30, 99)}%' + rng.choice(['', '以上', '左右'])
        if style < 0.75:
            return rng.choice(['', '近', '超过', '约']) + chinese_number(rng.randint(2, 9)) + '成' + rng.choice(['', '以上', '左右'])
        if style < 0.82:
            return f'{rng.randint(30, 99)}.{rng.randint(0, 9)}%'.translate(FULL_WIDTH)
        return f'{rng.randint(10, 99)}%'


# ---------------------------------------------------------------------------
# Text


class Writer:
    def __init__(self, rng, provinces, children):
        self.rng = rng
        self.provinces = provinces
        self.children = children
        self.fig = Figures(rng)

    def person(self):
        rng = self.rng
        return rng.choice(SURNAMES) + ''.join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))

    def company(self, setting):
        rng = self.rng
        return setting.city.short() + rng.choice(GIVEN) + rng.choice(GIVEN) + rng.choice(ENTERPRISE_KINDS) + rng.choice(ENTERPRISE_SUFFIX)

    def program(self):
        return '“' + self.rng.choice(PROGRAMS) + '”'

    def year_phrase(self, year):
        rng = self.rng
        month = rng.randint(1, 12)
        return rng.choice([
            f'{year}年,', f'{year}年以来,', f'截至{year}年底,', f'截至{year}年{month}月底,',
            f'{year}年{month}月,', '今年以来,', '去年,', '近年来,', f'自{max(2015, year - rng.randint(1, 4))}年以来,',
            '', '', '',
        ])

    def place_lead(self, setting):
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            return setting.county.name
        if r < 0.55:
            return setting.city.name + setting.county.name
        if r < 0.70:
            return setting.city.name
        if r < 0.80:
            return setting.other_county(rng).name
        if r < 0.88:
            return '全' + rng.choice(['市', '区', '县', '省'])
        return setting.province.name

    # One clause with a figure in it, and whether it opens with its verb
    # (it then follows 已/累计 in the sentence) or with its subject.
    def clause(self, setting):
        rng = self.rng
        f = self.fig
        kind = rng.randrange(8)
        if kind == 0:
            return f'{rng.choice(VERBS_PEOPLE)}{rng.choice(PEOPLE_SUBJECTS)}{f.count(rng.choice(PEOPLE_UNITS), 5, 90000)}', True
        if kind == 1:
            return f'推动{f.count(rng.choice(ORG_UNITS), 2, 3000)}{rng.choice(ORG_SUBJECTS)}参与{self.program()}活动', True
        if kind == 2:
            return f'{rng.choice(VERBS_ITEMS)}{rng.choice(ITEM_SUBJECTS)}{f.count(rng.choice(ITEM_UNITS), 2, 800)}', True
        if kind == 3:
            return f'{rng.choice(VERBS_EVENTS)}{rng.choice(EVENT_SUBJECTS)}{f.count(rng.choice(EVENT_UNITS), 2, 2000)}', True
        if kind == 4:
            return f'{rng.choice(VERBS_PROJECTS)}{rng.choice(PROJECT_SUBJECTS)}{f.count(rng.choice(PROJECT_UNITS), 2, 3000)}', True
        if kind == 5:
            return f'{rng.choice(VERBS_MONEY)}{rng.choice(MONEY_SUBJECTS)}{f.money()}', True
        if kind == 6:
            return f'{rng.choice(RATE_SUBJECTS)}{rng.choice(["达到", "提高到", "达", "稳定在"])}{f.rate()}', False
        return (f'{rng.choice(PEOPLE_SUBJECTS)}{rng.choice(["达到", "增至", "超过", "总数达"])}'
                f'{f.count(rng.choice(["人", "名"]), 20, 90000, qualified=False)}', False)

    def sentence(self, setting, year):
        rng = self.rng
        lead = self.year_phrase(year) + self.place_lead(setting) + rng.choice(UNION_BODIES)
        clauses = [self.clause(setting) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        text, verb_first = clauses[0]
        if verb_first:
            body = lead + rng.choice(['', '已', '累计', '共']) + text
        else:
            body = lead + rng.choice(['推动', '带动', '努力使']) + '全' + rng.choice(['市', '区', '县']) + text
        for text, verb_first in clauses[1:]:
            body += ',' + text
        return body + '。'

    def plain_sentence(self, setting):
        rng = self.rng
        who = self.person()
        return rng.choice([
            f'“以前学技术靠自己摸索,现在有师傅手把手带,进步快多了。”{rng.choice(SKILLS)}{who}说。',
            f'“{rng.choice(["车间", "班组", "企业"])}里的事,大家一起商量着办。”{self.company(setting)}工会主席{who}说。',
            f'在{setting.county.name}的一处工业园区,{rng.choice(SKILLS)}们正在参加{self.program()}实操考核。',
            f'为破解一线职工工学矛盾,{setting.city.short()}把课堂搬到了车间和班组。',
            f'{who}是{self.company(setting)}的一名{rng.choice(SKILLS)},从业已有十多年。',
            f'{self.company(setting)}{rng.choice(SKILLS)}{who}在车间里向记者介绍了新设备的操作要领。',
            f'{setting.county.short()}总工会相关负责人表示,下一步将把{self.program()}工作向中小企业延伸。',
            f'走进{self.company(setting)}的生产车间,一块写着{self.program()}的展板格外显眼。',
            f'据介绍,这一做法得到了企业和职工的普遍认可,{who}所在的班组也因此受益。',
            f'“技能提升了,收入也跟着涨了。”{rng.randint(23, 55)}岁的{rng.choice(SKILLS)}{who}告诉记者。',
        ])

    def paragraph(self, setting, year):
        rng = self.rng
        parts = []
        for _ in range(rng.choice((2, 3, 3, 4))):
            if rng.random() < 0.3:
                parts.append(self.plain_sentence(setting))
            else:
                parts.append(self.sentence(setting, year))
        return ''.join(parts)

    def headline(self, setting):
        rng = self.rng
        place = rng.choice([setting.county.short(), setting.city.short(), setting.city.short() + setting.county.short()])
        return rng.choice([
            f'{place}{self.program()}激活产改一池春水',
            f'{place}:{rng.choice(PEOPLE_SUBJECTS)}有了成长“快车道”',
            f'{place}深化产改 {self.fig.count("家", 10, 900)}企业受益',
            f'{place}推行{self.program()}机制',
            f'{place}工会{rng.choice(["搭台", "牵线", "发力"])} {rng.choice(PEOPLE_SUBJECTS)}{rng.choice(["唱主角", "有奔头", "更出彩"])}',
            f'{place}{rng.choice(ITEM_SUBJECTS)}开进工业园',
        ])

    def article(self, year):
        rng = self.rng
        setting = Setting(rng, self.provinces, self.children)
        out = []
        if rng.random() < 0.25:
            out.append(f'【{rng.choice(COLUMNS)}】')
        if rng.random() < 0.3:
            out.append(rng.choice(['深化产改 建功新时代——', '提升职工技能 助力高质量发展——', '产改进行时', setting.county.short()]))
        out.append(self.headline(setting))
        if rng.random() < 0.4:
            out.append(f'{rng.choice(PEOPLE_SUBJECTS)}{self.fig.count("名", 10, 5000)}参与{self.program()}')

        reporter, stringer = self.person(), self.person()
        lead = self.paragraph(setting, year)
        r = rng.random()
        if r < 0.4:
            lead = f'【本报{setting.city.short()}记者{reporter} 通讯员{stringer}】' + lead
        elif r < 0.8:
            lead = f'本报讯 通讯员{stringer}报道 ' + lead
        else:
            lead = f'记者{reporter} 通讯员{stringer}报道 ' + lead
        body = [lead]
        for _ in range(rng.randint(1, 3)):
            body.append(self.paragraph(setting, year))

        # Broken paragraphs: the page layout cut a sentence in two.
        for i in range(len(body)):
            p = body[i]
            if len(p) > 60 and rng.random() < 0.3:
                cut = rng.randint(20, len(p) - 20)
                while cut < len(p) - 1 and p[cut] in '。,0123456789':
                    cut += 1
                body[i] = p[:cut] + '\n\n' + p[cut:]
        # A paragraph printed twice.
        if len(body) > 2 and rng.random() < 0.2:
            body.insert(rng.randrange(1, len(body)), body[rng.randrange(1, len(body))])
        out.extend(body)

        r = rng.random()
        if r < 0.15:
            out.append(f'本报通讯员 {self.person()} 摄')
        elif r < 0.3:
            out.append(f'(据《{setting.province.short()}{rng.choice(NEWSPAPERS)}》)')
        elif r < 0.4:
            out.append(f'{setting.city.name}{setting.county.name}总工会党组书记、主席 {self.person()}')
        elif r < 0.47:
            out.append(f'{rng.choice(NOTES)}:{self.program()}把服务送到了职工身边,值得推广。')
        return out

    def report(self, target_bytes):
        rng = self.rng
        year = rng.randint(2015, 2025)
        lines = []
        size = 0
        while size < target_bytes:
            article = self.article(year if rng.random() < 0.7 else rng.randint(2015, 2025))
            lines.extend(article)
            size = len('\n\n'.join(lines).encode('utf-8'))
        return '\n\n'.join(lines) + '\n'


def main():
    parser = argparse.ArgumentParser(description='Write a synthetic corpus of reports for benchmarks.')
    parser.add_argument('--reports', type=int, default=10000, help='how many reports (default 10000)')
    parser.add_argument('--seed', type=int, default=1, help='the corpus (default 1)')
    parser.add_argument('--out', required=True, help='the folder to write into')
    parser.add_argument('--first', type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()

    provinces, children = load_divisions(DIVISIONS)
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for i in range(args.first, args.reports):
        rng = random.Random(f'taizhang-corpus-{args.seed}-{i}')
        writer = Writer(rng, provinces, children)
        text = writer.report(rng.randint(3600, 5800))
        data = text.encode('utf-8')
        total += len(data)
        with open(os.path.join(args.out, f'report-{i:05d}.txt'), 'wb') as f:
            f.write(data)
        if (i + 1) % 1000 == 0:
            print(f'{i + 1} reports', file=sys.stderr)
    print(f'{args.reports - args.first} reports, {total / 1e6:.1f} MB in {args.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
