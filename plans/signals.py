"""Signals of the plans app.

``plans_edited``: a saved back-office edit changed what every period of some plans shows (a
plan's traffic-light thresholds, which the roll-up stores with each status, or a name or weight
the progress tiles label and weigh with). Sent once the admin has saved the object and its
inlines, with ``plan_ids``. The roll-up app receives it and recomputes those plans after the
commit; plans never imports the apps above it.
"""

from django.dispatch import Signal

plans_edited = Signal()
