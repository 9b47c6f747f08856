"""Strict FollowTheMoney validation of an NDJSON file: exit 1 naming every invalid line."""
import json
import re
import sys

try:
    from followthemoney import model
except ImportError:
    sys.exit("the followthemoney Python package is missing: run the tests through npm test, which installs it into .venv/")

ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")


def problems(data):
    schema = model.get(data.get("schema"))
    if schema is None or schema.abstract:
        yield f"schema {data.get('schema')!r} is not a concrete FtM schema"
        return
    if not isinstance(data.get("id"), str) or not ID.match(data["id"]) or len(data["id"]) > 200:
        yield f"id {data.get('id')!r} is not a valid FtM id"
    properties = data.get("properties", {})
    for name in schema.required:
        if not properties.get(name):
            yield f"required property {name!r} is missing"
    for name, values in properties.items():
        prop = schema.get(name)
        if prop is None:
            yield f"{name!r} is not a property of {schema.name}"
            continue
        for value in values:
            if prop.type.name == "entity":
                if not ID.match(value):
                    yield f"{name}: {value!r} is not a valid entity reference"
            elif prop.type.clean(value) is None:
                yield f"{name}: {value!r} is not a valid {prop.type.name}"
    try:
        schema.validate(data)
    except Exception as error:  # FtM raises InvalidData with the details
        yield f"{error}"


def main(path):
    bad = 0
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            for problem in problems(json.loads(line)):
                bad += 1
                print(f"line {number}: {problem}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1])
