#!/usr/bin/python3
"""The README's quick start, typed as a user types it: build-aux/run-demo.sh.

run-demo.sh runs build-aux/build.sh (install-deps.sh, meson setup once, ninja)
and then, without DISPLAY and WAYLAND_DISPLAY, execs
`dirsync-companion --check --demo=SCENARIO`; with a display it opens the
window on the demo tenant. This test runs the script itself (not the program's
--demo modes directly):

  - `run-demo.sh healthy` headless: the notice on stderr, the same verdict line
    as `dirsync-companion --check --demo=healthy`, exit 0;
  - `run-demo.sh` headless: the default scenario (sync-errors, as the README
    says): its verdict line and exit 2;
  - `run-demo.sh healthy` on the test's display (xvfb-run, a private session
    bus with its own accessibility bus): the process becomes the program of
    this build directory (exec), its window appears in the accessibility tree
    with the healthy demo tenant, then it is closed.

Each run goes to DSC_BUILD_DIR (the build directory meson runs the test in):
build.sh must build there and must not configure another directory. The
script must not install anything: apt-get and sudo are replaced on PATH by
stand-ins that record a call (a failure). When a package of
build-aux/debian-packages.txt is missing, run-demo.sh would have to install it,
which a test must never do: the test is skipped, naming the packages.
Which test covers each command the README shows: tests/readme/README-commands.md.
Prints TAP.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'ui'))
import atspi_session as at  # noqa: E402

top = os.environ['DSC_SOURCE_ROOT']
build = os.environ['DSC_BUILD_DIR']
program = os.environ['DSC_PROGRAM']
run_demo = os.path.join(top, 'build-aux', 'run-demo.sh')
count = 0
failed = False


def tap(ok, name, detail=''):
    global count, failed
    count += 1
    failed = failed or not ok
    print('%s %d - %s%s' % ('ok' if ok else 'not ok', count, name,
                            '' if ok else '  # ' + detail.replace('\n', ' | ')[:2000]))
    sys.stdout.flush()


def tap_skip(name, why):
    global count
    count += 1
    print('ok %d - %s # SKIP %s' % (count, name, why))
    sys.stdout.flush()


missing = subprocess.run([os.path.join(top, 'build-aux', 'install-deps.sh'), '--missing'],
                         capture_output=True, text=True, check=True).stdout.split()
if missing:
    at.skip('packages of build-aux/debian-packages.txt are missing here (%s): run-demo.sh '
            'would install them with apt-get, which a test must not do' % ' '.join(missing))

work = tempfile.mkdtemp(prefix='dsc-readme-run-demo-')
installer_log = os.path.join(work, 'installer-calls')
shims = os.path.join(work, 'bin')
os.mkdir(shims)
# meson too: build.sh runs `meson setup` only for a directory not configured
# yet, and DSC_BUILD_DIR is (the build rules reach meson by its full path).
for name in ('apt-get', 'apt', 'sudo', 'meson'):
    path = os.path.join(shims, name)
    with open(path, 'w') as f:
        f.write('#!/bin/sh\necho "%s $*" >> "%s"\nexit 1\n' % (name, installer_log))
    os.chmod(path, 0o755)


def user_env(display):
    """The environment a user's shell has: PATH with the stand-ins first, the
    build directory, no token; a display or none."""
    env = at.program_env() if display else dict(os.environ)
    env['PATH'] = shims + os.pathsep + env.get('PATH', '/usr/bin:/bin')
    env['DSC_BUILD_DIR'] = build
    env.pop('DSC_ACCESS_TOKEN', None)
    env.pop('WAYLAND_DISPLAY', None)
    if not display:
        env.pop('DISPLAY', None)
    return env


def calls_of(program):
    calls = open(installer_log).read() if os.path.exists(installer_log) else ''
    return [c for c in calls.splitlines() if c.split()[0] == program]


def installed_nothing(name):
    calls = calls_of('apt-get') + calls_of('apt') + calls_of('sudo')
    tap(not calls, name + ': installs nothing (no apt-get, no sudo)', '; '.join(calls))


def built_here(name, out):
    entering = 'ninja: Entering directory `%s\'' % build
    tap(entering in out, name + ': builds in DSC_BUILD_DIR', out[:1500])
    calls = calls_of('meson')
    tap(not calls, name + ': configures no other build directory (no meson setup)',
        '; '.join(calls))


def verdict_of(out):
    lines = [line for line in out.splitlines() if line.startswith('DIRSYNC ')]
    return lines[0] if lines else None


def direct_check(scenario):
    r = subprocess.run([program, '--check', '--demo=' + scenario], env=user_env(False),
                       capture_output=True, text=True, timeout=120)
    return r.stdout.splitlines()[0] if r.stdout else None


def headless(args, scenario, status, verdict):
    name = ' '.join(['run-demo.sh'] + args) + ' without a display'
    r = subprocess.run([run_demo] + args, env=user_env(False), capture_output=True, text=True,
                       timeout=240)
    tap(r.returncode == status, '%s: exits %d' % (name, status),
        'exit %d; stderr: %s' % (r.returncode, r.stderr[-1500:]))
    tap('No graphical session here' in r.stderr and 'headless check' in r.stderr,
        name + ': says it shows the headless check instead', r.stderr[-1500:])
    line = verdict_of(r.stdout)
    expected = direct_check(scenario)
    tap(line is not None and line.startswith(verdict) and line == expected,
        '%s: prints the verdict of --check --demo=%s ("%s")' % (name, scenario, verdict),
        'got %r, --check --demo=%s says %r' % (line, scenario, expected))
    built_here(name, r.stdout)
    installed_nothing(name)


def window_prerequisites():
    if not os.environ.get('DISPLAY'):
        return 'no display (run under xvfb-run, as build-aux/run-tests.sh does)'
    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
        return 'no private session bus (dbus-run-session is not installed)'
    if not os.path.exists(at.LAUNCHER):
        return 'at-spi2-core (at-spi-bus-launcher) is not installed'
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        return 'python3-pyatspi is not installed'
    return None


def children_of(pid):
    """The programs @pid's children run."""
    try:
        with open('/proc/%d/task/%d/children' % (pid, pid)) as f:
            kids = f.read().split()
    except OSError:
        return []
    exes = []
    for kid in kids:
        try:
            exes.append(os.readlink('/proc/%s/exe' % kid))
        except OSError:
            pass
    return exes


