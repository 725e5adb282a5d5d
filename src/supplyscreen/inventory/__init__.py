"""Device inventory audit: model-number evidence, identifier conflicts, roles and deadlines, and the
rip-and-replace plan with its HTML report and per-site work orders."""
