"""Small tools several domain packages share: a Decimal as people write it, a preview
that runs the real write and rolls it back, and writes in batches that stop at the
first refusal. No models, no rights, nothing of the catalogue or the figures."""
