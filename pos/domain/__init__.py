"""The rules of selling prepaid gas, in pure Python (standard library only).

Nothing here knows a screen, a database or a device: money and volume, tariffs and tier
pricing, accounts, meters and cards, staff roles, the sale and business-day state machines,
and the journal's hash chain.
"""
