"""Writes src/model/ftm-model.json and src/model/ftm-topics.json: the parts of the FollowTheMoney model the importer and the
exporter read (schemata with their own properties, parents, edges and required properties;
the controlled vocabularies of countries, genders and languages; FtM's topics with their labels).

Run with the tests' Python (.venv, which `npm test` provisions):
    .venv/bin/python scripts/ftm-model.py
The file is committed with the followthemoney version that made it; regenerate it when the
pin in test/support/python-requirements.txt moves.
"""

import json
import pathlib

import followthemoney
from followthemoney import model
from followthemoney.types import registry

MODEL_DIR = pathlib.Path(__file__).resolve().parent.parent / "src" / "model"
OUT = MODEL_DIR / "ftm-model.json"
# Small and browser-safe: the explorer's topic filter reads it through src/model/vocabulary.ts.
TOPICS_OUT = MODEL_DIR / "ftm-topics.json"


def own_properties(schema):
    props = {}
    for name, prop in sorted(schema.properties.items()):
        if prop.schema is not schema:
            continue  # inherited: the TypeScript side walks `extends`
        entry = {"type": prop.type.name}
        if prop.range is not None:
            entry["range"] = prop.range.name
        if prop.stub:
            entry["stub"] = True
        props[name] = entry
    return props


def schema_entry(schema):
    entry = {"extends": sorted(parent.name for parent in schema.extends)}
    if schema.abstract:
        entry["abstract"] = True
    if schema.edge:
        entry["edge"] = {"source": schema.edge_source, "target": schema.edge_target}
    if schema.required:
        entry["required"] = sorted(schema.required)
    if schema.caption:
        entry["caption"] = list(schema.caption)  # with inherited ones, in FtM's order of preference
    entry["properties"] = own_properties(schema)
    return entry


def main():
    document = {
        "version": followthemoney.__version__,
        "schemata": {name: schema_entry(model.get(name)) for name in sorted(model.schemata)},
        "vocabularies": {
            "country": sorted(registry.country.names),
            "gender": sorted(registry.gender.names),
            "language": sorted(registry.language.names),
        },
    }
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    topics = {
        "version": followthemoney.__version__,
        "topics": [{"code": code, "label": str(label)} for code, label in sorted(registry.topic.names.items())],
    }
    TOPICS_OUT.write_text(json.dumps(topics, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} (followthemoney {document['version']}, {len(document['schemata'])} schemata)")


if __name__ == "__main__":
    main()
