"""Device inventory audit: the rip-and-replace plan (roles, deadlines per jurisdiction, work orders)
and its self-contained HTML report. The evidence it plans from (model-number patterns, label/identifier
conflicts) is the matcher's: ``matching/patterns.py`` and ``matching/conflicts.py``."""
