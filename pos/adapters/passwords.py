"""Password hashing: argon2id (the PasswordHasher port)."""

from __future__ import annotations

from argon2 import DEFAULT_MEMORY_COST, DEFAULT_PARALLELISM, DEFAULT_TIME_COST
from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Passwords:
    """argon2id with argon2-cffi's recommended parameters (RFC 9106, low-memory profile)."""

    def __init__(self, *, time_cost: int = DEFAULT_TIME_COST,
                 memory_cost: int = DEFAULT_MEMORY_COST,
                 parallelism: int = DEFAULT_PARALLELISM) -> None:
        self._argon2 = Argon2(time_cost=time_cost, memory_cost=memory_cost,
                              parallelism=parallelism)

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
