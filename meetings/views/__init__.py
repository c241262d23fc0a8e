"""Pages of the schedule: ``meetings``, ``slots`` (speaking slots), ``duty`` (booth shifts),
``follow_ups``, ``agendas`` (agendas and calendar feeds) and ``base`` (what they share)."""
