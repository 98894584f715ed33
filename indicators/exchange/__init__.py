"""Standard statistical exchange: SDMX and ADX, out and in (issue 23).

Reads follow the same visibility rules as every other read; writes go through
:func:`indicators.figures.figures_import`, the one write path.
"""
