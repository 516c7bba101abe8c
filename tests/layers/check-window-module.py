#!/usr/bin/env python3
"""check-window-module.py PROGRAM MODULE [ENTRY] — the window module (or the
PDF module, ENTRY dsc_pdf_module_write) holds no copy of the program's layers.

The program (dirsync-companion) links every layer but ui and exports its
symbols; the window module (dsc-window.so) links ui and platform-ui and takes
the rest from the program when it is loaded. A static library that passes its
own dependencies on to the module would put a second copy of core, session …
into it: on Linux the program's copy would quietly win, on Windows the module
would register every GType a second time. So: no function or variable may be
defined by both (the linker's section markers aside), and the module must use
at least one of the program's (the check can fail both ways). The PDF module
(dsc-pdf.so: the PDF writer, cairo, Pango) is built the same way.

TAP output.
"""
import subprocess
import sys

MARKERS = {'__bss_start', '_edata', '_end', '_init', '_fini'}


def dynamic_symbols(path, defined):
    args = ['nm', '-D', '--defined-only' if defined else '--undefined-only', path]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        fields = line.split()
        if not fields:
            continue
        if defined and len(fields) == 3 and fields[1] in 'TDBRVW':
            names.add(fields[2].split('@')[0])
        elif not defined:
            names.add(fields[-1].split('@')[0])
    return names - MARKERS


def main():
    program, module = sys.argv[1], sys.argv[2]
    in_program = dynamic_symbols(program, True)
    in_module = dynamic_symbols(module, True)
    from_program = dynamic_symbols(module, False) & in_program

    print('1..3')
    both = sorted(in_program & in_module)
    if both:
        print('not ok 1 - the module defines %d symbols the program defines too, e.g. %s'
              % (len(both), ', '.join(both[:8])))
    else:
        print('ok 1 - the module defines nothing the program defines')
    entry = sys.argv[3] if len(sys.argv) > 3 else 'dsc_window_module_run'
    print('%s 2 - the module defines its entry point %s'
          % ('ok' if entry in in_module else 'not ok', entry))
    print('%s 3 - the module uses the program\'s layers (%d symbols, e.g. %s)'
          % ('ok' if from_program else 'not ok', len(from_program),
             ', '.join(sorted(from_program)[:3])))


if __name__ == '__main__':
    main()
