#!/usr/bin/env python3
"""Checks the release files that cannot run here (the Windows leg runs this).

    check-release-files.py WORKFLOW.yml WINGET_DIR INSTALLER.exe [SCHEMA_DIR]

* WORKFLOW.yml parses as YAML and is shaped like a GitHub Actions workflow:
  a trigger, jobs with runs-on and steps, each step either `uses` or `run`;
  every build-aux/ script a `run` names exists in the checkout.
* WINGET_DIR (winget-manifest.sh's output) holds one version, installer and
  defaultLocale manifest that agree on identifier and version, declare the
  NSIS installer silent with /S, and carry INSTALLER.exe's SHA-256.
* With SCHEMA_DIR (the manifest.{version,installer,defaultLocale}.1.10.0.json
  schemas of microsoft/winget-cli) and python3-jsonschema, each manifest is
  also validated against its published schema. No Debian or npm package
  ships those schemas, so CI runs without this part (README, "Windows").
"""
import hashlib
import os
import re
import sys

import yaml

errors = []


def fail(msg):
    errors.append(msg)


def check_workflow(path, top):
    with open(path, encoding="utf-8") as f:
        wf = yaml.safe_load(f)
    # YAML 1.1 reads the key `on` as True.
    if not isinstance(wf, dict) or not (wf.get("on") or wf.get(True)):
        fail(f"{path}: no trigger (on:)")
        return
    jobs = wf.get("jobs") or {}
    if not jobs:
        fail(f"{path}: no jobs")
    for name, job in jobs.items():
        if "runs-on" not in job:
            fail(f"{path}: job {name} has no runs-on")
        for i, step in enumerate(job.get("steps") or []):
            if ("uses" in step) == ("run" in step):
                fail(f"{path}: job {name} step {i + 1} needs exactly one of uses/run")
            for script in re.findall(r"build-aux/[\w./-]+", step.get("run", "")):
                script = script.rstrip(".")
                if not os.path.exists(os.path.join(top, script)):
                    fail(f"{path}: step {i + 1} runs {script}, which does not exist")


def check_winget(root, installer, schema_dir):
    found = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.endswith(".yaml"):
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    doc = yaml.safe_load(f)
                found[doc.get("ManifestType")] = (name, doc)
    for kind in ("version", "installer", "defaultLocale"):
        if kind not in found:
            fail(f"{root}: no {kind} manifest")
    if errors:
        return
    ids = {d["PackageIdentifier"] for _, d in found.values()}
    versions = {d["PackageVersion"] for _, d in found.values()}
    if len(ids) != 1 or len(versions) != 1:
        fail(f"{root}: manifests disagree on identifier/version: {ids} {versions}")
    inst = found["installer"][1]
    if inst.get("InstallerType") != "nullsoft":
        fail("installer manifest: InstallerType is not nullsoft")
    switches = inst.get("InstallerSwitches") or {}
    if switches.get("Silent") != "/S" or switches.get("SilentWithProgress") != "/S":
        fail("installer manifest: silent switches are not /S")
    with open(installer, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest().upper()
    for entry in inst.get("Installers") or []:
        if entry.get("InstallerSha256") != sha:
            fail(f"installer manifest: SHA-256 {entry.get('InstallerSha256')} is not {sha}")
        if not str(entry.get("InstallerUrl", "")).startswith("https://"):
            fail("installer manifest: InstallerUrl is not https")
        if not str(entry.get("InstallerUrl", "")).endswith(os.path.basename(installer)):
            fail("installer manifest: InstallerUrl does not name the installer")
    if found["defaultLocale"][1].get("DefaultLocale", "en-US") and \
            found["version"][1].get("DefaultLocale") != found["defaultLocale"][1].get("PackageLocale"):
        fail("version manifest's DefaultLocale has no defaultLocale manifest")

    if schema_dir:
        import jsonschema
        before = len(errors)
        for kind, (name, doc) in found.items():
            schema_path = os.path.join(schema_dir, f"manifest.{kind}.{doc['ManifestVersion']}.json")
            with open(schema_path, encoding="utf-8") as f:
                schema = yaml.safe_load(f)
            # The schemas take dates as strings; YAML makes them dates.
            plain = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in doc.items()}
            for err in jsonschema.Draft7Validator(schema).iter_errors(plain):
                fail(f"{name}: schema: {'/'.join(map(str, err.path))}: {err.message}")
        if len(errors) == before:
            print(f"winget manifests valid against the published schemas in {schema_dir}")


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    check_workflow(sys.argv[1], top)
    check_winget(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) == 5 else None)
    for e in errors:
        print("FAIL:", e, file=sys.stderr)
    if not errors:
        print("release workflow and winget manifest checked")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