def wait_app(bus, proc):
    """The program's accessible application once it shows something, or None."""
    for _ in range(300):
        if proc.poll() is not None:
            return None
        for app in bus.pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == 'dirsync-companion' and app.childCount > 0:
                return app
        time.sleep(0.2)
    return None


def window():
    name = 'run-demo.sh healthy with a display'
    checks = ['the process becomes this build\'s program (exec)',
              'its window, titled with the demo tenant, is on the accessibility bus',
              'the window shows the healthy demo tenant',
              'closes when asked to', 'installs nothing']
    why = window_prerequisites()
    if why is not None:
        for check in checks:
            tap_skip('%s: %s' % (name, check), why)
        return
    bus = at.Bus()
    log = open(os.path.join(work, 'window.log'), 'w')
    proc = subprocess.Popen([run_demo, 'healthy'], env=user_env(True), stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        exe = None
        wanted = os.path.realpath(program)
        for _ in range(600):   # build.sh first: install-deps.sh, ninja
            try:
                exe = os.readlink('/proc/%d/exe' % proc.pid)
            except OSError:
                break
            if exe == wanted or proc.poll() is not None or wanted in children_of(proc.pid):
                break   # exec'd, ended, or started the program without exec
            time.sleep(0.2)
        tap(exe == os.path.realpath(program), '%s: %s' % (name, checks[0]),
            'the process runs %r (exit %r), not %r' % (exe, proc.poll(), program))
        app = wait_app(bus, proc)
        frame = app and at.wait_for(app, lambda n: n.getRoleName() == 'frame', 30)
        tap(frame is not None and 'contoso.onmicrosoft.com' in frame.name,
            '%s: %s' % (name, checks[1]), at.describe(frame))
        tile = app and at.wait_for(app, lambda n: n.name.startswith('Sync errors: OK'), 30)
        tap(tile is not None, '%s: %s' % (name, checks[2]), at.describe(tile))
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            pass
        tap(proc.poll() is not None, '%s: %s' % (name, checks[3]), 'still running')
        installed_nothing(name)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        bus.close()
        log.close()
        with open(log.name) as f:
            for line in f.read().splitlines()[-40:]:
                print('# ' + line)


try:
    headless(['healthy'], 'healthy', 0, 'DIRSYNC OK - ')
    # The README: "run-demo.sh takes a scenario name (default sync-errors)".
    headless([], 'sync-errors', 2, 'DIRSYNC CRITICAL - ')
    window()
finally:
    subprocess.run(['rm', '-rf', work])

print('1..%d' % count)
sys.exit(1 if failed else 0)
