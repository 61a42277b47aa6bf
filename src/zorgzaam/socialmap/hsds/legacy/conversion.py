"""The whole conversion: every table in order, then every row through the 3.0 tabular reader."""

from __future__ import annotations

from .. import reader
from ..spec import TABLES
from .detection import detect
from .organizations import _OrganizationsMixin
from .places import _PlacesMixin


class _Converter(_OrganizationsMixin, _PlacesMixin):
    # tables
    def convert(self) -> reader.Dataset:
        self.read()
        if self.info.layout == "hsds-2":
            self.problem(
                str(self.info.directory),
                "an HSDS 2.0 data package: only HSDS 1.x, Open Referral UK v1 and HSDS 3.x "
                "are imported; convert it to HSDS 3.0 first",
            )
            return self.dataset
        self.organizations()
        self.programs()
        self.services()
        self.taxonomies()
        self.locations()
        self.simple()
        self.schedules()
        self.metadata()
        reviews = len(self.rows.get("review", ()))
        if reviews:
            self.warn(
                str(self.info.files["reviews.csv"]),
                f"{reviews} review(s) not imported: HSDS 3.0 has no reviews",
            )
        for what, count in sorted(self.filled.items()):
            self.warn(str(self.info.directory), f"{count} {what}")
        self.load()
        return self.dataset

    def load(self) -> None:
        """Every converted row through the 3.0 tabular reader; problems and rows name the
        legacy file and line."""
        dataset = self.dataset
        for table, where, row in self.out:
            filename = TABLES[table].csv
            before = len(dataset.problems)
            reader.read_tabular_json({filename: [row]}, where, dataset)
            prefix = f"{where}:/{filename}/0"
            for i in range(before, len(dataset.problems)):
                path, reason = dataset.problems[i]
                if path.startswith(prefix):
                    dataset.problems[i] = (where + path[len(prefix) :], reason)
            stored = dataset.rows[table].get(row.get("id", ""))
            if stored is not None and stored.path == prefix:
                stored.path = where


def convert(path, *, source: str | None = None, scope: str = "") -> reader.Dataset:
    """Read a legacy folder into an HSDS 3.0 ``reader.Dataset`` (rows, problems, warnings).

    ``source`` names the source (default: the data package's name, else the folder's name)
    and ``scope`` the place it is imported into (the municipality's code): together they fix
    the namespace of the converted ids, so the same source imported again gets the same ids.
    A path that is no legacy folder gives a data set with that one problem."""
    info = detect(path)
    if info is None:
        dataset = reader.Dataset()
        dataset.problems.append((str(path), "not an HSDS 1.x or Open Referral UK v1 folder"))
        return dataset
    return _Converter(info, source=source, scope=scope).convert()
