"""Serve plotly.min.js from the installed plotly package, as a static file of our own.

Government intranets often have no internet, so no CDN. Copying the 4.8 MB file into
the repository would let it drift from the pinned plotly; a STATICFILES_DIRS entry
on plotly's package_data would also publish its datasets. This finder exposes that
one file as ``vendor/plotly/plotly.min.js``, for runserver, WhiteNoise and collectstatic.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PACKAGE_DATA = Path(plotly.__file__).parent / "package_data"
FILE_NAME = "plotly.min.js"
PREFIX = "vendor/plotly"
URL_PATH = f"{PREFIX}/{FILE_NAME}"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=PACKAGE_DATA)
        self.storage.prefix = PREFIX  # collectstatic puts the file under this path

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)  # "all" before Django 6.1
        if path != URL_PATH:
            return [] if find_all else None
        found = str(PACKAGE_DATA / FILE_NAME)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield FILE_NAME, self.storage
