#!/usr/bin/python3
"""Validate cot's checklist schemas, requirement sets and checklist fixtures.

Usage: /usr/bin/python3 tests/checklist/validate_schemas.py SRCDIR

SRCDIR is the repository root. Needs only the standard library, Debian's
python3-jsonschema and python3-yaml. Checks:

- checklists/schema/{requirements,answers}.schema.json are valid draft 2020-12
  schemas;
- every checklists/*.yaml requirement set and every fixture under
  tests/fixtures/checklist/valid/ is valid against its schema (chosen by its
  `format`), and passes the checks a schema cannot express (unique ids,
  existing categories and sources, one id prefix per category, answer ids that
  exist in the set they name, not-applicable only where allowed, ...);
- the shipped BelRAI set has at least 45 requirements and every domain of
  DOMAIN.md, in order;
- every fixture under tests/fixtures/checklist/invalid/ is rejected by the
  schema, for exactly one reason (all errors at one location);
- every fixture is listed in tests/fixtures/checklist/README.md.

YAML is read the way cot and YAML 1.2 editors read it: dates such as
2026-05-01 stay strings (PyYAML would make them datetime.date), duplicate keys
are an error (PyYAML silently keeps the last), anchors and aliases are refused.

Prints `ok FILE` or `FAIL FILE: reason` per file, then `N passed, M failed`;
exits 1 if anything failed, 2 on a usage error.
"""

import json
import os
import re
import sys

import yaml
from jsonschema import Draft202012Validator

REQUIREMENTS_FORMAT = "cot.requirements/1"
ANSWERS_FORMAT = "cot.answers/1"
SHIPPED_SET = "belrai-security-1.0.yaml"
MIN_SHIPPED_REQUIREMENTS = 45

# The domains of DOMAIN.md ("The security checklist"), in order, with the id
# prefix their requirements use.
DOMAIN_CATEGORIES = [
    ("governance", "GOV"),
    ("people", "PPL"),
    ("assets", "AST"),
    ("identity-access", "IAM"),
    ("care-relationship", "CARE"),
    ("logging", "LOG"),
    ("cryptography", "CRY"),
    ("physical", "PHY"),
    ("operations", "OPS"),
    ("communications", "COM"),
    ("software", "SW"),
    ("suppliers", "SUP"),
    ("incidents", "INC"),
    ("continuity", "BCM"),
    ("compliance", "CMP"),
]

# What each invalid fixture must be rejected for: the JSON Schema keywords of
# its errors (all errors must also sit at one location). Fixtures not listed
# here need only fail at one location.
INVALID_EXPECT = {
    "answers-absolute-evidence-path.yaml": {"pattern"},
    "answers-bad-answer-id.yaml": {"additionalProperties"},
    "answers-bad-date-format.yaml": {"format", "pattern"},
    "answers-bad-status.yaml": {"enum"},
    "answers-evidence-not-list.yaml": {"type"},
    "answers-kbo-letters.yaml": {"pattern"},
    "answers-kbo-not-string.yaml": {"type"},
    "answers-missing-format.yaml": {"required"},
    "answers-not-applicable-without-justification.yaml": {"required"},
    "answers-unknown-answer-key.yaml": {"additionalProperties"},
    "answers-unknown-top-level-key.yaml": {"additionalProperties"},
    "answers-waiver-missing-approver.yaml": {"required"},
    "answers-wrong-format-marker.yaml": {"const"},
    "requirements-bad-id-pattern.yaml": {"pattern"},
    "requirements-bad-level.yaml": {"enum"},
    "requirements-missing-level.yaml": {"required"},
    "requirements-title-missing-fr.yaml": {"required"},
}

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class CotLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 dates (strings) and duplicate keys refused."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    continue  # SafeConstructor reports unhashable keys itself
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        "duplicate key %r (first at line %d)"
                        % (key, seen[key].line + 1), key_node.start_mark)
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


CotLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Bad(Exception):
    """A file cannot be checked further."""


