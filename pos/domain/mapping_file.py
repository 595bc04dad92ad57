"""A saved column mapping as a person hands it in: a UTF-8 JSON object (statement layouts,
docs/reconciliation.md; a previous system's household export, docs/going-live.md)."""

from __future__ import annotations

import json
from typing import Any

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.reasons import reason_of


def mapping_document(definition: bytes) -> dict[str, Any]:
    """The mapping's JSON object, or ``mapping.json`` saying why it is not one."""
    try:
        document = json.loads(definition.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadInput("mapping.json", N_("The mapping is not UTF-8 JSON: {why}"),
                       why=reason_of(error)) from None
    if not isinstance(document, dict):
        raise BadInput("mapping.json", N_("The mapping is not UTF-8 JSON: {why}"),
                       why=Message(N_("its contents are not in the expected form")))
    return document
