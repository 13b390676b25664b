"""Recovery over time (issue 16): repair durations, crews and schedules, and the service they restore by day."""

from teplovoda.models.recovery.durations import default_duration, repair_table
from teplovoda.models.recovery.schedule import CrewPool, Repair, Schedule, list_schedule, optimal, schedules

__all__ = ["default_duration", "repair_table", "CrewPool", "Repair", "Schedule", "list_schedule", "optimal", "schedules"]
