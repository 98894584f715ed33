"""What the in-process benchmarks share: a throwaway database and a county to fill.

Imported after django.setup(); never touches the development database.
"""

import tempfile
from contextlib import contextmanager

from django.db import connection
from django.test.utils import setup_test_environment


@contextmanager
def throwaway_database():
    """A test database: an SQLite file in a temporary folder, or test_<name> on PostgreSQL."""
    setup_test_environment()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"{tempfile.mkdtemp()}/bench.sqlite3"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def benchmark_county(towns: int):
    """The catalogue, a county of ``towns`` towns under code 7777, and an administrator."""
    from django.contrib.auth.models import User

    from indicators.catalogue import load_catalogue
    from indicators.models import Level, Profile, Region, Role

    load_catalogue()
    county = Region.objects.create(code="777701000000", name="基准县", level=Level.COUNTY)
    created = Region.objects.bulk_create(
        Region(code=f"777701{100 + n:03d}000", name=f"基准{n}镇", level=Level.TOWN, parent=county)
        for n in range(towns)
    )
    admin = User.objects.create_user("bench-admin", is_staff=True)
    Profile.objects.create(user=admin, role=Role.ADMIN)
    return county, created, admin
