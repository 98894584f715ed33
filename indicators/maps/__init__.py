"""Boundaries of regions for the maps: read, checked, simplified and kept by year."""
