"""Derived search tables, rebuilt from the HSDS rows by ``search.service_reindex()``.

``OpeningSlot`` turns RFC 5545-style weekly schedules into (weekday, opens, closes) minute
ranges so "open on Tuesday at 10:00" is an indexed range lookup. The full-text index lives in
a database-specific table made by migration 0002 (FTS5 on SQLite, tsvector on PostgreSQL).
"""

from __future__ import annotations

from django.db import models

from .hsds import Service


class OpeningSlot(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="opening_slots")
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday ... 6 = Sunday
    opens = models.PositiveSmallIntegerField()  # minutes after midnight
    closes = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["weekday", "opens", "closes", "service"]),
            models.Index(fields=["service", "weekday", "opens", "closes"]),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens}-{self.closes}"
