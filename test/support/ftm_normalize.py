"""Prints each line of an FtM NDJSON file as followthemoney normalises it: {"id", "schema", "properties"}."""
import json
import sys

from followthemoney import model

with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        if line.strip():
            proxy = model.get_proxy(json.loads(line), cleaned=False)
            data = proxy.to_dict()
            print(json.dumps({"id": data["id"], "schema": data["schema"], "properties": data["properties"]}))
