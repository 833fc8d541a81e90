#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest against the rules the project follows.

Usage: check-flatpak-manifest.py MANIFEST.json [DATA_DIR ...]

The manifest checks re-implement, offline, the parts of flatpak-builder-lint
and of Flathub's review that matter for this app (see FLATPAK-NOTES, sections
5, 8 and 9): the app id, runtime, minimal sandbox permissions, pinned sources
and module hygiene. With one or more DATA_DIRs, the desktop file, AppStream
metainfo, GSettings schema and icon found there must agree with the manifest
id. Several directories may be given because a meson build generates the
desktop file and metainfo in the build tree while the schema and icons stay
in the source tree.

Output is TAP; the exit status is 1 when any check fails and 2 on bad usage.
Only the standard library is used.
"""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

APP_ID = "io.github.sdprep.SystemDesignPrep"
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
MIN_RUNTIME_VERSION = 50
APP_MODULE = "system-design-prep"
ALLOWED_FINISH_ARGS = (
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
)

HEX40 = re.compile(r"^[0-9a-f]{40}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEX128 = re.compile(r"^[0-9a-f]{128}$")


class Tap:
    """Collects results so that the plan line can come first."""

    def __init__(self):
        self.results = []

    def check(self, ok, description, details=()):
        self.results.append((bool(ok), description, list(details)))
        return ok

    def emit(self):
        print("1..%d" % len(self.results))
        failed = 0
        for number, (ok, description, details) in enumerate(self.results, 1):
            print("%s %d - %s" % ("ok" if ok else "not ok", number, description))
            if not ok:
                failed += 1
                for line in details:
                    print("#   %s" % line)
        if failed:
            print("# %d of %d checks failed" % (failed, len(self.results)))
        return 1 if failed else 0


# Manifest loading and walking


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def resolve_include(item, base_dir, what, problems):
    """Modules and sources may be given as paths to separate JSON files."""
    if not isinstance(item, str):
        return item, base_dir
    path = os.path.join(base_dir, item)
    if not path.endswith(".json"):
        problems.append("%s %r is not a JSON file and cannot be checked" % (what, item))
        return None, base_dir
    try:
        return load_json(path), os.path.dirname(path)
    except (OSError, ValueError) as e:
        problems.append("%s %r cannot be read: %s" % (what, item, e))
        return None, base_dir


def walk_modules(modules, base_dir, problems, parents=()):
    """Yield (module, path_of_names, base_dir, top_level_index) depth first."""
    for index, item in enumerate(modules or []):
        module, module_dir = resolve_include(item, base_dir, "module", problems)
        if not isinstance(module, dict):
            if module is not None:
                problems.append("module entry %r is not an object" % (module,))
            continue
        names = parents + (str(module.get("name", "<unnamed>")),)
        yield module, names, module_dir, index if not parents else None
        for nested in walk_modules(module.get("modules"), module_dir, problems, names):
            yield nested


def module_sources(module, base_dir, problems):
    for item in module.get("sources") or []:
        source, _ = resolve_include(item, base_dir, "source", problems)
        if isinstance(source, list):
            for s in source:
                yield s
        elif source is not None:
            yield source


def all_build_args(manifest, modules):
    args = list((manifest.get("build-options") or {}).get("build-args") or [])
    for module, _, _, _ in modules:
        args += (module.get("build-options") or {}).get("build-args") or []
    return args


def forbidden_reason(arg):
    """Why a sandbox argument is not allowed, or None."""
    if not isinstance(arg, str):
        return "not a string"
    if arg.startswith("--filesystem") or arg.startswith("--persist"):
        if "dconf" in arg:
            return "direct dconf access"
        return "filesystem access (use the file chooser portal)"
    if arg == "--share=network":
        return "network access"
    if arg == "--socket=x11":
        return "plain x11 (use --socket=fallback-x11 with --socket=wayland)"
    if arg in ("--socket=session-bus", "--socket=system-bus"):
        return "full D-Bus bus access"
    if arg.startswith("--talk-name=org.freedesktop.portal.") or arg == "--talk-name=org.freedesktop.portal":
        return "portals are reachable without a talk-name"
    if "ca.desrt.dconf" in arg or "DCONF_USER_CONFIG_DIR" in arg or "dconf" in arg:
        return "direct dconf access"
    if arg == "--device=all":
        return "all devices"
    return None


def source_label(names, source):
    return "%s: %s source %s" % (
        "/".join(names),
        source.get("type", "<no type>"),
        source.get("url") or source.get("path") or "",
    )


def check_manifest(tap, manifest, manifest_dir):
    problems = []
    modules = list(walk_modules(manifest.get("modules"), manifest_dir, problems))
    top_level = [m for m in modules if m[3] is not None]

    tap.check(not problems, "every module and source entry can be read", problems)

    tap.check(manifest.get("id") == APP_ID,
              "id is %s" % APP_ID, ["id is %r" % manifest.get("id")])
    tap.check(manifest.get("app-id") in (None, APP_ID),
              "no conflicting app-id", ["app-id is %r" % manifest.get("app-id")])

    tap.check(manifest.get("runtime") == RUNTIME,
              "runtime is %s" % RUNTIME, ["runtime is %r" % manifest.get("runtime")])
    version = str(manifest.get("runtime-version", ""))
    version_ok = bool(re.match(r"^\d+(\.\d+)?$", version)) and float(version) >= MIN_RUNTIME_VERSION
    tap.check(version_ok, "runtime-version is a number >= %d" % MIN_RUNTIME_VERSION,
              ["runtime-version is %r" % manifest.get("runtime-version")])
    tap.check(manifest.get("sdk") == SDK, "sdk is %s" % SDK, ["sdk is %r" % manifest.get("sdk")])

    command = manifest.get("command")
    tap.check(isinstance(command, str) and re.match(r"^[A-Za-z0-9._+-]+$", command or ""),
              "command is a bare executable name", ["command is %r" % command])

    branches = [k for k in ("branch", "default-branch") if k in manifest]
    tap.check(not branches, "no branch or default-branch", ["found %s" % ", ".join(branches)])

    finish_args = manifest.get("finish-args") or []
    missing = [a for a in ALLOWED_FINISH_ARGS if a not in finish_args]
    extra = [a for a in finish_args if a not in ALLOWED_FINISH_ARGS]
    tap.check(not missing, "finish-args contain %s" % " ".join(ALLOWED_FINISH_ARGS),
              ["missing %s" % a for a in missing])
    tap.check(not extra, "finish-args contain nothing else", ["unexpected %s" % a for a in extra])

    bad = []
    for arg in finish_args:
        reason = forbidden_reason(arg)
        if reason:
            bad.append("finish-args %s: %s" % (arg, reason))
    for arg in all_build_args(manifest, modules):
        reason = forbidden_reason(arg)
        if reason:
            bad.append("build-args %s: %s" % (arg, reason))
    tap.check(not bad, "no forbidden permissions (filesystem, network, x11, buses, portal talk-names, dconf, all devices)", bad)

    unpinned, unpinned_git, misplaced_dir, insecure = [], [], [], []
    last_index = len(manifest.get("modules") or []) - 1
    for module, names, module_dir, index in modules:
        for source in module_sources(module, module_dir, problems):
            if not isinstance(source, dict):
                unpinned.append("%s: source %r is not an object" % ("/".join(names), source))
                continue
            kind = source.get("type")
            url = source.get("url")
            if url is not None and not str(url).startswith("https://"):
                insecure.append(source_label(names, source))
            if kind in ("archive", "file"):
                sha256 = str(source.get("sha256", "")).lower()
                sha512 = str(source.get("sha512", "")).lower()
                if not (HEX64.match(sha256) or HEX128.match(sha512)):
                    unpinned.append(source_label(names, source) + " has no sha256/sha512")
            elif kind == "git":
                if not HEX40.match(str(source.get("commit", "")).lower()):
                    unpinned_git.append(source_label(names, source) + " has no 40-hex commit")
            elif kind == "dir":
                if index is None or index != last_index:
                    misplaced_dir.append(source_label(names, source))
    tap.check(not unpinned, "every archive and file source has a sha256 or sha512", unpinned)
    tap.check(not unpinned_git, "every git source is pinned to a commit", unpinned_git)
    tap.check(not misplaced_dir, "dir sources appear only in the app module (the last one)", misplaced_dir)
    tap.check(not insecure, "every source URL uses https", insecure)

    cmake_problems = []
    for module, names, _, _ in modules:
        label = "/".join(names)
        buildsystem = module.get("buildsystem")
        opts = [str(o) for o in module.get("config-opts") or []]
        if any("CMAKE_INSTALL_PREFIX" in o for o in opts):
            cmake_problems.append("%s sets CMAKE_INSTALL_PREFIX" % label)
        if buildsystem == "cmake":
            cmake_problems.append("%s uses buildsystem cmake, not cmake-ninja" % label)
        if buildsystem in ("cmake", "cmake-ninja"):
            types = [o.split("=", 1)[1] for o in opts if o.startswith("-DCMAKE_BUILD_TYPE=")]
            if types != ["RelWithDebInfo"]:
                cmake_problems.append("%s build type is %s, not RelWithDebInfo" %
                                      (label, ", ".join(types) or "unset"))
    tap.check(not cmake_problems,
              "cmake modules use cmake-ninja and RelWithDebInfo, and nothing sets CMAKE_INSTALL_PREFIX",
              cmake_problems)

    debug = []
    if any(str(c).rstrip("/").startswith("/lib/debug") for c in manifest.get("cleanup") or []):
        debug.append("top-level cleanup")
    for module, names, _, _ in modules:
        if any(str(c).rstrip("/").startswith("/lib/debug") for c in module.get("cleanup") or []):
            debug.append("module %s" % "/".join(names))
    tap.check(not debug, "no cleanup removes /lib/debug", debug)

    md4c = [m for m in modules if m[0].get("name") == "md4c"]
    tap.check(md4c, "md4c module is present", ["no module named md4c"])

    app_ok = bool(top_level) and top_level[-1][0].get("name") == APP_MODULE \
        and top_level[-1][0].get("buildsystem") == "meson"
    md4c_first = bool(md4c) and bool(top_level) and md4c[0] is not top_level[-1]
    tap.check(app_ok and md4c_first,
              "the app module %s is last, built with meson, after md4c" % APP_MODULE,
              ["top-level modules: %s" % ", ".join(str(m[0].get("name")) for m in top_level)])

    return command


# Data directory checks


def find_files(dirs, names):
    """Paths under dirs whose basename is in names, in the order of names (merged files first)."""
    found = []
    for name in names:
        for d in dirs:
            for root, subdirs, files in os.walk(d):
                subdirs[:] = [s for s in subdirs if not s.startswith(".")]
                if name in files:
                    found.append(os.path.join(root, name))
    return found


def list_files(dirs, suffixes):
    hits = []
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs[:] = [s for s in subdirs if not s.startswith(".")]
            hits += [f for f in files if f.endswith(suffixes)]
    return sorted(set(hits))


def read_desktop_entry(path):
    entry, group = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                group = line
                continue
            if group == "[Desktop Entry]" and "=" in line:
                key, value = line.split("=", 1)
                entry.setdefault(key.strip(), value.strip())
    return entry


def local_name(tag):
    # Old-style .in files prefix translatable tags with an underscore.
    return tag.rsplit("}", 1)[-1].lstrip("_")


def check_data(tap, dirs, command):
    missing_dirs = [d for d in dirs if not os.path.isdir(d)]
    tap.check(not missing_dirs, "data directories exist", ["not a directory: %s" % d for d in missing_dirs])
    dirs = [d for d in dirs if os.path.isdir(d)]

    desktop = find_files(dirs, [APP_ID + ".desktop", APP_ID + ".desktop.in"])
    if tap.check(desktop, "desktop file is named %s.desktop" % APP_ID,
                 ["desktop files found: %s" % (", ".join(list_files(dirs, (".desktop", ".desktop.in"))) or "none")]):
        entry = read_desktop_entry(desktop[0])
        tap.check(entry.get("Icon") == APP_ID, "desktop file Icon is %s" % APP_ID,
                  ["%s: Icon=%s" % (desktop[0], entry.get("Icon"))])
        exec_line = entry.get("Exec", "").split()
        tap.check(exec_line and exec_line[0] == command, "desktop file Exec runs the manifest command",
                  ["%s: Exec=%s, manifest command %r" % (desktop[0], entry.get("Exec"), command)])

    metainfo = find_files(dirs, [APP_ID + ".metainfo.xml", APP_ID + ".metainfo.xml.in"])
    if tap.check(metainfo, "metainfo file is named %s.metainfo.xml" % APP_ID,
                 ["metainfo files found: %s" %
                  (", ".join(list_files(dirs, (".metainfo.xml", ".metainfo.xml.in", ".appdata.xml", ".appdata.xml.in"))) or "none")]):
        try:
            root = ET.parse(metainfo[0]).getroot()
        except ET.ParseError as e:
            tap.check(False, "metainfo parses as XML", ["%s: %s" % (metainfo[0], e)])
        else:
            ids = [(c.text or "").strip() for c in root if local_name(c.tag) == "id"]
            tap.check(ids == [APP_ID], "metainfo <id> is %s" % APP_ID, ["<id> values: %r" % ids])
            launchables = [(c.text or "").strip() for c in root
                           if local_name(c.tag) == "launchable" and c.get("type") == "desktop-id"]
            tap.check(launchables == [APP_ID + ".desktop"],
                      "metainfo launchable is %s.desktop" % APP_ID, ["launchables: %r" % launchables])
            binaries = [(b.text or "").strip() for p in root if local_name(p.tag) == "provides"
                        for b in p if local_name(b.tag) == "binary"]
            tap.check(command in binaries, "metainfo provides the manifest command as a binary",
                      ["provided binaries: %r, command %r" % (binaries, command)])

    schema = find_files(dirs, [APP_ID + ".gschema.xml", APP_ID + ".gschema.xml.in"])
    if tap.check(schema, "GSettings schema is named %s.gschema.xml" % APP_ID,
                 ["schemas found: %s" % (", ".join(list_files(dirs, (".gschema.xml", ".gschema.xml.in"))) or "none")]):
        expected_path = "/" + APP_ID.replace(".", "/") + "/"
        try:
            root = ET.parse(schema[0]).getroot()
        except ET.ParseError as e:
            tap.check(False, "GSettings schema parses as XML", ["%s: %s" % (schema[0], e)])
        else:
            schemas = [s for s in root.iter("schema")]
            main = [s for s in schemas if s.get("id") == APP_ID]
            tap.check(main and main[0].get("path") == expected_path,
                      "GSettings schema id is %s with path %s" % (APP_ID, expected_path),
                      ["schemas: %r" % [(s.get("id"), s.get("path")) for s in schemas]])
            stray = [s.get("id") for s in schemas
                     if s.get("id") != APP_ID and not str(s.get("id")).startswith(APP_ID + ".")]
            tap.check(not stray, "every GSettings schema id starts with %s" % APP_ID,
                      ["unrelated schema ids: %r" % stray])

    icons = [p for p in find_files(dirs, [APP_ID + ".svg"])
             if p.replace(os.sep, "/").endswith("hicolor/scalable/apps/" + APP_ID + ".svg")]
    tap.check(icons, "scalable icon is hicolor/scalable/apps/%s.svg" % APP_ID,
              ["svg icons found: %s" % (", ".join(list_files(dirs, (".svg",))) or "none")])


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2

    tap = Tap()
    manifest_path = argv[1]
    try:
        manifest = load_json(manifest_path)
    except (OSError, ValueError) as e:
        tap.check(False, "manifest %s parses as JSON" % manifest_path, [str(e)])
        return tap.emit()
    if not tap.check(isinstance(manifest, dict), "manifest is a JSON object", ["top level is %s" % type(manifest).__name__]):
        return tap.emit()

    command = check_manifest(tap, manifest, os.path.dirname(os.path.abspath(manifest_path)))
    if len(argv) > 2:
        check_data(tap, argv[2:], command)
    return tap.emit()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
