"""Likely duplicate contacts, found by PostgreSQL in one query.

Two contacts are flagged when they share an e-mail address (case-insensitive), or when their
names are similar (pg_trgm, accents ignored) and they belong to the same organisation. Pairs
are listed once (lower id first) with the reason and a similarity score.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from delegations.models import Contact, DuplicateScan

NAME_SIMILARITY = 0.5
MAX_PAIRS = 10_000

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
SELECT first_id, second_id, reasons, score
FROM pairs
ORDER BY score DESC, first_id, second_id
LIMIT %(cap)s
"""


@dataclass
class DuplicatePair:
    first: Contact
    second: Contact
    reasons: list[str]
    score: float


def _book_version() -> str:
    """Changes whenever a contact is added, changed or removed (one cheap aggregate)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(updated_at), max(id) FROM delegations_contact")
        count, updated, last_id = cursor.fetchone()
    return f"{count}:{updated.isoformat() if updated else ''}:{last_id}"


def all_pairs() -> list[tuple[int, int, str, float]]:
    """Every likely pair (capped), best first; recomputed only when the contact book changed.

    The comparison is quadratic within each organisation, so on a large book it takes seconds;
    the result is kept in ``DuplicateScan`` (in the database, so every web process shares it).
    """
    version = _book_version()
    scan = DuplicateScan.objects.filter(book_version=version).first()
    if scan is not None:
        return [tuple(row) for row in scan.pairs]
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"threshold": NAME_SIMILARITY, "cap": MAX_PAIRS})
        pairs = [(a, b, reasons, float(score)) for a, b, reasons, score in cursor.fetchall()]
    with transaction.atomic():
        DuplicateScan.objects.exclude(book_version=version).delete()
        DuplicateScan.objects.get_or_create(book_version=version, defaults={"pairs": pairs})
    return pairs


def likely_duplicates(*, limit: int = 50, offset: int = 0) -> tuple[list[DuplicatePair], int]:
    """One page of likely duplicate pairs (best first) and the total number of pairs."""
    pairs = all_pairs()
    window = pairs[offset : offset + limit]
    if not window:
        return [], len(pairs)
    ids = {row[0] for row in window} | {row[1] for row in window}
    contacts = Contact.objects.select_related("organization").in_bulk(ids)
    found = [
        DuplicatePair(first=contacts[a], second=contacts[b], reasons=reasons.split(","), score=score)
        for a, b, reasons, score in window
        if a in contacts and b in contacts
    ]
    return found, len(pairs)


def duplicates_of(contact: Contact) -> list[Contact]:
    """Contacts that look like the same person as ``contact`` (for the detail page and import)."""
    # Two index-friendly halves (trigram index on e-mail, foreign-key index on organisation).
    email = (contact.email or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id FROM delegations_contact
            WHERE %(email)s <> '' AND email ILIKE %(email)s AND id <> %(id)s
            UNION
            SELECT id FROM delegations_contact
            WHERE organization_id = %(org)s AND id <> %(id)s
              AND similarity(portal_unaccent(lower(full_name)), portal_unaccent(lower(%(name)s))) >= %(threshold)s
            ORDER BY id LIMIT 20
            """,
            {
                "id": contact.pk,
                "email": email,
                "org": contact.organization_id,
                "name": contact.full_name,
                "threshold": NAME_SIMILARITY,
            },
        )
        ids = [row[0] for row in cursor.fetchall()]
    return list(Contact.objects.select_related("organization").filter(pk__in=ids).order_by("id"))
