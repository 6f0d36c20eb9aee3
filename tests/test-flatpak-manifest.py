#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest (TAP). Usage: test-flatpak-manifest.py MANIFEST

The sandbox must stay least-privilege: reports come in through the file
chooser portal and drag and drop, and nothing is fetched from the network,
so finish-args hold exactly the display and GPU permissions below.
"""

import json
import re
import sys

APP_ID = "io.github.taizhang.Taizhang"
ALLOWED_FINISH_ARGS = {
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
MIN_GNOME_RUNTIME = 47
# PDF and Word reports need libraries the GNOME runtime lacks; poppler is
# built for its GLib API only, with nothing that reaches the network.
POPPLER_OPTS = {
    "-DENABLE_GLIB=ON",
    "-DENABLE_QT5=OFF",
    "-DENABLE_QT6=OFF",
    "-DENABLE_CPP=OFF",
    "-DENABLE_UTILS=OFF",
    "-DENABLE_LIBCURL=OFF",
    "-DENABLE_GPGME=OFF",
    "-DENABLE_NSS3=OFF",
}


class Tap:
    def __init__(self):
        self.results = []

    def check(self, ok, name, detail=None):
        self.results.append((bool(ok), name, detail))
        return ok

    def finish(self):
        print("1..{}".format(len(self.results)))
        failed = 0
        for number, (ok, name, detail) in enumerate(self.results, 1):
            print("{} {} - {}".format("ok" if ok else "not ok", number, name))
            if not ok:
                failed += 1
                if detail:
                    for line in str(detail).splitlines():
                        print("# " + line)
        return 1 if failed else 0


def main():
    if len(sys.argv) != 2:
        print("usage: test-flatpak-manifest.py MANIFEST", file=sys.stderr)
        return 2
    tap = Tap()

    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        tap.check(False, "the manifest is valid JSON", e)
        return tap.finish()
    tap.check(isinstance(manifest, dict), "the manifest is valid JSON (an object)")
    if not isinstance(manifest, dict):
        return tap.finish()

    ids = [manifest[k] for k in ("id", "app-id") if k in manifest]
    tap.check(ids == [APP_ID], "the app id is " + APP_ID,
              "id/app-id: {!r}".format(ids))
    tap.check(manifest.get("command") == "taizhang", "the command is taizhang",
              "command: {!r}".format(manifest.get("command")))
    tap.check(manifest.get("runtime") == "org.gnome.Platform",
              "the runtime is org.gnome.Platform",
              "runtime: {!r}".format(manifest.get("runtime")))
    tap.check(manifest.get("sdk") == "org.gnome.Sdk", "the SDK is org.gnome.Sdk",
              "sdk: {!r}".format(manifest.get("sdk")))
    version = manifest.get("runtime-version")
    tap.check(isinstance(version, str) and version.isdigit()
              and int(version) >= MIN_GNOME_RUNTIME,
              "runtime-version is a stable GNOME release (a string, {} or later)".format(
                  MIN_GNOME_RUNTIME),
              "runtime-version: {!r}".format(version))

    finish_args = manifest.get("finish-args", [])
    tap.check(isinstance(finish_args, list)
              and all(isinstance(a, str) for a in finish_args),
              "finish-args is a list of strings")
    finish_args = [a for a in finish_args if isinstance(a, str)]
    tap.check(not any(a.startswith("--share=network") for a in finish_args),
              "no network access", finish_args)
    broad_fs = [a for a in finish_args
                if a.startswith("--filesystem=")
                and a.split("=", 1)[1].split(":")[0].rstrip("/") in
                ("host", "host-os", "host-etc", "home", "~", "/")]
    tap.check(not broad_fs, "no host or home filesystem access", broad_fs)
    tap.check(not any(a.startswith(("--talk-name=", "--own-name=", "--system-talk-name="))
                      for a in finish_args),
              "no D-Bus names beyond the portals", finish_args)
    extra = sorted(set(finish_args) - ALLOWED_FINISH_ARGS)
    lacking = sorted(ALLOWED_FINISH_ARGS - set(finish_args))
    tap.check(not extra and not lacking and len(finish_args) == len(set(finish_args)),
              "finish-args are exactly " + " ".join(sorted(ALLOWED_FINISH_ARGS)),
              "unexpected: {}\nmissing: {}".format(extra, lacking))

    modules = manifest.get("modules", [])
    tap.check(isinstance(modules, list) and modules, "there are modules")
    app = None
    if isinstance(modules, list) and modules and isinstance(modules[-1], dict):
        app = modules[-1]
    tap.check(app is not None and app.get("name") == "taizhang",
              "the last module is taizhang (the app is built after its dependencies)",
              app and app.get("name"))
    app = app or {}
    tap.check(app.get("buildsystem") == "meson", "the app module builds with meson",
              "buildsystem: {!r}".format(app.get("buildsystem")))
    sources = app.get("sources", [])
    dir_sources = [s for s in sources if isinstance(s, dict) and s.get("type") == "dir"]
    tap.check(len(sources) == 1 and len(dir_sources) == 1
              and dir_sources[0].get("path") == "..",
              "the app module's source is the checkout (a dir source at ..)",
              json.dumps(sources))
    skip = dir_sources[0].get("skip", []) if dir_sources else []
    tap.check(isinstance(skip, list) and all(isinstance(s, str) for s in skip),
              "the dir source's skip list, if any, is a list of paths", skip)
    opts = app.get("config-opts", [])
    tap.check(isinstance(opts, list) and "-Dtests=false" in opts,
              "config-opts turn the tests off (-Dtests=false)", opts)
    tap.check(isinstance(opts, list) and "-Dpdf=enabled" in opts and "-Ddocx=enabled" in opts,
              "the app is built with PDF and Word support (-Dpdf=enabled -Ddocx=enabled)", opts)

    # Every other module is built from release tarballs pinned by sha256.
    deps = [m for m in modules[:-1] if isinstance(m, dict)] if isinstance(modules, list) else []
    by_name = {m.get("name"): m for m in deps}
    for dep in deps:
        dep_sources = dep.get("sources", [])
        tap.check(isinstance(dep_sources, list) and dep_sources
                  and all(isinstance(s, dict) and s.get("type") == "archive"
                          and str(s.get("url", "")).startswith("https://")
                          and re.fullmatch(r"[0-9a-f]{64}", str(s.get("sha256", "")))
                          for s in dep_sources),
                  "module {} is a https archive pinned by sha256".format(dep.get("name")),
                  json.dumps(dep_sources))
    poppler = by_name.get("poppler", {})
    tap.check(poppler.get("buildsystem") == "cmake-ninja", "poppler is built with cmake-ninja",
              "poppler: {!r}".format(poppler.get("buildsystem")))
    poppler_opts = poppler.get("config-opts", [])
    missing_opts = sorted(POPPLER_OPTS - set(poppler_opts if isinstance(poppler_opts, list) else []))
    tap.check(not missing_opts, "poppler is built for GLib only, without Qt, tools or network",
              "missing: {}".format(missing_opts))
    tap.check("libgsf" in by_name, "libgsf is built (for Word .docx reports)", sorted(by_name))

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
