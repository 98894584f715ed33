"""The annual assessment of towns (考核): schemes, the scoring engine, publication."""
