#!/usr/bin/env python3
"""Compares a --scan --format json report with samba-expected.txt, and the
PowerShell script with the report. Prints what differs; exit 1 when anything does.

  check-scan.py findings EXPECTED REPORT.json
  check-scan.py powershell REPORT.json SCRIPT.ps1
  check-scan.py same REPORT1.json REPORT2.json     (same findings)
"""
import json
import re
import sys


def expand(text):
    return re.sub(r"(.)\{(\d+)\}", lambda m: m.group(1) * int(m.group(2)), text)


def cn(dn):
    return re.match(r"CN=((?:[^,\\]|\\.)*)", dn).group(1)


def rows(report):
    return sorted("|".join([cn(f["dn"]), f["attribute"], f["rule"], f["value"] or "-",
                            f["suggestedFix"] or "-"]) for f in report["findings"])


def ps_quote(text):
    return "'" + re.sub("(['\u2018\u2019\u201a\u201b])", r"\1\1", text) + "'"


def main():
    mode, a, b = sys.argv[1:4]
    problems = []
    if mode == "findings":
        want = sorted(expand(line.rstrip("\n")) for line in open(a, encoding="utf-8")
                      if line.strip() and not line.startswith("#"))
        got = rows(json.load(open(b, encoding="utf-8")))
        problems += ["missing: " + r[:160] for r in want if r not in got]
        problems += ["unexpected: " + r[:160] for r in got if r not in want]
    elif mode == "same":
        x, y = rows(json.load(open(a, encoding="utf-8"))), rows(json.load(open(b, encoding="utf-8")))
        problems += ["only in first: " + r[:160] for r in x if r not in y]
        problems += ["only in second: " + r[:160] for r in y if r not in x]
    elif mode == "powershell":
        report = json.load(open(a, encoding="utf-8"))
        script = open(b, encoding="utf-8").read()
        commands = [l for l in script.splitlines() if re.match(r"Set-AD(User|Group|Object) ", l)]
        # one command per (dn, attribute, value) that has a fix
        fixes = {}
        for f in report["findings"]:
            if f["suggestedFix"] is not None:
                fixes[(f["dn"], f["attribute"], f["value"])] = (f["suggestedFix"], f["objectType"])
        cmdlets = {"user": "Set-ADUser", "group": "Set-ADGroup"}
        for (dn, attr, value), (fix, kind) in fixes.items():
            head = "%s -Identity %s " % (cmdlets.get(kind, "Set-ADObject"), ps_quote(dn))
            if attr == "proxyAddresses":
                body = "-Remove @{ %s = %s } -Add @{ %s = %s }" % (ps_quote(attr), ps_quote(value),
                                                                  ps_quote(attr), ps_quote(fix))
            else:
                body = "-Replace @{ %s = %s }" % (ps_quote(attr), ps_quote(fix))
            line = head + body + " -WhatIf:$WhatIf"
            n = commands.count(line)
            if n != 1:
                problems.append("%d commands for %s %s" % (n, dn, attr))
        if len(commands) != len(fixes):
            problems.append("%d commands for %d fixes" % (len(commands), len(fixes)))
        for l in commands:
            if not l.endswith(" -WhatIf:$WhatIf"):
                problems.append("command without -WhatIf: " + l[:120])
        if "param([switch]$Apply)" not in script or "$WhatIf = -not $Apply" not in script:
            problems.append("the script does not default to -WhatIf")
        manual = sum(1 for f in report["findings"] if f["suggestedFix"] is None)
        if script.count("# no automatic fix (") != manual:
            problems.append("%d 'no automatic fix' notes for %d findings without a fix"
                            % (script.count("# no automatic fix ("), manual))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
