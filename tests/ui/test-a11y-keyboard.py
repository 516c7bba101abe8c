#!/usr/bin/python3
"""The main path by keyboard, as a screen reader sees it (issue 18).

Run on a private session bus (dbus-run-session) under Xvfb: the test starts
its own accessibility bus (at-spi-bus-launcher), opens the real program on
the demo tenant, presses keys through AT-SPI and asserts, through AT-SPI,
what has focus and what it is called. Prints TAP.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_session as at  # noqa: E402
from atspi_session import tap, find, describe  # noqa: E402

KEY_TAB, KEY_DOWN, KEY_UP, KEY_RETURN, KEY_LEFT = 0xff09, 0xff54, 0xff52, 0xff0d, 0xff51
KEY_END = 0xff57
KEY_SPACE = 0x0020
BUTTON_ROLES = ('push button', 'button', 'toggle button')
KEYCODE_ALT_L, KEYCODE_SHIFT_L = 64, 50   # X11 keycodes (evdev), as Xvfb uses them

if os.environ.get('DSC_SKIP_A11Y_WALK'):
    at.skip(os.environ['DSC_SKIP_A11Y_WALK'])

bus = at.Bus()
pyatspi = bus.pyatspi
from gi.repository import GLib  # noqa: E402

env = at.program_env()
program = at.Program(bus, ['--demo=sync-errors'], env)


# Focus changes come as events: the last object said to gain focus is asked
# first, and the whole tree (slow: a call per object) only when it has lost it.
last_focus = [None]


def on_focus(event):
    if event.detail1:
        last_focus[0] = event.source


pyatspi.Registry.registerEventListener(on_focus, 'object:state-changed:focused')


def pump(seconds):
    """Waits, handling the accessibility events that arrive meanwhile."""
    context = GLib.MainContext.default()
    end = time.time() + seconds
    while True:
        while context.pending():
            context.iteration(False)
        if time.time() >= end:
            break
        time.sleep(0.02)


def focused():
    pump(0)
    node = last_focus[0]
    try:
        if node is not None and node.getState().contains(pyatspi.STATE_FOCUSED):
            return node
    except Exception:
        pass
    return find(app, lambda n: n.getState().contains(pyatspi.STATE_FOCUSED))


def wait_for(pred, timeout=15.0):
    return at.wait_for(app, pred, timeout)


def press(sym, modifier_keycode=None):
    if modifier_keycode is not None:
        pyatspi.Registry.generateKeyboardEvent(modifier_keycode, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(sym, None, pyatspi.KEY_SYM)
    if modifier_keycode is not None:
        pyatspi.Registry.generateKeyboardEvent(modifier_keycode, None, pyatspi.KEY_RELEASE)
    pump(0.7)
    return focused()


def settle(pred, timeout=6.0):
    """What has focus once @pred holds for it (or when @timeout is up): the
    window may still be building a pane when the key was handled."""
    end = time.time() + timeout
    node = focused()
    while time.time() < end and (node is None or not pred(node)):
        pump(0.3)
        node = focused()
    return node


def says_twice(name):
    """A name that repeats itself: "Sign In… Sign In…", or a finding row read
    as its label and then its title again ("Error: X is claimed X is claimed")."""
    name = (name or '').replace('_', '')
    half = len(name) // 2
    if len(name) > 3 and len(name) % 2 == 1 and name[:half] == name[half + 1:]:
        return True
    words = name.split()
    for k in range(2, len(words) // 2 + 1):
        for i in range(len(words) - 2 * k + 1):
            if words[i:i + k] == words[i + k:i + 2 * k]:
                return True
    return False


app = program.wait_app()

try:
    tap(app is not None, 'the program is on the accessibility bus')
    if app is None:
        raise SystemExit
    tile = wait_for(lambda n: n.name.startswith('Sync errors: Error'))
    tap(tile is not None, 'the report is shown (sync errors tile)')

    # Tab reaches the sidebar: one stop, on the current row (Overview).
    node = None
    for _ in range(8):
        node = press(KEY_TAB)
        if node is not None and node.getRoleName() == 'list item':
            break
    tap(node is not None and node.name == 'Overview', 'Tab reaches the sidebar at Overview',
        describe(node))

    # Arrow keys move within the sidebar and open nothing.
    node = press(KEY_DOWN)
    tap(node is not None and node.name == 'Sync errors' and node.description == 'Error',
        'Down moves to "Sync errors", its status in the description', describe(node))
    heading = find(app, lambda n: n.getRoleName() == 'heading'
                   and n.name == "Objects aren't appearing or updating online")
    tap(heading is None or not heading.getState().contains(pyatspi.STATE_FOCUSED),
        'moving in the sidebar opens no category')

    # The sidebar is one Tab stop: the next Tab leaves it for the tiles. What
    # needs attention comes first, under its heading, in the order on screen.
    heading = find(app, lambda n: n.getRoleName() == 'heading' and n.name == 'Needs attention')
    tap(heading is not None, 'the tiles that need attention have their own heading')
    node = press(KEY_TAB)
    tap(node is not None and node.getRoleName() != 'list item'
        and node.name.startswith('Sync errors:'),
        'Tab leaves the sidebar for the first tile, the problem', describe(node))
    tap(node is not None and 'Error' in node.name and 'objects in error' in node.name,
        'a tile is named by its title, status and value', describe(node))
    tabs = 1
    for _ in range(4):
        node = press(KEY_TAB)
        tabs += 1
        if node is not None and node.name.startswith('Last directory sync:'):
            break
    tap(node is not None and node.name.startswith('Last directory sync:')
        and '(local time)' in node.description and 'Sync interval' in node.description,
        'the tooltip facts (local time, interval) are in the tile description', describe(node))

    # Shift+Tab comes back, tile by tile, to the row the arrows left selected.
    for _ in range(tabs):
        node = press(KEY_TAB, KEYCODE_SHIFT_L)
    tap(node is not None and node.name == 'Sync errors', 'Shift+Tab returns to "Sync errors"',
        describe(node))

    # Enter opens the category and puts focus on its heading.
    press(KEY_RETURN)
    node = settle(lambda n: n.getRoleName() == 'heading')
    tap(node is not None and node.getRoleName() == 'heading'
        and node.name == "Objects aren't appearing or updating online",
        'Enter opens the category; focus is on its heading', describe(node))

    # A finding is named once, "Error: <title>", its detail the description.
    # (The pane may still be filling its list when the heading has focus.)
    finding = wait_for(lambda n: n.getRoleName() == 'list item'
                       and (n.name or '').startswith('Error: LeeG@contoso.com')
                       and (n.description or '').startswith('Objects holding LeeG@contoso.com'))
    finding = finding or find(app, lambda n: n.getRoleName() == 'list item'
                              and (n.name or '').startswith('Error: LeeG@contoso.com'))
    tap(finding is not None and not says_twice(finding.name)
        and finding.description.startswith('Objects holding LeeG@contoso.com'),
        'a finding row is named once, its detail in the description', describe(finding))
    doubled = find(app, lambda n: says_twice(n.name))
    tap(doubled is None, 'no name in the sync errors pane says the same thing twice',
        describe(doubled))

    # The pane shows its details or its affected objects: a named toggle switches.
    node = None
    for _ in range(12):
        node = press(KEY_TAB)
        if node is not None and (node.name or '').startswith('Affected objects'):
            break
    tap(node is not None and node.getRoleName() in ('toggle button', 'push button')
        and node.name.startswith('Affected objects ('),
        'Tab reaches the "Affected objects" toggle, named with its count', describe(node))
    press(KEY_SPACE)

    # The affected-objects table: one Tab stop, rows named by their values.
    node = None
    for _ in range(40):
        node = press(KEY_TAB)
        if node is not None and node.getRoleName() == 'entry':
            break
    node = settle(lambda n: n.name == 'Filter affected objects')
    tap(node is not None and node.name == 'Filter affected objects',
        'Tab reaches the filter of the affected objects', describe(node))
    press(KEY_TAB)
    node = first_row = settle(lambda n: n.getRoleName() == 'table row')
    tap(node is not None and node.getRoleName() == 'table row'
        and 'Lee Gu' in node.name and 'LeeG@contoso.com' in node.name
        and 'UserPrincipalName' in node.name and ', ' in node.name,
        'Tab enters the table at a row named by its values', describe(node))
    # Down moves to the next row (GTK 4.12+ may first put the cursor on the
    # row Tab focused); the object holding the value has no date in error.
    for _ in range(3):
        press(KEY_DOWN)
        node = settle(lambda n: first_row is None or n.name != first_row.name, 3.0)
        if node is not None and first_row is not None and node.name != first_row.name:
            break
    tap(node is not None and node.getRoleName() == 'table row'
        and 'Lee Gu' in node.name and 'Current holder' in node.name,
        'Down moves to the next row', describe(node))
    tap(node is not None and 'Since: not set' in node.name,
        'an empty cell says so in the row name', describe(node))
    cells = [c for c in node] if node is not None else []
    tap(any(c.name == 'Since: not set' for c in cells)
        and all(c.name and not c.name.startswith('Gtk') for c in cells),
        'each cell is named by its column and value, an empty one too',
        '; '.join(c.name for c in cells))

    # Every row shown says what its cells say (recycled rows too, after scrolling).
    before_end = focused()
    press(KEY_END)
    end_row = settle(lambda n: before_end is None or n.name != before_end.name)
    table = find(app, lambda n: n.getRoleName() in ('tree table', 'table')
                 and n.name == 'Affected objects')

    def spoken(cell_name):
        title, _, value = cell_name.partition(': ')
        return cell_name if value in ('not set', 'none') else value
    rows = []
    if table is not None:
        rows = [r for r in find(table, lambda n: n.getRoleName() == 'list') or []
                if r is not None and r.getRoleName() == 'table row']
    mismatched = [r.name for r in rows
                  if r.name != ', '.join(spoken(c.name) for c in r if c is not None)]
    tap(end_row is not None and end_row.getRoleName() == 'table row' and len(rows) > 3
        and not mismatched,
        'after scrolling to the end, every row shown is named by its own cells',
        'at %s; rows %d, mismatched %r' % (describe(end_row), len(rows), mismatched[:2]))

    header = table and next((r for r in table if r is not None
                             and r.getRoleName() == 'table row'), None)
    tap(header is not None and header.name.startswith('Type, Name, UPN / mail')
        and all(t.name and not t.name.startswith('Gtk') for t in header),
        'the header row and its titles are named by the columns', describe(header))

    # Tab leaves the table (no walk through its rows); Shift+Tab comes back.
    press(KEY_TAB)
    node = settle(lambda n: n.getRoleName() != 'table row')
    tap(node is not None and node.getRoleName() != 'table row',
        'Tab leaves the table in one press', describe(node))
    press(KEY_TAB, KEYCODE_SHIFT_L)
    node = settle(lambda n: n.getRoleName() == 'table row')
    tap(node is not None and node.getRoleName() == 'table row',
        'Shift+Tab returns to the table', describe(node))

    # Alt+Left goes back in one press.
    press(KEY_LEFT, KEYCODE_ALT_L)
    node = press(KEY_TAB)
    # Forward from the tile that opened the pane, round to the first tile.
    for _ in range(24):
        if node is not None and node.name.startswith('Directory sync:'):
            break
        node = press(KEY_TAB)
    tap(node is not None and node.name.startswith('Directory sync:'),
        'after Alt+Left the overview tiles are reachable again', describe(node))

    # A tile opens its pane with focus on the heading; an OK pane reads OK.
    press(KEY_RETURN)
    node = settle(lambda n: n.getRoleName() == 'heading')
    tap(node is not None and node.getRoleName() == 'heading'
        and node.name == 'Synced objects are managed on-premises',
        'Enter on the "Directory sync" tile opens its pane at an OK heading', describe(node))
    press(KEY_LEFT, KEYCODE_ALT_L)
    node = settle(lambda n: n.name.startswith('Directory sync:'))
    tap(node is not None and node.name.startswith('Directory sync:'),
        'one Alt+Left returns to the tile that opened the pane', describe(node))

    doubled = find(app, lambda n: says_twice(n.name))
    tap(doubled is None, 'no accessible name says the same thing twice', describe(doubled))
    signin = find(app, lambda n: n.getRoleName() == 'push button' and n.name == 'Sign In…')
    tap(signin is None, 'the hidden sign-in page is not in the tree', describe(signin))
    pane_heading = find(app, lambda n: n.getRoleName() == 'heading'
                        and n.name == 'Synced objects are managed on-premises')
    tap(pane_heading is None, 'the hidden category pane is not in the tree on the overview',
        describe(pane_heading))
    underscored = find(app, lambda n: n.getRoleName() == 'push button' and '_' in n.name)
    tap(underscored is None, 'no button name shows a mnemonic underscore', describe(underscored))
    cancel = find(app, lambda n: n.getRoleName() in BUTTON_ROLES and n.name == 'Cancel')
    tap(cancel is None, "the refresh button's hidden busy page (Cancel) is not in the tree",
        describe(cancel))
    retry = find(app, lambda n: n.getRoleName() in BUTTON_ROLES
                 and n.name in ('Retry', 'GtkButton', 'Dismiss'))
    tap(retry is None, 'the folded refresh-error banner is not in the tree', describe(retry))
    unnamed = find(app, lambda n: n.getRoleName() == 'image'
                   and (not n.name or n.name.startswith('Gtk')))
    tap(unnamed is None, 'every image in the tree has a name (icons that only illustrate are '
        'left out)', describe(unnamed))
finally:
    program.stop()

# The README's `dirsync-companion --demo --all-tenants`: the real program opens on
# the overview of every demo tenant, each row named by its values.
program = at.Program(bus, ['--demo', '--all-tenants'], env)
try:
    app = program.wait_app(tries=200, interval=0.3, with_children=False)
    summary = app and wait_for(lambda n: 'tenants need attention' in (n.name or ''), 30.0)
    tap(summary is not None, '--demo --all-tenants opens the overview of every tenant',
        describe(summary))
    row = app and wait_for(lambda n: (n.name or '').startswith('Fabrikam'), 15.0)
    tap(row is not None and 'Error' in row.name,
        'a tenant row is named by its tenant and status', describe(row))
finally:
    program.stop()
    bus.close()

at.finish()
