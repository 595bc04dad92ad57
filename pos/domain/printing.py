"""The print queue's rules: every document is printed at least once, and a copy that may be a
second one says so (补打).

A job is **queued** until it is sent; **sending** while the bytes go out (committed before the
first byte leaves, so a process killed mid-job leaves a trace); **printed** when the printer
took all of it.  A failed send puts it back to queued — marked *uncertain* when any byte may
have reached the paper — and an uncertain job is printed again only as a reprint with its count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pos.domain.errors import Refused
from pos.domain.messages import N_, Message

SENDING_LEASE_SECONDS = 120


class JobState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    PRINTED = "printed"

    @property
    def label(self) -> Message:
        return Message(_JOB_STATE_LABELS[self])


_JOB_STATE_LABELS = {
    JobState.QUEUED: N_("waiting"),
    JobState.SENDING: N_("printing"),
    JobState.PRINTED: N_("printed"),
}


_ALLOWED = {
    JobState.QUEUED: {JobState.SENDING},
    JobState.SENDING: {JobState.PRINTED, JobState.QUEUED},
    JobState.PRINTED: set(),
}


def advance_job(current: JobState, target: JobState, job_id: int) -> None:
    if target not in _ALLOWED[current]:
        raise Refused("print.job_state",
                      N_("Print job {job_id} is {current} and cannot become {target}."),
                      job_id=job_id, current=current.label, target=target.label)


@dataclass(frozen=True)
class PrintJob:
    id: int
    counter_no: str
    kind: str  # sale_receipt, void_slip, card_slip, first_use, test_page
    document: str  # the document as JSON (receipts.document.Document.to_json)
    state: JobState
    created_at: datetime
    order_no: str | None = None  # the sale it belongs to
    attempts: int = 0
    reprint_no: int = 0  # 0 for an original; n for the n-th 补打 of that document
    uncertain: bool = False  # an earlier attempt may have reached the paper
    printed_at: datetime | None = None
    last_error: str | None = None
    claimed_at: datetime | None = None  # when its sending began

    def abandoned(self, now: datetime) -> bool:
        """Left sending by a process that died (no send takes this long)."""
        return (self.state is JobState.SENDING and self.claimed_at is not None
                and (now - self.claimed_at).total_seconds() > SENDING_LEASE_SECONDS)

    @property
    def must_print_as_copy(self) -> bool:
        """Printing it now might make a second original: it goes out marked 补打."""
        return self.reprint_no > 0 or self.uncertain or self.state is JobState.SENDING
