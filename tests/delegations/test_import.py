"""Spreadsheet import: sniffing, encodings, mapping, per-row errors, all-or-nothing, duplicates, progress."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from delegations import importing
from delegations.models import Contact, ContactImport, Organization
from tests.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "Name,Native name,Organisation,E-mail,Phone,Country,Title,Tags\n"
    "Kim Min-jun,김민준,Seoul Digital Foundation,minjun@sdf.or.kr,+82 2 2133 1234,KR,Director,mou;award\n"
    "Amina Benali,أمينة بنعلي,Rabat Smart City,amina@rabat.ma,,MA,Head of Innovation,\n"
    "Noa Levi,נועה לוי,Tel Aviv Innovation,noa@tlv.il,,IL,,\n"
)


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _job(data: bytes, *, user=None, **changes) -> ContactImport:
    job = importing.create_job(user=user, filename="contacts.csv", data=data)
    for name, value in changes.items():
        setattr(job, name, value)
    job.save()
    return job


# --- Reading ------------------------------------------------------------------------------------


def test_read_sheet_utf8_bom_and_cp1252():
    text = "Name,Country\nJosé Müller,DE\n"
    for data, encoding in (
        (text.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig"),
        (text.encode("cp1252"), "cp1252"),
    ):
        sheet = importing.read_sheet(data)
        assert (sheet.encoding, sheet.headers, sheet.rows) == (encoding, ["Name", "Country"], [["José Müller", "DE"]])


def test_read_sheet_semicolon_csv_from_european_excel():
    sheet = importing.read_sheet(b"Name;E-mail\nAnna Schmidt;anna@example.de\n")
    assert sheet.rows == [["Anna Schmidt", "anna@example.de"]]


def test_read_sheet_xlsx_refuses_formulas_without_a_saved_result():
    # A file written by a program and never opened in a spreadsheet has no cached results: what
    # the person sees is unknown, so the file is refused naming the cell (nothing is evaluated).
    data = _xlsx([["Name", "Rank"], ["Sipho Ndlovu", 2], ["=1+1", "=A1"]])
    with pytest.raises(importing.ImportFileError, match="Cell A3 holds a formula"):
        importing.read_sheet(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "not a CSV or XLSX"),
        (b"PK\x03\x04garbage", "broken"),
        (b"Name\n", "no rows"),
        (b"x" * (importing.MAX_UPLOAD_BYTES + 1), "larger than"),
    ],
)
def test_read_sheet_refuses_unusable_files(data, message):
    with pytest.raises(importing.ImportFileError, match=message):
        importing.read_sheet(data)


def test_clean_cell_strips_control_and_bidi_characters():
    assert importing.clean_cell("\u202eevil\x00 name\u200b ") == "evil name"


def test_guess_mapping_from_english_and_chinese_headers():
    mapping = importing.guess_mapping(["Full Name", "E-mail", "機構", "電話", "Whatever", "國家"])
    assert mapping == {"0": "full_name", "1": "email", "2": "organization", "3": "phone", "4": "", "5": "country"}


# --- Checking -----------------------------------------------------------------------------------


def test_check_valid_file_counts_and_writes_nothing():
    job = importing.run_check(_job(GOOD_CSV.encode()))
    assert job.state == ContactImport.State.VALID
    assert (job.created_count, job.updated_count, job.organizations_created) == (3, 0, 3)
    assert not Contact.objects.exists() and not Organization.objects.exists()


def test_check_reports_each_bad_row_and_column():
    data = (
        b"Name,E-mail,Phone,Country\n"
        b"Good Person,good@example.org,,KR\n"
        b"Bad Mail,not-an-email,,KR\n"
        b",nobody@example.org,,KR\n"
        b"Bad Phone,,12345,ZZ\n"
    )
    job = importing.run_check(_job(data))
    assert job.state == ContactImport.State.INVALID
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {(3, "E-mail"), (4, "Name"), (5, "Phone"), (5, "Country")}


# --- Committing ---------------------------------------------------------------------------------


def test_commit_imports_contacts_and_organisations(office_user):
    job = importing.run_check(_job(GOOD_CSV.encode()))
    job = importing.run_commit(job, actor=office_user)
    assert job.state == ContactImport.State.DONE
    kim = Contact.objects.get(email="minjun@sdf.or.kr")
    assert (kim.native_name, str(kim.phone), kim.tags) == ("김민준", "+82221331234", ["mou", "award"])
    assert kim.organization.name == "Seoul Digital Foundation" and kim.organization.country.code == "KR"
    assert Contact.objects.get(email="amina@rabat.ma").native_name == "أمينة بنعلي"
    assert kim.events.get().pgh_context.metadata["user"] == office_user.pk


def test_commit_broken_row_imports_nothing(office_user):
    data = GOOD_CSV + "Broken Row,,,broken@,,KR,,\n"
    job = _job(data.encode(), state=ContactImport.State.VALID)
    job = importing.run_commit(job, actor=office_user)
    assert job.state == ContactImport.State.INVALID
    assert [e["row"] for e in job.errors] == [5]
    assert not Contact.objects.exists() and not Organization.objects.exists()


def test_commit_error_in_the_middle_rolls_back_everything(office_user, monkeypatch):
    from delegations import services

    calls = {"n": 0}
    real = services.organization_create

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(services, "organization_create", flaky)
    job = importing.run_check(_job((GOOD_CSV * 1).encode()))
    job = importing.run_commit(job, actor=office_user)
    assert calls["n"] == 3
    assert job.state == ContactImport.State.FAILED
    assert not Contact.objects.exists() and not Organization.objects.exists()


def test_commit_failure_after_a_flushed_chunk_rolls_back_everything(office_user, monkeypatch):
    from delegations import services

    lines = ["Name,E-mail,Country,Organisation"] + [f"P {i},p{i}@example.org,KR,Org" for i in range(600)]
    real = services.contact_bulk_create
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "contact_bulk_create", flaky)
    job = importing.run_check(_job(("\n".join(lines) + "\n").encode()))
    job = importing.run_commit(job, actor=office_user)
    assert calls["n"] == 3  # two chunks of 250 were written before the failure...
    assert job.state == ContactImport.State.FAILED
    assert not Contact.objects.exists()  # ...and rolled back with it


def test_commit_matches_duplicates_instead_of_recreating(office_user):
    org = OrganizationFactory(name="Seoul Digital Foundation", country="KR")
    existing = ContactFactory(
        organization=org, full_name="Kim Min-jun", email="MINJUN@sdf.or.kr", title="", tags=["old"]
    )
    by_name = ContactFactory(
        organization=OrganizationFactory(name="Rabat Smart City", country="MA"), full_name="amina benali", email=""
    )
    job = importing.run_check(_job(GOOD_CSV.encode()))
    assert (job.created_count, job.updated_count) == (1, 2)
    importing.run_commit(job, actor=office_user)
    assert Contact.objects.count() == 3
    existing.refresh_from_db()
    assert (existing.title, existing.tags) == ("Director", ["old", "mou", "award"])
    by_name.refresh_from_db()
    assert by_name.email == "amina@rabat.ma"
    assert Organization.objects.filter(name="Seoul Digital Foundation").count() == 1


def test_commit_skip_policy_leaves_existing_untouched(office_user):
    existing = ContactFactory(full_name="Kim", email="minjun@sdf.or.kr", title="Old title")
    job = importing.run_check(_job(GOOD_CSV.encode(), on_duplicate=ContactImport.OnDuplicate.SKIP))
    assert (job.created_count, job.skipped_count) == (2, 1)
    importing.run_commit(job, actor=office_user)
    existing.refresh_from_db()
    assert existing.title == "Old title"
    assert Contact.objects.count() == 3


def test_commit_same_person_twice_in_file_created_once(office_user):
    data = "Name,E-mail,Country,Organisation\nA Person,a@x.org,KR,Org\nA. Person,A@X.ORG,KR,Org\n"
    job = importing.run_check(_job(data.encode()))
    assert (job.created_count, job.updated_count) == (1, 1)
    importing.run_commit(job, actor=office_user)
    assert Contact.objects.get().full_name == "A. Person"


def test_commit_xlsx(office_user):
    data = _xlsx([["Full name", "Email", "Country", "Rank"], ["Sipho Ndlovu", "sipho@gov.za", "ZA", 2]])
    job = importing.run_check(_job(data))
    importing.run_commit(job, actor=office_user)
    assert Contact.objects.get().rank == 2


def test_formula_cells_are_stored_as_plain_text(office_user):
    data = "Name,Notes,Country\n=cmd|' /C calc'!A0,@SUM(1),KR\n"
    job = importing.run_check(_job(data.encode()))
    importing.run_commit(job, actor=office_user)
    contact = Contact.objects.get()
    assert (contact.full_name, contact.notes) == ("=cmd|' /C calc'!A0", "@SUM(1)")


# --- Pages --------------------------------------------------------------------------------------


def test_import_pages_upload_map_preview_commit(client, office_user):
    client.force_login(office_user)
    upload = SimpleUploadedFile("people.txt", GOOD_CSV.encode(), content_type="application/pdf")
    response = client.post(reverse("contact-import"), {"file": upload})
    job = ContactImport.objects.get()
    assert response["Location"] == reverse("contact-import-mapping", args=[job.pk])
    page = client.get(response["Location"])
    assert page.context["form"]["column_0"].initial == "full_name"
    mapping = {f"column_{i}": target for i, target in job.mapping.items()}
    response = client.post(
        reverse("contact-import-mapping", args=[job.pk]),
        {**mapping, "on_duplicate": "update", "new_organization_kind": "government"},
    )
    assert response["Location"] == reverse("contact-import-preview", args=[job.pk])
    preview = client.get(response["Location"])
    assert "Ready: 3 new contacts" in preview.content.decode()
    assert not Contact.objects.exists()
    client.post(reverse("contact-import-preview", args=[job.pk]))
    assert Contact.objects.count() == 3
    assert set(Organization.objects.values_list("kind", flat=True)) == {"government"}
    status = client.get(reverse("contact-import-status", args=[job.pk])).json()
    assert (status["state"], status["created"], status["finished"]) == ("done", 3, True)


def test_import_page_rejects_non_spreadsheet(client, office_user):
    client.force_login(office_user)
    upload = SimpleUploadedFile("contacts.csv", b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="text/csv")
    response = client.post(reverse("contact-import"), {"file": upload})
    assert response.status_code == 400
    assert "not a CSV or XLSX" in response.content.decode()
    assert not ContactImport.objects.exists()


def test_import_mapping_needs_a_name_column_and_no_doubles(client, office_user):
    client.force_login(office_user)
    job = _job(GOOD_CSV.encode())
    url = reverse("contact-import-mapping", args=[job.pk])
    response = client.post(
        url, {"column_0": "email", "column_3": "email", "on_duplicate": "update", "new_organization_kind": "company"}
    )
    errors = " ".join(response.context["form"].non_field_errors())
    assert "one column only" in errors
    response = client.post(url, {"column_3": "email", "on_duplicate": "update", "new_organization_kind": "company"})
    assert "full name" in " ".join(response.context["form"].non_field_errors())


def test_import_pages_forbidden_outside_office(client, plain_user, exhibitor_user_a):
    job = _job(GOOD_CSV.encode())
    urls = [
        reverse("contact-import-mapping", args=[job.pk]),
        reverse("contact-import-preview", args=[job.pk]),
        reverse("contact-import-status", args=[job.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    for user in (plain_user, exhibitor_user_a):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(urls[1]).status_code == 403


# --- Large files: the task, with progress -------------------------------------------------------


def _big_csv(rows: int) -> bytes:
    lines = ["Name,E-mail,Country,Organisation"]
    lines += [f"Person {i},person{i}@example.org,KR,Org {i % 50}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
@pytest.mark.django_db(transaction=True)
def test_large_import_runs_as_task_with_progress(client, office_user, monkeypatch):
    from delegations import tasks

    seen: list[int] = []
    real_writer = importing.ProgressWriter

    class Recording(real_writer):
        def __call__(self, processed: int) -> None:
            super().__call__(processed)
            # Read through another connection, as the polling page does.
            seen.append(ContactImport.objects.values_list("processed", flat=True).get(pk=self.job_id))

    monkeypatch.setattr(importing.jobs, "ProgressWriter", Recording)
    queued: list[tuple] = []
    monkeypatch.setattr(tasks.check_contact_import, "delay", lambda **kw: queued.append(("check", kw)))
    monkeypatch.setattr(tasks.run_contact_import, "delay", lambda **kw: queued.append(("run", kw)))
    client.force_login(office_user)
    client.post(reverse("contact-import"), {"file": SimpleUploadedFile("big.csv", _big_csv(1200))})
    job = ContactImport.objects.get()
    client.post(
        reverse("contact-import-mapping", args=[job.pk]),
        {
            "column_0": "full_name",
            "column_1": "email",
            "column_2": "country",
            "column_3": "organization",
            "on_duplicate": "update",
            "new_organization_kind": "company",
        },
    )
    assert queued == [("check", {"job_id": job.pk})]  # the request did not check 1,200 rows itself
    tasks.check_contact_import(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ContactImport.State.VALID
    client.post(reverse("contact-import-preview", args=[job.pk]))
    assert queued[-1] == ("run", {"job_id": job.pk, "actor_id": office_user.pk})
    assert client.get(reverse("contact-import-status", args=[job.pk])).json()["state"] == "queued"
    seen.clear()
    tasks.run_contact_import(job_id=job.pk, actor_id=office_user.pk)
    job.refresh_from_db()
    assert (job.state, job.created_count, job.processed) == ("done", 1200, 1200)
    assert seen == [250, 500, 750, 1000]  # visible from outside while the transaction was still open
    assert Contact.objects.count() == 1200


def test_run_task_skips_while_another_worker_holds_the_job(office_user):
    import psycopg2
    from django.db import connection

    from delegations import tasks

    job = importing.run_check(_job(GOOD_CSV.encode()))
    job.state = ContactImport.State.QUEUED
    job.save()
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [tasks.IMPORT_LOCK_NAMESPACE, job.pk])
        tasks.run_contact_import(job_id=job.pk, actor_id=office_user.pk)
        assert not Contact.objects.exists()
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [tasks.IMPORT_LOCK_NAMESPACE, job.pk])
    finally:
        other.close()
    tasks.run_contact_import(job_id=job.pk, actor_id=office_user.pk)
    job.refresh_from_db()
    assert job.errors == []
    assert Contact.objects.count() == 3
    job.refresh_from_db()
    assert job.state == ContactImport.State.DONE
    tasks.run_contact_import(job_id=job.pk, actor_id=office_user.pk)  # a late redelivery does nothing
    assert Contact.objects.count() == 3


def test_commit_reads_national_phone_numbers_with_the_rows_country(office_user):
    data = (
        b"Name,E-mail,Phone,Country\n"
        b"Kim Min-jun,minjun@sdf.or.kr,02 2133 1234,KR\n"
        b"Park Ji-woo,jiwoo@busanit.or.kr,010-1234-5678,KR\n"
    )
    job = importing.run_check(_job(data))
    assert job.state == ContactImport.State.VALID, job.errors
    importing.run_commit(job, actor=office_user)
    phones = dict(Contact.objects.values_list("email", "phone"))
    assert {email: str(phone) for email, phone in phones.items()} == {
        "minjun@sdf.or.kr": "+82221331234",
        "jiwoo@busanit.or.kr": "+821012345678",
    }
