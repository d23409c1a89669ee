#!/usr/bin/env python3
"""Validates JSON files against a JSON Schema: validate-json.py SCHEMA FILE...

The schema's draft comes from its $schema; references to other files resolve next to
SCHEMA (doc/schemas refers across its files); nothing is fetched from the network. Prints one line per problem; exit 0 when
every FILE is valid, 1 when one is not, 2 when a file cannot be read or is no JSON.
"""
import json
import pathlib
import sys

import jsonschema


def offline(uri):
    """A test never fetches a schema: every reference is the schema's or a file beside it."""
    raise jsonschema.RefResolutionError(f"not fetched (offline): {uri}")


def main(argv):
    if len(argv) < 3:
        print("usage: validate-json.py SCHEMA FILE...", file=sys.stderr)
        return 2
    path = pathlib.Path(argv[1]).resolve()
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    own = schema.get("$id", schema.get("id"))
    resolver = jsonschema.RefResolver(base_uri=path.as_uri(), referrer=schema,
                                      store={own: schema} if own else {},
                                      handlers={"http": offline, "https": offline})
    validator = cls(schema, resolver=resolver)
    rc = 0
    for name in argv[2:]:
        try:
            with open(name, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{name}: not JSON: {e}")
            rc = max(rc, 2)
            continue
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            print(f"{name}: {where}: {err.message[:300]}")
            rc = max(rc, 1)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
