"""What the AT-SPI tests share: TAP output, a private accessibility bus, the
real program started on it, and looking things up in its accessible tree.

The tests run on a private session bus (dbus-run-session) under Xvfb. Import
it from a test next to it:

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import atspi_session as at
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


def finish():
    """Prints the plan and exits: 0 when every check passed (and there was one)."""
    print('1..%d' % len(results))
    sys.exit(0 if results and all(results) else 1)


class Bus:
    """The accessibility bus: started, and its registry up, before the program
    starts (GTK registers with it once, at start-up)."""

    def __init__(self):
        if not os.path.exists(LAUNCHER):
            skip('at-spi2-core (at-spi-bus-launcher) is not installed')
        if not os.environ.get('DISPLAY'):
            skip('no display (run under xvfb-run)')
        # Its registry daemon prints to stdout, which is this test's TAP stream.
        self.launcher = subprocess.Popen([LAUNCHER, '--launch-immediately'], stdout=sys.stderr)
        time.sleep(1.0)
        try:
            import pyatspi
        except ImportError:
            self.launcher.terminate()
            skip('python3-pyatspi is not installed')
        self.pyatspi = pyatspi
        # Asking for the desktop waits for the registry's activation.
        for _ in range(50):
            try:
                pyatspi.Registry.getDesktop(0).childCount
                break
            except Exception:
                time.sleep(0.2)

    def close(self):
        self.launcher.terminate()


def program_env(**settings):
    """The environment for the program: no fatal warnings (it warns that no
    notification daemon runs here), the accessibility bridge on, settings in
    memory, and @settings on top."""
    env = dict(os.environ)
    for key in ('G_DEBUG', 'NO_AT_BRIDGE', 'GTK_A11Y'):
        env.pop(key, None)
    env['GSETTINGS_BACKEND'] = 'memory'
    env.update(settings)
    return env


class Program:
    """The real program (DSC_PROGRAM) with @args, until stop()."""

    def __init__(self, bus, args, env):
        self.bus = bus
        self.proc = subprocess.Popen([os.environ['DSC_PROGRAM']] + args, env=env,
                                     stderr=subprocess.DEVNULL)

    def find_app(self):
        for candidate in self.bus.pyatspi.Registry.getDesktop(0):
            if candidate is not None and candidate.name == 'dirsync-companion':
                return candidate
        return None

    def wait_app(self, tries=300, interval=0.2, with_children=True):
        """The program's accessible application once it is on the bus, or None."""
        app = None
        for _ in range(tries):
            app = self.find_app()
            if app is not None and (not with_children or app.childCount > 0):
                break
            time.sleep(interval)
        return app

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def find(node, pred, depth=0):
    """The first node under @node (itself included) that @pred holds for."""
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


def wait_for(root, pred, timeout=15.0):
    end = time.time() + timeout
    while time.time() < end:
        node = find(root, pred)
        if node is not None:
            return node
        time.sleep(0.3)
    return None


def describe(node):
    if node is None:
        return 'nothing'
    try:
        return '%s %r (%r)' % (node.getRoleName(), node.name, node.description)
    except Exception:
        return 'a node that went away'
