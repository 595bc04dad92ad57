"""The utility's records: organisation, staff, households and their meters, tariffs, and the
history brought in from an earlier system."""
