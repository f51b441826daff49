#!/usr/bin/env bash
# Checks that Package.swift agrees with the sources' imports: every local target a source target
# imports is declared as its dependency, no declared local dependency goes unused, and every
# library target is used by another target than its own tests (or is a product). System-library wrappers (C*) and test targets are
# outside the rule (a wrapper may be linked without a Swift import; tests may declare fixtures).
#
#   scripts/check-package-imports.sh      # exit 0 when they agree, 1 listing each disagreement
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-package 2>/dev/null | python3 -c '
import json, os, re, sys
package = json.load(sys.stdin)
targets = {t["name"]: t for t in package["targets"]}
import_line = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public |internal |package |private |fileprivate )?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)", re.M)

def declared(t):
    names = set()
    for d in t.get("dependencies", []):
        for key in ("byName", "target"):
            if d.get(key): names.add(d[key][0])
    return names & set(targets)

def imports(t):
    found = set()
    root = t.get("path") or ("Tests/" if t["type"] == "test" else "Sources/") + t["name"]
    for folder, _, files in os.walk(root):
        for f in files:
            if f.endswith(".swift"):
                found |= set(import_line.findall(open(os.path.join(folder, f), errors="ignore").read()))
    return found & set(targets)

problems, used = [], set()
for name, t in sorted(targets.items()):
    if t["type"] == "system": continue
    imp, dec = imports(t), declared(t)
    used |= {d for d in dec if d + "Tests" != name}  # its own tests alone do not keep a target alive
    if t["type"] == "test": continue
    problems += [f"{name} imports {m} but does not declare it" for m in sorted(imp - dec)]
    problems += [f"{name} declares {m} but never imports it" for m in sorted(dec - imp) if not m.startswith("C")]
products = {tn for p in package.get("products", []) for tn in p.get("targets", [])}
problems += [f"library target {n} is used by no target" for n, t in sorted(targets.items())
             if t["type"] == "regular" and n not in used and n not in products]
for p in problems: print("check-package-imports: " + p)
print(f"check-package-imports: {len(targets)} targets, {len(problems)} disagreements")
sys.exit(1 if problems else 0)
'
