#!/usr/bin/env python3
"""check-layers.py BUILD_DIR — the layers of docs/architecture.md, enforced.

Reads BUILD_DIR/compile_commands.json (meson writes it) and, for each layer,
1. checks that no file of core, graph or auth is compiled with GTK's or
   libadwaita's include directories;
2. compiles small probe files with the exact flags of one of the layer's own
   sources: each header the layer must not see (GTK, a higher layer's header,
   another library's) must fail to compile, and each header it may see must
   compile (so the probe itself is shown to work and the test can fail);
3. checks that Windows API headers are included only by the Win32
   implementations in src/platform (and the wldap32 backend of the scan).

TAP output, one line per layer and check.
"""
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

GTK = ['gtk/gtk.h', 'adwaita.h']
SOUP = ['libsoup/soup.h']
PDF = ['cairo-pdf.h', 'pango/pangocairo.h']
# (sqlite3.h sits in /usr/include, where every compiler looks: the history
# library's own header, dsc-history.h, is what the other layers cannot see.)
# One header per higher layer is enough: each layer has its own include directory.
HISTORY, EXPORT, PLATFORM = 'dsc-history.h', 'dsc-export-file.h', 'dsc-platform.h'
# The PDF writer's layer (src/core/export/pdf/), built as the PDF module.
PDF_WRITER = 'dsc-pdf-module.h'
GRAPH, AUTH, FAKE = 'dsc-connection.h', 'dsc-profile-store.h', 'dsc-fake-tenant.h'
SESSION, UI, CLI = 'dsc-session.h', 'dsc-window.h', 'dsc-check.h'

# directory: (headers that must not compile, headers that must)
LAYERS = {
    'src/core/': (GTK + SOUP + PDF + [HISTORY, EXPORT, PLATFORM, GRAPH, AUTH,
                                               FAKE, SESSION, UI, CLI],
                  ['dsc-report.h', 'json-glib/json-glib.h']),
    'src/core/history/': (GTK + SOUP + PDF + [EXPORT, PLATFORM, GRAPH, FAKE, SESSION, UI,
                                              CLI],
                          ['dsc-history.h', 'dsc-report.h', 'sqlite3.h']),
    # export loads the PDF writer as a module: it compiles without cairo and Pango.
    'src/core/export/': (GTK + SOUP + PDF + [HISTORY, PDF_WRITER, GRAPH, FAKE, SESSION,
                                             UI, CLI],
                         ['dsc-export-file.h', 'dsc-report.h', PLATFORM, 'gmodule.h']),
    'src/core/export/pdf/': (GTK + SOUP + [HISTORY, GRAPH, FAKE, SESSION, UI, CLI],
                             [PDF_WRITER, EXPORT, 'cairo-pdf.h', 'pango/pangocairo.h']),
    'src/platform/': (['adwaita.h'] + SOUP + [HISTORY, EXPORT, GRAPH, AUTH, FAKE,
                                                       SESSION, UI, CLI],
                      ['dsc-platform.h', 'dsc-types.h']),
    'src/graph/': (GTK + PDF + [HISTORY, EXPORT, FAKE, SESSION, UI, CLI],
                   ['dsc-connection.h', AUTH, PLATFORM, 'libsoup/soup.h']),
    'src/auth/': (GTK + PDF + [HISTORY, EXPORT, FAKE, SESSION, UI, CLI],
                  ['dsc-profile-store.h', GRAPH, PLATFORM]),
    'src/fake/': (GTK + PDF + [HISTORY, EXPORT, PLATFORM, GRAPH, AUTH, SESSION, UI,
                                        CLI],
                  ['dsc-fake-tenant.h', 'dsc-constants.h', 'libsoup/soup.h']),
    'src/session/': (GTK + PDF + [EXPORT, UI, CLI],
                     ['dsc-session.h', GRAPH, FAKE, HISTORY]),
    'src/cli/': (GTK + PDF + [UI, PDF_WRITER],
                 ['dsc-check.h', SESSION, EXPORT]),
    'src/ui/': ([CLI, PDF_WRITER],
                ['dsc-window.h', 'gtk/gtk.h', 'adwaita.h', SESSION, EXPORT, PLATFORM]),
}
# No source under these is compiled with GTK's or libadwaita's flags.
NO_GTK_FLAGS = ('src/core/', 'src/graph/', 'src/auth/')
GTK_FLAG_MARKERS = ('gtk-4.0', 'libadwaita-1')