def load_yaml(path):
    """Return the document in PATH; raise Bad on any reading problem."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise Bad("starts with a byte-order mark")
    if b"\r" in raw:
        raise Bad("has CR characters (use LF line ends)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Bad("not UTF-8: %s" % e)
    if text and not text.endswith("\n"):
        raise Bad("no newline at end of file")
    try:
        for event in yaml.parse(text, Loader=CotLoader):
            if isinstance(event, yaml.AliasEvent):
                raise Bad("line %d: YAML alias *%s (aliases are not allowed)"
                          % (event.start_mark.line + 1, event.anchor))
            if getattr(event, "anchor", None):
                raise Bad("line %d: YAML anchor &%s (anchors are not allowed)"
                          % (event.start_mark.line + 1, event.anchor))
        docs = list(yaml.load_all(text, Loader=CotLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where_ = "line %d, column %d: " % (mark.line + 1, mark.column + 1) \
            if mark else ""
        raise Bad("YAML: %s%s" % (where_, e.problem or e.context))
    except yaml.YAMLError as e:
        raise Bad("YAML: %s" % " ".join(str(e).split()))
    if len(docs) != 1:
        raise Bad("expected exactly one YAML document, found %d" % len(docs))
    return text, docs[0]


def load_schema(path):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        raise Bad("$schema is not draft 2020-12")
    return schema


def make_validator(schema):
    return Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def schema_errors(validator, doc):
    errors = sorted(validator.iter_errors(doc),
                    key=lambda e: [str(p) for p in e.absolute_path])
    return ["%s: %s" % (where(e), e.message) for e in errors], errors


def check_modeline(path, text, schema_path):
    """The yaml-language-server modeline must name SCHEMA_PATH."""
    first = text.split("\n", 1)[0]
    m = MODELINE.match(first)
    if not m:
        return ["first line is not '# yaml-language-server: $schema=...'"]
    target = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
    if not os.path.exists(target) or not os.path.samefile(target, schema_path):
        return ["modeline $schema=%s does not point at %s"
                % (m.group(1), os.path.basename(schema_path))]
    return []


def duplicates(values):
    seen, dups = set(), []
    for v in values:
        if v in seen and v not in dups:
            dups.append(v)
        seen.add(v)
    return dups


def check_requirement_set(doc, shipped):
    """Checks a schema cannot express. DOC is already schema-valid."""
    problems = []
    cats = [c["id"] for c in doc["categories"]]
    srcs = [s["id"] for s in doc["sources"]]
    reqs = doc["requirements"]
    ids = [r["id"] for r in reqs]
    for what, values in (("category id", cats), ("source id", srcs),
                         ("requirement id", ids)):
        for d in duplicates(values):
            problems.append("duplicate %s %s" % (what, d))
    prefixes_of = {}
    categories_of = {}
    for r in reqs:
        if r["category"] not in cats:
            problems.append("%s: unknown category %s"
                            % (r["id"], r["category"]))
        if r["source"]["id"] not in srcs:
            problems.append("%s: unknown source %s"
                            % (r["id"], r["source"]["id"]))
        prefix = r["id"].split("-")[0]
        prefixes_of.setdefault(r["category"], set()).add(prefix)
        categories_of.setdefault(prefix, set()).add(r["category"])
    for cat, prefixes in prefixes_of.items():
        if len(prefixes) > 1:
            problems.append("category %s uses several id prefixes: %s"
                            % (cat, ", ".join(sorted(prefixes))))
    for prefix, categories in categories_of.items():
        if len(categories) > 1:
            problems.append("id prefix %s used by several categories: %s"
                            % (prefix, ", ".join(sorted(categories))))
    for cat in cats:
        if cat not in prefixes_of:
            problems.append("category %s has no requirement" % cat)
    used = {r["source"]["id"] for r in reqs}
    for s in srcs:
        if s not in used:
            problems.append("source %s is not used by any requirement" % s)
    if shipped:
        if len(reqs) < MIN_SHIPPED_REQUIREMENTS:
            problems.append("only %d requirements, at least %d expected"
                            % (len(reqs), MIN_SHIPPED_REQUIREMENTS))
        expected = [c for c, _ in DOMAIN_CATEGORIES]
        if cats != expected:
            problems.append("categories %s, expected the DOMAIN.md domains %s"
                            % (cats, expected))
        for cat, prefix in DOMAIN_CATEGORIES:
            got = prefixes_of.get(cat, set())
            if got and got != {prefix}:
                problems.append("category %s should use prefix %s, not %s"
                                % (cat, prefix, ", ".join(sorted(got))))
        notice = doc.get("notice")
        if not notice:
            problems.append("derived set without a notice")
        elif "not the official" not in notice["en"]:
            problems.append("notice does not say it is not the official text")
        levels = {r["level"] for r in reqs}
        if levels != {"mandatory", "recommended"}:
            problems.append("expected both mandatory and recommended levels")
        if not any(r["applies_to"]["routes"] == ["direct"] for r in reqs):
            problems.append("no requirement for route direct only")
        if not any("vendor" in r["applies_to"]["kinds"] for r in reqs):
            problems.append("no requirement for kind vendor")
        if not any(r["not_applicable"] for r in reqs):
            problems.append("no requirement allows not-applicable")
    return problems


def check_answers(doc, sets, name):
    """Checks of an answer file against the requirement set it names."""
    key = (doc["requirements"]["id"], doc["requirements"]["version"])
    if key not in sets:
        return ["names requirement set %s %s, which is not known" % key]
    reqs = {r["id"]: r for r in sets[key]["requirements"]}
    problems = []
    for aid, answer in doc["answers"].items():
        req = reqs.get(aid)
        if req is None:
            problems.append("answer %s: no such requirement in %s %s"
                            % ((aid,) + key))
            continue
        if answer["status"] == "not-applicable" and not req["not_applicable"]:
            problems.append("answer %s: not-applicable is not allowed" % aid)
    if name.startswith("complete"):
        missing = sorted(set(reqs) - set(doc["answers"]))
        if missing:
            problems.append("complete fixture misses %s" % ", ".join(missing))
        for aid, answer in doc["answers"].items():
            if answer["status"] != "compliant":
                problems.append("complete fixture: %s is %s"
                                % (aid, answer["status"]))
            ev = answer.get("evidence") or []
            if not ev or not all(p.startswith("evidence/") for p in ev):
                problems.append("complete fixture: %s needs evidence/... "
                                "paths" % aid)
            if not str(answer.get("reviewed", "")).startswith("2026-"):
                problems.append("complete fixture: %s not reviewed in 2026"
                                % aid)
    return problems


class Report:
    def __init__(self, root):
        self.root = root
        self.passed = 0
        self.failed = 0

    def rel(self, path):
        return os.path.relpath(path, self.root)

    def result(self, path, problems):
        if problems:
            self.failed += 1
            shown = problems[:5]
            more = len(problems) - len(shown)
            msg = "; ".join(shown) + ("; ... %d more" % more if more else "")
            print("FAIL %s: %s" % (self.rel(path), msg))
        else:
            self.passed += 1
            print("ok %s" % self.rel(path))


def yaml_files(directory):
    if not os.path.isdir(directory):
        return []
    return sorted(os.path.join(directory, n) for n in os.listdir(directory)
                  if n.endswith((".yaml", ".yml")))


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.stderr.write("usage: %s SRCDIR\n" % argv[0])
        return 2
    root = os.path.abspath(argv[1])
    report = Report(root)
    schema_dir = os.path.join(root, "checklists", "schema")
    schema_paths = {
        REQUIREMENTS_FORMAT: os.path.join(schema_dir,
                                          "requirements.schema.json"),
        ANSWERS_FORMAT: os.path.join(schema_dir, "answers.schema.json"),
    }
    validators = {}
    for fmt, path in schema_paths.items():
        try:
            validators[fmt] = make_validator(load_schema(path))
            report.result(path, [])
        except (OSError, ValueError, Bad) as e:
            report.result(path, ["%s" % e])
        except Exception as e:  # jsonschema.SchemaError and friends
            report.result(path, ["invalid schema: %s" % e])
    if len(validators) != 2:
        print("%d passed, %d failed" % (report.passed, report.failed))
        return 1

    def validate(path, expect_format, shipped=False):
        """Load and check PATH; return (doc, problems, schema_ok)."""
        try:
            text, doc = load_yaml(path)
        except (OSError, Bad) as e:
            return None, [str(e)], False
        problems = check_modeline(path, text, schema_paths[expect_format])
        fmt = doc.get("format") if isinstance(doc, dict) else None
        if fmt not in validators:
            return doc, problems + ["format is %r, expected %s or %s"
                                    % (fmt, REQUIREMENTS_FORMAT,
                                       ANSWERS_FORMAT)], False
        if expect_format and fmt != expect_format:
            problems.append("format %s, expected %s" % (fmt, expect_format))
        msgs, _ = schema_errors(validators[fmt], doc)
        problems += ["schema: " + m for m in msgs]
        if not msgs and fmt == REQUIREMENTS_FORMAT:
            problems += check_requirement_set(doc, shipped)
        return doc, problems, not msgs and fmt == expect_format

    # Requirement sets shipped in checklists/.
    sets = {}
    shipped_found = False
    for path in yaml_files(os.path.join(root, "checklists")):
        shipped = os.path.basename(path) == SHIPPED_SET
        shipped_found |= shipped
        doc, problems, schema_ok = validate(path, REQUIREMENTS_FORMAT,
                                            shipped)
        if schema_ok:
            # Known even with other problems, so that answer fixtures are
            # still checked against it.
            key = (doc["id"], doc["version"])
            if key in sets:
                problems.append("another file also defines %s %s" % key)
            sets[key] = doc
            expected = "%s-%s.yaml" % key
            if os.path.basename(path) != expected:
                problems.append("file name should be %s" % expected)
        report.result(path, problems)
    if not shipped_found:
        report.result(os.path.join(root, "checklists", SHIPPED_SET),
                      ["missing"])

    fixtures = os.path.join(root, "tests", "fixtures", "checklist")
    valid_dir = os.path.join(fixtures, "valid")
    invalid_dir = os.path.join(fixtures, "invalid")

    # Valid fixtures: requirement sets first, so answers can refer to them.
    valid = []
    for path in yaml_files(valid_dir):
        try:
            _, doc = load_yaml(path)
            fmt = doc.get("format") if isinstance(doc, dict) else None
        except (OSError, Bad):
            fmt = None
        valid.append((0 if fmt == REQUIREMENTS_FORMAT else 1, path, fmt))
    answer_fixtures = 0
    for _, path, fmt in sorted(valid):
        expect = fmt if fmt in validators else ANSWERS_FORMAT
        doc, problems, _ = validate(path, expect)
        if not problems and fmt == REQUIREMENTS_FORMAT:
            key = (doc["id"], doc["version"])
            if key in sets:
                problems.append("fixture redefines requirement set %s %s"
                                % key)
            else:
                sets[key] = doc
        elif not problems:
            answer_fixtures += 1
            problems += check_answers(doc, sets, os.path.basename(path))
        report.result(path, problems)
    if answer_fixtures < 4:
        report.result(valid_dir, ["only %d valid answer fixtures, at least 4 "
                                  "expected" % answer_fixtures])

    # Invalid fixtures: each must be well-formed YAML that the schema rejects
    # for exactly one reason.
    invalid = yaml_files(invalid_dir)
    for path in invalid:
        name = os.path.basename(path)
        try:
            _, doc = load_yaml(path)
        except (OSError, Bad) as e:
            report.result(path, ["must be readable YAML rejected by the "
                                 "schema, but: %s" % e])
            continue
        fmt = doc.get("format") if isinstance(doc, dict) else None
        if fmt not in validators:
            fmt = REQUIREMENTS_FORMAT if name.startswith("requirements") \
                else ANSWERS_FORMAT
        msgs, errors = schema_errors(validators[fmt], doc)
        if not errors:
            report.result(path, ["accepted by the %s schema, must be "
                                 "rejected" % fmt])
            continue
        locations = {where(e) for e in errors}
        if len(locations) != 1:
            report.result(path, ["rejected for more than one reason: "
                                 + " | ".join(msgs)])
            continue
        keywords = {e.validator for e in errors}
        expected = INVALID_EXPECT.get(name)
        if expected is not None and not keywords <= expected:
            report.result(path, ["rejected for %s, expected %s: %s"
                                 % (", ".join(sorted(keywords)),
                                    ", ".join(sorted(expected)),
                                    " | ".join(msgs))])
            continue
        report.result(path, [])
    if len(invalid) < 10:
        report.result(invalid_dir, ["only %d invalid fixtures, at least 10 "
                                    "expected" % len(invalid)])

    # Every fixture is explained in the README.
    readme = os.path.join(fixtures, "README.md")
    try:
        with open(readme, encoding="utf-8") as f:
            listed = f.read()
        missing = [os.path.relpath(p, fixtures)
                   for p in yaml_files(valid_dir) + invalid
                   if os.path.relpath(p, fixtures) not in listed]
        stale = sorted(set(m for m in re.findall(
            r"\b(?:in)?valid/[\w.-]+\.ya?ml\b", listed)
            if not os.path.exists(os.path.join(fixtures, m))))
        report.result(readme, ["does not list %s" % m for m in missing]
                      + ["lists %s, which does not exist" % m for m in stale])
    except OSError as e:
        report.result(readme, [str(e)])

    print("%d passed, %d failed" % (report.passed, report.failed))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
