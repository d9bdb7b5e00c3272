"""The editor's corrections (``corrections.yaml`` beside ``book.yaml``), read by every build.

- :mod:`.decisions` — the normaliser's overturnable decisions, their stable ids and the rulings;
- :mod:`.config` — reading and checking ``corrections.yaml`` (``decisions`` and ``edits``);
- :mod:`.edits` — the text corrections applied to the recovered chapters;
- :mod:`.store` — writing the file back (the review application), keeping comments and order.
"""
