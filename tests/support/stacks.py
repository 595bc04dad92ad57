"""Real stacks the tests run against.  Locally a missing stack skips its tests; in CI
(``CI=true``) a missing stack fails them, never silently skips (docs/development.md)."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(what: str) -> None:
    message = f"{what} is not available"
    if in_ci():
        pytest.fail(f"{message}: CI needs every real stack (see .ci/run)", pytrace=False)
    pytest.skip(f"{message}; run ./scripts/test.sh to install it")
