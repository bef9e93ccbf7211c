#!/usr/bin/env python3
"""Validates Bazaar course and lexicon files against the JSON Schemas.

Usage:  validate.py [--schema-dir DIR] FILE ...

Each FILE is read as YAML 1.2 (the core schema, as editors and Bazaar read it; PyYAML itself
reads YAML 1.1, see Loader below) and validated with jsonschema's Draft7Validator against
DIR/lexicon.schema.json when the file has a line starting `lexicon:` in its first 4 KB (Bazaar's
own test), else DIR/course.schema.json. DIR defaults to the repository's schema/ folder.

Prints one JSON line per file:
  {"file": "...", "valid": true|false|null, "errors": ["at most 3 messages"]}
A file that cannot be read or is not YAML is reported as not valid, with the reason. "valid": null
means PyYAML cannot read a file that is valid YAML (a plain text holding `?` inside {…} or […],
such as `{en: How much?}`): the schema was not checked.
Exits 0, or 2 when it cannot start (a schema missing or not a valid draft-07 schema,
PyYAML or jsonschema not installed, bad arguments).
"""
import argparse
import json
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"validate.py: needs PyYAML and jsonschema ({e})", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "schema"))


class Loader(yaml.SafeLoader):
    """SafeLoader reading plain scalars as YAML 1.2's core schema does (as editors and Bazaar do),
    not as YAML 1.1: only true/True/TRUE and false/False/FALSE are booleans (yes, no, on, off are
    text: `languages: [zh, no]`); integers are decimal, 0o octal or 0x hex (`010` is 10, `1_000`
    and `1:30` are text); no timestamps (`version: 2024-05-01` is text); no `<<` merge or `=`."""


def _int12(loader, node):
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value)


Loader.yaml_implicit_resolvers = {}
for _tag, _rx, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Loader.add_implicit_resolver("tag:yaml.org,2002:" + _tag, re.compile(_rx), list(_first))
Loader.add_constructor("tag:yaml.org,2002:int", _int12)


def pyyaml_cannot_read(error):
    """Whether a YAML error is PyYAML's, not the file's: in {…} and […] PyYAML ends a plain text at
    `?` (YAML 1.1), where YAML 1.2 (and Bazaar) read on: `{en: How much is it?}`."""
    return isinstance(error, yaml.MarkedYAMLError) and "but got '?'" in (error.problem or "")


def looks_like_lexicon(raw):
    """Bazaar's own test (LexiconLoader.looksLikeLexicon): a line starting `lexicon:` in the first 4 KB."""
    head = raw[:4096].decode("utf-8", "replace")
    return any(line.startswith("lexicon:") for line in head.split("\n"))


def load_validator(schema_dir, name):
    path = os.path.join(schema_dir, name)
    try:
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
    except Exception as e:  # noqa: BLE001
        print(f"validate.py: {path}: {str(e).splitlines()[0] if str(e) else type(e).__name__}", file=sys.stderr)
        sys.exit(2)
    return jsonschema.Draft7Validator(schema)


def messages(validator, data, limit=3):
    """The first `limit` errors, each as `/json/path: message`, taking the deepest useful
    sub-error of anyOf/oneOf/if-then failures (as bench/schema-check does)."""
    errs = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    out = []
    for e in errs[:limit]:
        best = e
        while best.context:
            fitting = [c for c in best.context if c.validator != "type"] or list(best.context)
            best = jsonschema.exceptions.best_match(fitting)
        where = "/" + "/".join(str(p) for p in best.absolute_path)
        out.append(f"{where}: {best.message[:200]}")
    return out


def check(path, course_v, lexicon_v):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        return {"file": path, "valid": False, "errors": [f"cannot read: {e.strerror or e}"]}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return {"file": path, "valid": False, "errors": [f"not UTF-8: {e.reason} at byte {e.start}"]}
    try:
        data = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as e:
        first = " ".join(str(e).split())
        if pyyaml_cannot_read(e):
            return {"file": path, "valid": None, "errors": [f"PyYAML cannot read this file: {first[:200]}"]}
        return {"file": path, "valid": False, "errors": [f"not YAML: {first[:200]}"]}
    except Exception as e:  # noqa: BLE001 (e.g. a recursion error on absurd nesting)
        return {"file": path, "valid": False, "errors": [f"not YAML: {type(e).__name__}: {str(e)[:160]}"]}
    validator = lexicon_v if looks_like_lexicon(raw) else course_v
    try:
        errs = messages(validator, data)
    except Exception as e:  # noqa: BLE001 (data JSON cannot hold, e.g. a non-string mapping key)
        errs = [f"cannot validate: {type(e).__name__}: {str(e)[:160]}"]
    return {"file": path, "valid": not errs, "errors": errs}


def main(argv):
    ap = argparse.ArgumentParser(description="Validate Bazaar YAML files against the JSON Schemas.")
    ap.add_argument("--schema-dir", default=DEFAULT_SCHEMA_DIR,
                    help="folder holding course.schema.json and lexicon.schema.json (default: %(default)s)")
    ap.add_argument("files", nargs="*", help="YAML files to validate")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    course_v = load_validator(args.schema_dir, "course.schema.json")
    lexicon_v = load_validator(args.schema_dir, "lexicon.schema.json")
    for path in args.files:
        print(json.dumps(check(path, course_v, lexicon_v), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
