"""Likely duplicate contacts, found by PostgreSQL in one query.

Two contacts are flagged when they share an e-mail address (case-insensitive), or when their
names are similar (pg_trgm, accents ignored) and they belong to the same organisation. Pairs
are listed once (lower id first) with the reason and a similarity score.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from delegations.models import Contact

NAME_SIMILARITY = 0.5

_SQL = """
WITH by_email AS (
    -- Grouping (hash aggregate, byte-order collation) instead of a self-join over text.
    SELECT a.id AS first_id, b.id AS second_id, 'email' AS reason, 1.0::real AS score
    FROM (
        SELECT array_agg(id ORDER BY id) AS ids
        FROM delegations_contact
        WHERE email <> ''
        GROUP BY lower(email) COLLATE "C"
        HAVING count(*) > 1
    ) shared
    CROSS JOIN LATERAL unnest(shared.ids) AS a(id)
    CROSS JOIN LATERAL unnest(shared.ids) AS b(id)
    WHERE a.id < b.id
),
named AS MATERIALIZED (
    -- Names normalised once per contact, only where the organisation has several people.
    SELECT id, organization_id, portal_unaccent(lower(full_name)) AS name
    FROM delegations_contact
    WHERE organization_id IN (
        SELECT organization_id FROM delegations_contact
        WHERE organization_id IS NOT NULL
        GROUP BY organization_id HAVING count(*) > 1
    )
),
by_name AS (
    SELECT a.id AS first_id, b.id AS second_id, 'name' AS reason, similarity(a.name, b.name) AS score
    FROM named a
    JOIN named b ON a.organization_id = b.organization_id AND a.id < b.id
    WHERE similarity(a.name, b.name) >= %(threshold)s
),
pairs AS (
    SELECT first_id, second_id, string_agg(reason, ',' ORDER BY reason) AS reasons, max(score) AS score
    FROM (SELECT * FROM by_email UNION ALL SELECT * FROM by_name) found
    GROUP BY first_id, second_id
)
SELECT first_id, second_id, reasons, score, count(*) OVER () AS total
FROM pairs
ORDER BY score DESC, first_id, second_id
LIMIT %(limit)s OFFSET %(offset)s
"""


@dataclass
class DuplicatePair:
    first: Contact
    second: Contact
    reasons: list[str]
    score: float


def likely_duplicates(*, limit: int = 50, offset: int = 0) -> tuple[list[DuplicatePair], int]:
    """One page of likely duplicate pairs (best first) and the total number of pairs."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"threshold": NAME_SIMILARITY, "limit": limit, "offset": offset})
        rows = cursor.fetchall()
    if not rows:
        return [], 0
    ids = {row[0] for row in rows} | {row[1] for row in rows}
    contacts = Contact.objects.select_related("organization").in_bulk(ids)
    pairs = [
        DuplicatePair(first=contacts[a], second=contacts[b], reasons=reasons.split(","), score=float(score))
        for a, b, reasons, score, _total in rows
        if a in contacts and b in contacts
    ]
    return pairs, int(rows[0][4])


def duplicates_of(contact: Contact) -> list[Contact]:
    """Contacts that look like the same person as ``contact`` (for the detail page and import)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id FROM delegations_contact
            WHERE id <> %(id)s AND (
                (%(email)s <> '' AND lower(email) = lower(%(email)s))
                OR (organization_id = %(org)s
                    AND similarity(portal_unaccent(lower(full_name)), portal_unaccent(lower(%(name)s)))
                        >= %(threshold)s)
            )
            ORDER BY id LIMIT 20
            """,
            {
                "id": contact.pk,
                "email": contact.email or "",
                "org": contact.organization_id,
                "name": contact.full_name,
                "threshold": NAME_SIMILARITY,
            },
        )
        ids = [row[0] for row in cursor.fetchall()]
    return list(Contact.objects.select_related("organization").filter(pk__in=ids).order_by("id"))