def layer_of(path, source_root):
    rel = os.path.relpath(path, source_root).replace(os.sep, '/')
    best = None
    for d in LAYERS:
        if rel.startswith(d) and '/' not in rel[len(d):]:
            best = d
    if best is None and rel.startswith('src/core/health/'):
        best = 'src/core/'
    return rel, best


def probe_args(command, probe):
    args = shlex.split(command)
    if os.path.basename(args[0]) == 'ccache':
        args = args[1:]
    out = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ('-o', '-MQ', '-MF', '-MT', '-c'):
            skip = True
            continue
        if a in ('-MD', '-MMD') or a.startswith('-fdiagnostics-color'):
            continue
        out.append(a)
    # the last argument was the source file (after -c, skipped above with it)
    return out + ['-fsyntax-only', '-x', 'c', probe]


def main():
    build = os.path.abspath(sys.argv[1])
    with open(os.path.join(build, 'compile_commands.json')) as f:
        entries = json.load(f)
    source_root = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.dirname(build)

    results = []
    representative = {}
    flagged = []
    for e in entries:
        path = os.path.normpath(os.path.join(e['directory'], e['file']))
        rel, layer = layer_of(path, source_root)
        if layer is None:
            continue
        if rel.startswith(NO_GTK_FLAGS) and any(m in e['command'] for m in GTK_FLAG_MARKERS):
            flagged.append(rel)
        # the first file of the layer's own directory stands for the layer
        if layer not in representative and '/health/' not in rel:
            representative[layer] = e

    results.append((not flagged, 'no file under src/core, src/graph, src/auth has GTK flags'
                    + ('' if not flagged else ': ' + ', '.join(flagged))))

    jobs = []
    for layer, (forbidden, allowed) in LAYERS.items():
        e = representative.get(layer)
        if e is None:
            results.append((False, f'{layer}: no compile command found'))
            continue
        jobs += [(layer, e, h, False) for h in forbidden] + [(layer, e, h, True) for h in allowed]

    with tempfile.TemporaryDirectory() as tmp:
        def run(numbered):
            n, (layer, e, header, expect) = numbered
            probe = os.path.join(tmp, f'probe-{n}.c')
            with open(probe, 'w') as f:
                f.write(f'#include "config.h"\n#include <glib.h>\n#include "{header}"\n')
            r = subprocess.run(probe_args(e['command'], probe), cwd=e['directory'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            compiled = r.returncode == 0
            verb = 'compiles' if expect else 'does not compile'
            detail = ''
            if compiled != expect and not compiled and r.stderr:
                detail = ' (' + r.stderr.strip().splitlines()[0] + ')'
            return (compiled == expect, f'{layer}: #include "{header}" {verb}{detail}')

        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results += list(pool.map(run, enumerate(jobs)))

    results += windows_headers(source_root)

    print(f'1..{len(results)}')
    failed = 0
    for i, (ok, text) in enumerate(results, 1):
        print(f'{"ok" if ok else "not ok"} {i} {text}')
        failed += not ok
    return 1 if failed else 0


WINDOWS_HEADER = re.compile(r'^\s*#\s*include\s*<(windows|windowsx|bcrypt|shellapi|wincred|'
                            r'winldap|winber|winsock2|ws2tcpip|shlobj|objbase)\.h>', re.M)


def windows_headers(source_root):
    """Windows API headers appear only in the Win32 implementations: src/platform's
    *-win32 files and the on-premises scan's wldap32 backend."""
    results = []
    src = os.path.join(source_root, 'src')
    for directory, _, files in sorted(os.walk(src)):
        for name in sorted(files):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, source_root)
            with open(path, encoding='utf-8') as f:
                found = WINDOWS_HEADER.findall(f.read())
            if not found:
                continue
            allowed = ((rel.startswith('src/platform/') and 'win32' in name)
                       or rel == 'src/onprem/dsc-onprem-wldap32.c')
            results.append((allowed, f'{rel}: Windows headers ({", ".join(found)}) '
                                     f'{"in a Win32 implementation" if allowed else "outside src/platform"}'))
    return results


if __name__ == '__main__':
    sys.exit(main())
