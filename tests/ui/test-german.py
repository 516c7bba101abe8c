#!/usr/bin/python3
"""The window in German (issue 18): the real program, started with a German
locale and the catalogues built in the tree, shows German text in its labels.

The locale is compiled into the build tree (po/de_DE.UTF-8, glibc's localedef
with Debian's "locales" package) and reached through LOCPATH, so the test
needs nothing installed system-wide. Run on a private session bus
(dbus-run-session) under Xvfb; reads the labels through AT-SPI. Prints TAP.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_session as at  # noqa: E402
from atspi_session import tap, find, describe  # noqa: E402

locpath = os.environ.get('DSC_LOCPATH', '')
if not os.path.isdir(os.path.join(locpath, 'de_DE.UTF-8')):
    at.skip('no German locale in the build tree (install the "locales" package, then '
            'meson setup --reconfigure)')

bus = at.Bus()
env = at.program_env(LC_ALL='de_DE.UTF-8', LOCPATH=locpath)
for key in ('LANGUAGE', 'LANG', 'LC_MESSAGES'):
    env.pop(key, None)
program = at.Program(bus, ['--demo=sync-errors'], env)
app = program.wait_app()


def wait_for(pred, timeout=30.0):
    return at.wait_for(app, pred, timeout)


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
    program.stop()
    bus.close()

at.finish()
