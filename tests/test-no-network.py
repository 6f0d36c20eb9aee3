#!/usr/bin/env python3
"""No network access anywhere: scans the C sources under src/ (TAP).

1. No socket, resolver, HTTP or network-monitor API is used in code
   (comments do not count): GSocket*, g_socket_*, GResolver, g_resolver_*,
   GNetworkMonitor, g_network_*, GProxy*, libsoup, libcurl, socket(),
   connect(), getaddrinfo(), gethostbyname().
2. No http:// or https:// address in code, except the project's web page
   in the About dialog and XML namespace names (compared, never fetched).
3. libxml2 never loads anything: every parser option set includes
   HTML_PARSE_NONET / XML_PARSE_NONET, none asks for DTDs, entities or
   XInclude, and no parser is handed a file name or URL.

Reading reports is covered further by tests/test-html.c
(/taizhang/html/no-fetch: a page naming files and URLs in a DTD, entities,
links, images, frames and XInclude gets none of them) and
tests/test-markdown.c (/taizhang/markdown/no-fetch: links and images are
never opened). The importer refuses remote locations (test-bad-input.c,
/taizhang/bad-input/read-file) so that GVfs never downloads a dropped link.

Usage: test-no-network.py SOURCE_ROOT
"""
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402

strip_comments = import_module("test-sql-bound").strip_comments

NETWORK_API = re.compile(
    r"\b(GSocket\w*|g_socket_\w+|GResolver|g_resolver_\w+|GNetworkMonitor|g_network_\w+|"
    r"GProxy\w*|g_proxy_\w+|GTlsConnection|g_tls_\w+|soup_\w+|Soup\w+|curl_\w+|CURL\w*|"
    r"socket|connect|getaddrinfo|gethostbyname|inet_pton|g_inet_\w+|GInetAddress|"
    r"g_dbus_address_get_stream)\s*\(?")
NETWORK_HEADERS = re.compile(r"#\s*include\s*[<\"](libsoup|curl/|sys/socket\.h|netdb\.h|"
                             r"netinet/|arpa/inet\.h)")
URL = re.compile(r"https?://[^\"\s]*")
# The project's page in the About dialog is shown, never fetched.
ALLOWED_URLS = {("src/app/tz-application.c", "https://github.com/taizhang/taizhang")}
# XML namespace names look like addresses but are only compared as strings.
NAMESPACE_PREFIXES = ("http://schemas.openxmlformats.org/", "http://purl.oclc.org/ooxml/",
                      "http://www.w3.org/", "http://schemas.microsoft.com/office/")

XML_LOADERS = re.compile(r"\b(xmlReadFile|htmlReadFile|xmlParseFile|htmlParseFile|xmlCtxtReadFile|"
                         r"htmlCtxtReadFile|xmlReadIO|xmlNewInputFromFile|xmlXIncludeProcess\w*|"
                         r"xmlLoadExternalEntity|xmlSetExternalEntityLoader|xmlNanoHTTP\w*|"
                         r"xmlNanoFTP\w*|xmlIOHTTP\w*)\s*\(")
XML_DANGEROUS = re.compile(r"\b(XML_PARSE_DTDLOAD|XML_PARSE_NOENT|XML_PARSE_DTDATTR|XML_PARSE_XINCLUDE|"
                           r"XML_PARSE_DTDVALID|HTML_PARSE_\w*DTD\w*LOAD)\b")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, details=()):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} {what}")
        for d in details:
            print(f"# {d}")


def main():
    root = sys.argv[1]
    sources = {}
    for folder, _, names in os.walk(os.path.join(root, "src")):
        for name in sorted(names):
            if name.endswith((".c", ".h")):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    sources[os.path.relpath(path, root)] = strip_comments(fh.read())

    tap = Tap()

    apis = []
    for path, src in sorted(sources.items()):
        for m in NETWORK_API.finditer(src):
            # connect() also names GObject signals: g_signal_connect and friends.
            before = src[max(0, m.start() - 1):m.start()]
            if m.group(1) in ("socket", "connect") and (before in "_.>" or not m.group(0).endswith("(")):
                continue
            line = src.count("\n", 0, m.start()) + 1
            apis.append(f"{path}:{line}: {m.group(1)}")
        for m in NETWORK_HEADERS.finditer(src):
            line = src.count("\n", 0, m.start()) + 1
            apis.append(f"{path}:{line}: includes {m.group(1)}")
    tap.check(not apis, "no socket, resolver, HTTP or proxy API in src/", apis)

    urls = []
    for path, src in sorted(sources.items()):
        for m in URL.finditer(src):
            if (path, m.group(0)) not in ALLOWED_URLS and not m.group(0).startswith(NAMESPACE_PREFIXES):
                line = src.count("\n", 0, m.start()) + 1
                urls.append(f"{path}:{line}: {m.group(0)}")
    tap.check(not urls, "no http(s) address in code but the About dialog's page", urls)

    xml = []
    option_sets = 0
    for path, src in sorted(sources.items()):
        if "libxml" not in src:
            continue
        for m in XML_LOADERS.finditer(src):
            xml.append(f"{path}:{src.count(chr(10), 0, m.start()) + 1}: {m.group(1)} reads by name")
        for m in XML_DANGEROUS.finditer(src):
            xml.append(f"{path}:{src.count(chr(10), 0, m.start()) + 1}: {m.group(1)}")
        # Each set of parser options (a run of *_PARSE_* flags joined by |).
        for m in re.finditer(r"(?:(?:HTML|XML)_PARSE_\w+\s*\|\s*)+(?:HTML|XML)_PARSE_\w+", src):
            option_sets += 1
            if not re.search(r"\b(HTML|XML)_PARSE_NONET\b", m.group(0)):
                xml.append(f"{path}:{src.count(chr(10), 0, m.start()) + 1}: parser options without NONET")
    tap.check(option_sets > 0 and not xml,
              f"libxml2 runs with NONET and loads nothing ({option_sets} option sets)", xml)

    print(f"1..{tap.n}")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
