#!/usr/bin/python3
"""The window in German (issue 18): the real program, started with a German
locale and the catalogues built in the tree, shows German text in its labels.

The locale is compiled into the build tree (po/de_DE.UTF-8, glibc's localedef
with Debian's "locales" package) and reached through LOCPATH, so the test
needs nothing installed system-wide. Run on a private session bus
(dbus-run-session) under Xvfb; reads the labels through AT-SPI. Prints TAP.
"""
import os
import subprocess
import sys
import time

LAUNCHER = '/usr/libexec/at-spi-bus-launcher'

results = []


def tap(ok, name, detail=''):
    results.append(ok)
    print('%s %d - %s%s' % ('ok' if ok else 'not ok', len(results), name,
                            '' if ok else '  # ' + detail))
    sys.stdout.flush()


def skip(why):
    print('1..0 # SKIP ' + why)
    sys.exit(0)


locpath = os.environ.get('DSC_LOCPATH', '')
if not os.path.isdir(os.path.join(locpath, 'de_DE.UTF-8')):
    skip('no German locale in the build tree (install the "locales" package, then '
         'meson setup --reconfigure)')
if not os.path.exists(LAUNCHER):
    skip('at-spi2-core (at-spi-bus-launcher) is not installed')
if not os.environ.get('DISPLAY'):
    skip('no display (run under xvfb-run)')

launcher = subprocess.Popen([LAUNCHER, '--launch-immediately'])
time.sleep(1.0)
try:
    import pyatspi
except ImportError:
    launcher.terminate()
    skip('python3-pyatspi is not installed')

for _ in range(50):
    try:
        pyatspi.Registry.getDesktop(0).childCount
        break
    except Exception:
        time.sleep(0.2)

env = dict(os.environ)
for key in ('G_DEBUG', 'NO_AT_BRIDGE', 'GTK_A11Y', 'LANGUAGE', 'LANG', 'LC_MESSAGES'):
    env.pop(key, None)
env['GSETTINGS_BACKEND'] = 'memory'
env['LC_ALL'] = 'de_DE.UTF-8'
env['LOCPATH'] = locpath
app_proc = subprocess.Popen([os.environ['DSC_PROGRAM'], '--demo=sync-errors'], env=env,
                            stderr=subprocess.DEVNULL)


def find_app():
    for candidate in pyatspi.Registry.getDesktop(0):
        if candidate is not None and candidate.name == 'dirsync-companion':
            return candidate
    return None


def find(node, pred, depth=0):
    try:
        if pred(node):
            return node
        children = list(node)
    except Exception:
        return None
    if depth > 60:
        return None
    for child in children:
        if child is not None:
            hit = find(child, pred, depth + 1)
            if hit is not None:
                return hit
    return None


def wait_for(pred, timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        node = find(app, pred)
        if node is not None:
            return node
        time.sleep(0.3)
    return None


def describe(node):
    if node is None:
        return 'nothing'
    return '%s %r' % (node.getRoleName(), node.name)


app = None
for _ in range(300):
    app = find_app()
    if app is not None and app.childCount > 0:
        break
    time.sleep(0.2)

try:
    tap(app is not None, 'the program is on the accessibility bus')
    if app is None:
        raise SystemExit
    # A tile: "Synchronisierungsfehler: Fehler, 11 Objekte mit Fehler".
    tile = wait_for(lambda n: n.name.startswith('Synchronisierungsfehler: Fehler'))
    tap(tile is not None and 'Objekte mit Fehler' in tile.name,
        'the sync errors tile is named in German', describe(tile))
    tap(find(app, lambda n: n.name.startswith('Sync errors:')) is None,
        'no tile is named in English', describe(find(app, lambda n: n.name.startswith('Sync errors:'))))
    heading = find(app, lambda n: n.getRoleName() == 'heading' and n.name == 'Handlungsbedarf')
    tap(heading is not None, 'the heading over the tiles that need attention is German',
        describe(heading))
    button = find(app, lambda n: n.getRoleName() == 'push button' and 'Aktualisieren' in n.name)
    tap(button is not None, 'the refresh button says "Aktualisieren"', describe(button))
finally:
    app_proc.terminate()
    try:
        app_proc.wait(10)
    except subprocess.TimeoutExpired:
        app_proc.kill()
    launcher.terminate()

print('1..%d' % len(results))
sys.exit(0 if all(results) else 1)
