"""Signals the registry sends so that every app acts on its own tables (DESIGN.md, extension points).

- `person_erased(person_id)`: sent inside the erasure transaction; anonymise your rows about the person
  (keep totals and ledgers balanced).
- `persons_merged(survivor_id, merged_id)`: sent inside the merge transaction; point your rows at the survivor.
- `persons_unmerged(survivor_id, merged_id)`: sent when an officer undoes a merge.
"""

import django.dispatch

person_erased = django.dispatch.Signal()
persons_merged = django.dispatch.Signal()
persons_unmerged = django.dispatch.Signal()
