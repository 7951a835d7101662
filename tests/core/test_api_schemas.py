"""The OpenAPI document names each schema once: django-ninja files two classes of one name under a
single component, so one route would be documented with another app's schema."""

from __future__ import annotations

import importlib
from collections import defaultdict

from django.apps import apps
from ninja import Schema


def test_no_two_api_schemas_share_a_name():
    owners: dict[str, set[str]] = defaultdict(set)
    for config in apps.get_app_configs():
        if not config.name.startswith("korpu."):
            continue
        for module_name in ("api", "schemas"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, Schema) and value.__module__.startswith("korpu."):
                    owners[value.__name__].add(value.__module__)
    clashes = {name: sorted(mods) for name, mods in owners.items() if len(mods) > 1}
    assert not clashes, f"schema names used by several modules: {clashes}"


def test_the_openapi_document_builds_and_lists_every_app(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    tags = {tag for operations in schema["paths"].values() for op in operations.values() for tag in op.get("tags", [])}
    assert {"accounts", "audit"} <= tags
    assert len(schema["paths"]) > 20


def test_the_openapi_document_has_no_duplicated_keys(client, db):
    import json

    def refuse_duplicates(pairs):
        keys = [k for k, _v in pairs]
        assert len(keys) == len(set(keys)), f"duplicated keys: {sorted(k for k in keys if keys.count(k) > 1)}"
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=refuse_duplicates)
