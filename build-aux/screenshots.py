#!/usr/bin/python3
"""Takes screenshots of the real program on the demo tenant (build-aux/screenshots.sh
runs it under Xvfb and a private session bus; see there for usage).

Each shot: start `dirsync-companion --demo=SCENARIO` with a fresh home (no
history, no offline copy, default settings) in the shot's language, wait for
the report, size the window to the screen, open a category through the
exported app.show-category action (as a notification does), optionally
press Ctrl+F (the affected objects), then capture the screen.

Arguments: WIDTHxHEIGHT LOCALEDIR LOCPATH then one job per argument,
"OUTPUT.png:SCENARIO:LANG[:CATEGORY[,CATEGORY…][:objects]]".
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

PROGRAM = os.environ['DSC_PROGRAM']
TIMEOUT = 120


def run(*args, check=True):
    return subprocess.run(args, check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True).stdout.strip()


def wait(pred, what, timeout=TIMEOUT):
    end = time.time() + timeout
    while time.time() < end:
        value = pred()
        if value:
            return value
        time.sleep(0.5)
    raise SystemExit('screenshots: timed out waiting for ' + what)


def capture(path):
    run('import', '-window', 'root', 'png:' + path)
    with open(path, 'rb') as f:
        return f.read()


def settle(scratch, timeout=TIMEOUT):
    """Waits until the screen stops changing: the report is drawn, no spinner
    turns, no transition runs (the machine may be slow)."""
    end = time.time() + timeout
    time.sleep(3.0)
    last = capture(scratch)
    still = 0
    while time.time() < end:
        time.sleep(2.0)
        now = capture(scratch)
        # Still for 4 s, and drawn: a window not painted yet is one colour.
        still = still + 1 if now == last else 0
        if still >= 2 and int(run('identify', '-format', '%k', scratch)) > 16:
            return
        last = now
    print('  (the screen never settled; taking it as it is)')


def window_id():
    out = run('xdotool', 'search', '--onlyvisible', '--class', 'dirsync-companion', check=False)
    return out.split('\n')[0] if out else None


def shot(size, localedir, locpath, job):
    width, height = size.split('x')
    parts = job.split(':')
    output, scenario, lang = parts[0], parts[1], parts[2]
    category = parts[3] if len(parts) > 3 and parts[3] else None
    objects = len(parts) > 4 and parts[4] == 'objects'

    home = tempfile.mkdtemp(prefix='dsc-shot-')
    env = dict(os.environ)
    for key in ('LANGUAGE', 'LANG', 'LC_ALL', 'LC_MESSAGES', 'G_DEBUG'):
        env.pop(key, None)
    env.update({
        'HOME': home,
        'XDG_CONFIG_HOME': os.path.join(home, 'config'),
        'XDG_DATA_HOME': os.path.join(home, 'data'),
        'XDG_CACHE_HOME': os.path.join(home, 'cache'),
        'XDG_STATE_HOME': os.path.join(home, 'state'),
        'GSETTINGS_BACKEND': 'memory',
        'DSC_LOCALEDIR': localedir,
        'NO_AT_BRIDGE': '1',
        'GTK_A11Y': 'none',
    })
    if lang == 'de':
        env['LC_ALL'] = 'de_DE.UTF-8'
        env['LOCPATH'] = locpath
    else:
        env['LC_ALL'] = 'C.UTF-8'

    # The tenant's name, from a check run in a home of its own (it keeps an
    # offline copy, which the window would show first).
    check_env = dict(env, HOME=os.path.join(home, 'check'),
                     XDG_DATA_HOME=os.path.join(home, 'check', 'data'),
                     XDG_CACHE_HOME=os.path.join(home, 'check', 'cache'),
                     XDG_STATE_HOME=os.path.join(home, 'check', 'state'))
    tenant = json.loads(subprocess.run([PROGRAM, '--check', '--format', 'json',
                                        '--demo=' + scenario], env=check_env, text=True,
                                       stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL).stdout)['tenant']
    title = '%s (%s)' % (tenant['name'], tenant['initialDomain'])

    # No blinking cursor, no transitions: the shot waits for a still screen.
    os.makedirs(os.path.join(home, 'config', 'gtk-4.0'))
    with open(os.path.join(home, 'config', 'gtk-4.0', 'settings.ini'), 'w') as f:
        f.write('[Settings]\ngtk-cursor-blink = false\ngtk-enable-animations = false\n')
    scratch = os.path.join(home, 'scratch.png')
    log = open(os.path.join(home, 'program.log'), 'w')
    proc = subprocess.Popen([PROGRAM, '--demo=' + scenario], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        wid = wait(window_id, 'the window')
        # The window takes the tenant's name from its first report.
        wait(lambda: run('xdotool', 'getwindowname', wid, check=False) == title, 'the report')
        run('xdotool', 'windowmove', wid, '0', '0')
        run('xdotool', 'windowsize', wid, width, height)
        # The pointer over the window title: no tooltip there.
        run('xdotool', 'mousemove', str(int(width) // 2), '12')
        settle(scratch)
        # CATEGORY may be a comma-separated list: one shot per category,
        # OUTPUT-CATEGORY.png, from one start of the program.
        categories = category.split(',') if category else [None]
        for name in categories:
            path = output
            if len(categories) > 1:
                path = output[:-len('.png')] + '-' + name + '.png'
            if name:
                run('gdbus', 'call', '--session', '--dest', 'io.github.DirSyncCompanion',
                    '--object-path', '/io/github/DirSyncCompanion',
                    '--method', 'org.gtk.Actions.Activate', 'show-category',
                    "[<'%s'>]" % name, '{}')
                settle(scratch)
            if objects:
                run('xdotool', 'windowfocus', '--sync', wid, check=False)
                run('xdotool', 'key', '--window', wid, 'ctrl+f')
                settle(scratch)
            if proc.poll() is not None:
                raise SystemExit('screenshots: the program exited (%s)' % scenario)
            run('import', '-window', 'root', 'png:' + path)
            print('  %s' % path)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def main():
    size, localedir, locpath = sys.argv[1:4]
    for job in sys.argv[4:]:
        shot(size, localedir, locpath, job)


if __name__ == '__main__':
    main()
