"""The administrator's screens for the household records: bringing a previous system's
households in (docs/going-live.md)."""
