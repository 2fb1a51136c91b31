#!/usr/bin/env python3
"""Validates every spec in specs/ and every example in it against its own schema.

An independent check (not linkgen's own parser): each document must pass
`openapi-spec-validator`, and every example must validate, under the OpenAPI
schema dialect of its document (3.0: `nullable`, 3.1: JSON Schema 2020-12),
against the schema it illustrates:

- schema `example` (and 3.1 schema `examples`, a list), at every depth:
  components.schemas, properties, items, allOf/anyOf/oneOf, additionalProperties;
- media-type `example` / `examples.*.value` (request bodies, responses);
- parameter and header `example` / `examples.*.value`.

`$ref`s resolve against the whole document. Formats (date-time, uuid, ...) are
checked. Exit status 0 when everything passes, 1 otherwise (each failure is
printed with its JSON pointer).

Pinned dependencies (tests/requirements-validate.txt):

    python3 -m venv .tools/venv
    .tools/venv/bin/pip install -r tests/requirements-validate.txt
    .tools/venv/bin/python tests/validate_examples.py [SPEC...]
"""

import datetime
import sys
from pathlib import Path

import yaml
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30Validator,
    OAS30WriteValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BASE = "urn:linkgen:spec"


def plain(value):
    """YAML timestamps and dates become the strings they were written as."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


class Checker:
    def __init__(self, path, doc):
        self.path = path
        self.doc = doc
        self.v31 = str(doc.get("openapi", "")).startswith("3.1")
        spec = DRAFT202012 if self.v31 else DRAFT4
        self.registry = Registry().with_resource(BASE, Resource(contents=doc, specification=spec))
        self.cls = OAS31Validator if self.v31 else OAS30Validator
        self.formats = oas31_format_checker if self.v31 else oas30_format_checker
        self.checked = 0
        self.failures = []

    def check(self, value, schema_pointer, where, kind="read"):
        """Validates `value` against the schema at `schema_pointer` (JSON pointer)."""
        self.checked += 1
        # A request example is written by the client (readOnly not sent), a
        # response one by the server (writeOnly not sent).
        schema = {"$ref": f"{BASE}#{schema_pointer}"}
        cls = self.cls
        if not self.v31:
            cls = OAS30ReadValidator if kind == "read" else OAS30WriteValidator
        validator = cls(schema, registry=self.registry, format_checker=self.formats)
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
        for error in errors:
            at = "/".join(escape(p) for p in error.absolute_path)
            self.failures.append(f"{self.path}: example at {where} (value path /{at}): {error.message}")

    # -- schemas -----------------------------------------------------------
    def schema(self, node, pointer, kind):
        if not isinstance(node, dict) or "$ref" in node and len(node) == 1:
            return
        if "example" in node:
            self.check(node["example"], pointer, f"{pointer}/example", kind)
        if self.v31 and isinstance(node.get("examples"), list):
            for i, example in enumerate(node["examples"]):
                self.check(example, pointer, f"{pointer}/examples/{i}", kind)
        for key in ("properties", "patternProperties", "$defs", "definitions"):
            for name, sub in (node.get(key) or {}).items():
                self.schema(sub, f"{pointer}/{key}/{escape(name)}", kind)
        for key in ("items", "additionalProperties", "not", "contains", "if", "then", "else"):
            if isinstance(node.get(key), dict):
                self.schema(node[key], f"{pointer}/{key}", kind)
        for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
            for i, sub in enumerate(node.get(key) or []):
                self.schema(sub, f"{pointer}/{key}/{i}", kind)

    # -- places that carry a schema and examples ---------------------------
    def with_examples(self, node, pointer, kind):
        """A media type, parameter or header: `schema` + `example`/`examples`."""
        if not isinstance(node, dict) or "$ref" in node:
            return
        if "schema" in node:
            self.schema(node["schema"], f"{pointer}/schema", kind)
            if "example" in node:
                self.check(node["example"], f"{pointer}/schema", f"{pointer}/example", kind)
            for name, example in (node.get("examples") or {}).items():
                example = self.deref(example)
                if isinstance(example, dict) and "value" in example:
                    self.check(example["value"], f"{pointer}/schema",
                               f"{pointer}/examples/{escape(name)}/value", kind)
        for mt, media in (node.get("content") or {}).items():
            self.with_examples(media, f"{pointer}/content/{escape(mt)}", kind)

    def deref(self, node):
        while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
            target = self.doc
            for token in node["$ref"][2:].split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def response(self, node, pointer):
        if not isinstance(node, dict) or "$ref" in node:
            return
        self.with_examples(node, pointer, "read")
        for name, header in (node.get("headers") or {}).items():
            self.with_examples(header, f"{pointer}/headers/{escape(name)}", "read")

    def operation(self, op, pointer):
        for i, param in enumerate(op.get("parameters") or []):
            self.with_examples(param, f"{pointer}/parameters/{i}", "write")
        if isinstance(op.get("requestBody"), dict):
            self.with_examples(op["requestBody"], f"{pointer}/requestBody", "write")
        for status, response in (op.get("responses") or {}).items():
            self.response(response, f"{pointer}/responses/{escape(status)}")

    def run(self):
        try:
            validate_spec(self.doc)
        except Exception as error:  # noqa: BLE001 (any validator failure is a failure)
            self.failures.append(f"{self.path}: not a valid OpenAPI document: {error}")
        for path, item in (self.doc.get("paths") or {}).items():
            base = f"/paths/{escape(path)}"
            for i, param in enumerate(item.get("parameters") or []):
                self.with_examples(param, f"{base}/parameters/{i}", "write")
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    self.operation(item[method], f"{base}/{method}")
        components = self.doc.get("components") or {}
        for name, schema in (components.get("schemas") or {}).items():
            self.schema(schema, f"/components/schemas/{escape(name)}", "read")
        for name, param in (components.get("parameters") or {}).items():
            self.with_examples(param, f"/components/parameters/{escape(name)}", "write")
        for name, body in (components.get("requestBodies") or {}).items():
            self.with_examples(body, f"/components/requestBodies/{escape(name)}", "write")
        for name, response in (components.get("responses") or {}).items():
            self.response(response, f"/components/responses/{escape(name)}")
        for name, header in (components.get("headers") or {}).items():
            self.with_examples(header, f"/components/headers/{escape(name)}", "read")
        return self


def main(argv):
    paths = [Path(a) for a in argv] or sorted((ROOT / "specs").glob("*.y*ml"))
    failed = False
    for path in paths:
        doc = plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        checker = Checker(path.relative_to(ROOT) if path.is_absolute() else path, doc).run()
        status = "FAIL" if checker.failures else "ok"
        print(f"{status:4} {checker.path}: spec valid={not any('not a valid' in f for f in checker.failures)}, "
              f"{checker.checked} examples checked, {len(checker.failures)} failures")
        for failure in checker.failures:
            print(f"     {failure}")
        failed |= bool(checker.failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
