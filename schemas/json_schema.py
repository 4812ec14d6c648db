"""JSON Schema of the records, generated from the pydantic models (the one definition).

Other tools (jsonschema validators, code generators, a form over the ledger) read the
contract from this instead of SPEC prose; each field's `description` is its meaning there.
"""
from __future__ import annotations

from typing import Annotated, Union

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def record_types() -> list[str]:
    """The record types, in the order records are written."""
    from taizhang.schemas.records import RECORD_MODELS

    return list(RECORD_MODELS)


def record_schema(kind: str | None = None) -> dict:
    """The schema of one record type, or of any record (one of them, told apart by `type`)."""
    from pydantic import Field, TypeAdapter

    from taizhang.schemas.records import RECORD_MODELS

    if kind is not None:
        if kind not in RECORD_MODELS:
            raise KeyError(kind)
        schema = RECORD_MODELS[kind].model_json_schema()
    else:
        models = tuple(RECORD_MODELS.values())
        schema = TypeAdapter(Annotated[Union[models], Field(discriminator="type")]).json_schema()
        schema["title"] = "taizhang record"
        schema["description"] = ("One line of a taizhang .jsonl output: a document, section, issue, "
                                 "deadline, figure or unit record, told apart by its `type`.")
    for model in [schema, *schema.get("$defs", {}).values()]:
        _require_type(model)
    return {"$schema": DIALECT, **schema}


def _require_type(model: dict) -> None:
    """Every record line carries its `type` (SPEC: `type` first), though the model defaults it."""
    if "const" in model.get("properties", {}).get("type", {}):
        required = model.setdefault("required", [])
        if "type" not in required:
            required.insert(0, "type")
