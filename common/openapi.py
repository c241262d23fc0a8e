"""OpenAPI (drf-spectacular) helpers shared by the apps' API packages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension


def optional_in_schema(serializer: str, fields: frozenset[str] | tuple[str, ...], *, name: str) -> type:
    """Declare ``fields`` of ``serializer`` (a dotted path) as not always present in answers.

    drf-spectacular marks every read-only field as required; fields that only some callers
    receive (the office's notes, the matched contact) must say so in the schema.
    """

    def map_serializer(self: OpenApiSerializerExtension, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        required = [field for field in schema.get("required", []) if field not in fields]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        return schema

    return type(name, (OpenApiSerializerExtension,), {"target_class": serializer, "map_serializer": map_serializer})
