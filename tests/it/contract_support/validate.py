"""Validates JSON documents against a schema of schemas/ (draft 2020-12).

    python3 validate.py SCHEMAS_DIR SCHEMA_NAME < documents.jsonl

Each line of standard input is one JSON document. Every schema of
SCHEMAS_DIR is first checked against the draft 2020-12 meta-schema, and made
available to the others' "$ref" by its "$id". Exit 1 with the first error.
"""
import json
import pathlib
import sys

import jsonschema

schemas_dir = pathlib.Path(sys.argv[1])
name = sys.argv[2]
schemas = {}
for path in sorted(schemas_dir.glob("*.schema.json")):
    s = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(s)
    schemas[s["$id"]] = s
target = next(s for s in schemas.values() if s["$id"].endswith("/" + name))

try:
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (i, Resource.from_contents(s)) for i, s in schemas.items()
    )
    validator = jsonschema.Draft202012Validator(target, registry=registry)
except ImportError:  # jsonschema < 4.18
    resolver = jsonschema.RefResolver.from_schema(target, store=schemas)
    validator = jsonschema.Draft202012Validator(target, resolver=resolver)

count = 0
for n, line in enumerate(sys.stdin, 1):
    if not line.strip():
        continue
    doc = json.loads(line)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        print(f"{name}: document {n}: {e.message} at {list(e.path)}", file=sys.stderr)
        sys.exit(1)
    count += 1
if count == 0:
    print(f"{name}: no document to validate", file=sys.stderr)
    sys.exit(1)
print(count)
