#!/usr/bin/env python3
"""Writes tests/fixtures/schema-org/vocabulary.json from the npm package
schema-dts (the schema.org vocabulary as TypeScript types, generated from
schema.org's own data): for each type, its parent types and its own
properties. The JSON-LD test checks every node lumbar writes against it.

Usage: scripts/schema_vocabulary.py path/to/schema-dts/dist/schema.d.ts VERSION
"""
import json
import re
import sys

src, version = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
types = {}
iface = re.compile(r"^(?:export )?interface (\w+?)(Base|Leaf) extends ([\w, <>]+) \{$")
prop = re.compile(r'^    "(\w+)"\?: ')
current = None
for line in text.splitlines():
    m = iface.match(line)
    if m:
        name, kind, parents = m.group(1), m.group(2), m.group(3)
        entry = types.setdefault(name, {"parents": [], "properties": []})
        for p in (p.strip() for p in parents.split(",")):
            if p.startswith("Partial<"):
                continue
            p = re.sub(r"(Base|Leaf)$", "", p)
            if p != name and p not in entry["parents"]:
                entry["parents"].append(p)
        current = name
        continue
    if line.startswith("}"):
        current = None
        continue
    m = prop.match(line)
    if m and current:
        props = types[current]["properties"]
        if m.group(1) not in props:
            props.append(m.group(1))
for t in types.values():
    t["properties"].sort()
    t["parents"].sort()
json.dump(
    {"source": f"schema-dts {version} (npm), generated from schema.org", "types": dict(sorted(types.items()))},
    open("tests/fixtures/schema-org/vocabulary.json", "w"),
    indent=0,
    sort_keys=True,
)
print(len(types), "types")
