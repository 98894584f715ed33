"""SDMX 2.1 for the product's figures: structures, data out, data in (issue 23).

``model`` names the artefacts, ``structure`` writes them from the catalogue,
``query`` turns a REST data query into a queryset of visible figures, ``writers``
stream that queryset as SDMX-ML, SDMX-JSON or SDMX-CSV, and ``readers`` and
``importing`` read a data message back into the one write path.
"""
