#!/usr/bin/env python3
"""bench/gui: writes a large but ordinary OpenAPI 3.1 project, the size a big real API reaches.

ENDPOINTS operations (list, create, get, replace, delete per resource) under tags, MODELS models with
typed, constrained properties and $refs between them, shared parameters and responses, examples and
security. Deterministic: the same arguments give the same bytes.

    generate-project.py OUT.json [--endpoints 500] [--models 300]
"""
import argparse
import json
import random


def model(i, count):
    props = {
        "id": {"type": "integer", "format": "int64", "readOnly": True, "minimum": 1},
        "name": {"type": "string", "minLength": 1, "maxLength": 80, "description": f"Name of the {i}th thing"},
        "status": {"type": "string", "enum": ["draft", "active", "archived"], "default": "draft"},
        "price": {"type": "number", "minimum": 0, "multipleOf": 0.01},
        "created_at": {"type": "string", "format": "date-time", "readOnly": True},
        "labels": {"type": "array", "items": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"}, "maxItems": 10},
        "note": {"type": ["string", "null"], "maxLength": 500},
    }
    if i > 0:
        props["parent"] = {"$ref": f"#/components/schemas/Model{i - 1:03d}"}
    if i > 1:
        props["children"] = {"type": "array", "items": {"$ref": f"#/components/schemas/Model{(i * 7) % (i - 1):03d}"}}
    return {
        "type": "object",
        "description": f"Model {i} of {count}: a resource of the benchmark API.",
        "required": ["id", "name"],
        "properties": props,
    }


def example(i):
    return {"id": i + 1, "name": f"Item {i}", "status": "active", "price": 9.99, "created_at": "2025-01-01T00:00:00Z",
            "labels": ["bench"], "note": None}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--endpoints", type=int, default=500)
    parser.add_argument("--models", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(42)

    tags = [{"name": f"area{t:02d}", "description": f"Operations of area {t}"} for t in range(25)]
    schemas = {f"Model{i:03d}": model(i, args.models) for i in range(args.models)}
    ref = lambda i: {"$ref": f"#/components/schemas/Model{i % args.models:03d}"}
    paths = {}
    operations = 0
    resource = 0
    while operations < args.endpoints:
        m = rng.randrange(args.models)
        tag = tags[resource % len(tags)]["name"]
        collection = f"/{tag}/resource{resource:03d}"
        item = collection + "/{id}"
        id_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
        json_of = lambda schema, ex: {"application/json": {"schema": schema, "example": ex}}
        ops = [
            (collection, "get", {
                "summary": f"List resource {resource}",
                "parameters": [{"$ref": "#/components/parameters/Limit"}, {"$ref": "#/components/parameters/Offset"}],
                "responses": {"200": {"description": "A page", "content": json_of(
                    {"type": "array", "items": ref(m)}, [example(m)])}}}),
            (collection, "post", {
                "summary": f"Create resource {resource}",
                "security": [{"apiKey": []}],
                "requestBody": {"required": True, "content": json_of(ref(m), example(m))},
                "responses": {"201": {"description": "Created", "content": json_of(ref(m), example(m))},
                              "422": {"$ref": "#/components/responses/Invalid"}}}),
            (item, "get", {
                "summary": f"Get resource {resource}",
                "responses": {"200": {"description": "Found", "content": json_of(ref(m), example(m))},
                              "404": {"$ref": "#/components/responses/NotFound"}}}),
            (item, "put", {
                "summary": f"Replace resource {resource}",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": json_of(ref(m), example(m))},
                "responses": {"200": {"description": "Replaced", "content": json_of(ref(m), example(m))},
                              "404": {"$ref": "#/components/responses/NotFound"}}}),
            (item, "delete", {
                "summary": f"Delete resource {resource}",
                "security": [{"bearer": []}],
                "responses": {"204": {"description": "Deleted"}, "404": {"$ref": "#/components/responses/NotFound"}}}),
        ]
        for path, method, op in ops:
            if operations == args.endpoints:
                break
            op = {"tags": [tag], "operationId": f"{method}Resource{resource:03d}{'Item' if path == item else ''}", **op}
            if path == item:
                op.setdefault("parameters", []).insert(0, id_param)
            paths.setdefault(path, {})[method] = op
            operations += 1
        resource += 1

    document = {
        "openapi": "3.1.0",
        "info": {"title": "GUI benchmark API", "version": "1.0.0",
                 "description": f"{args.endpoints} operations, {args.models} models (bench/gui)."},
        "servers": [{"url": "http://localhost:8000"}],
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                "Offset": {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
            },
            "responses": {
                "NotFound": {"description": "Not found", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"detail": {"type": "string"}}}}}},
                "Invalid": {"description": "Invalid input", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"detail": {"type": "array", "items": {"type": "object"}}}}}}},
            },
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "name": "X-API-Key", "in": "header"},
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            },
        },
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
