"""Reference data the rules and the plan share: countries and device classes.

- :mod:`~supplyscreen.reference.countries`: a country of production as written in a user's file
  ("U.S.A.", "米国", "Made in Japan", "原産国: 中国", "Taiwan, Province of China") read to ISO 3166
  codes, from a table built out of rigour's territory data and the Unicode CLDR's territory names
  in every locale (``python -m supplyscreen.reference.build``); a value it cannot read is kept,
  quoted, never guessed.
- :mod:`~supplyscreen.reference.devices`: one device classifier (``data/device-classes.yaml``)
  that both the policy packs' ``category`` condition and the rip-and-replace plan read, so a
  device has one class everywhere.

Nothing here imports the rest of the package: it sits just above the values.
"""
