"""Pages of the pavilion side: ``home`` (public pavilion, exhibitor landing and switching),
``profile`` (booth-profile editing and review), ``team`` (team and invitations), ``leads`` (booth
leads) and ``office`` (the office's pavilion view and brochure)."""
