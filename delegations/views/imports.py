"""Import pages: upload → column mapping → preview with per-row errors → commit (all or nothing).

Small files are checked and imported within the request; larger ones (``BACKGROUND_ROWS``) run as
Celery tasks, and the page polls ``contact-import-status`` for progress.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import actor_of
from common.permissions import office_required
from delegations import importing, tasks
from delegations.models import ContactImport, Organization

PREVIEW_ROWS = 20


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy("First row: column names. At most 5 MB and 20,000 rows."),
    )


class MappingForm(forms.Form):
    on_duplicate = forms.ChoiceField(
        label=gettext_lazy(
            "When a row matches an existing contact (same e-mail, or same name at the same organisation)"
        ),
        choices=ContactImport.OnDuplicate.choices,
        widget=forms.RadioSelect,
    )
    new_organization_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of organisations the file adds (unless a column says)"),
        choices=Organization.Kind.choices,
    )

    def __init__(self, *args, job: ContactImport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.job = job
        samples = importing.job_rows(job)[:3]
        self.columns = []
        for index, header in enumerate(job.headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or _("Column %(n)d") % {"n": index + 1},
                choices=list(importing.TARGETS.items()),
                required=False,
                initial=job.mapping.get(str(index), ""),
            )
            self.columns.append(
                {"field": name, "header": header, "samples": [row[index] for row in samples if index < len(row)]}
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [data.get(f"column_{i}") for i in range(len(self.job.headers))]
        used = [target for target in chosen if target]
        doubled = sorted({str(importing.TARGETS[t]) for t in used if used.count(t) > 1})
        if doubled:
            raise forms.ValidationError(
                _("Each field can come from one column only: %(fields)s.") % {"fields": ", ".join(doubled)}
            )
        if "full_name" not in used:
            raise forms.ValidationError(_("Choose the column that holds the full name."))
        return data

    def mapping(self) -> dict[str, str]:
        return {str(i): self.cleaned_data.get(f"column_{i}") or "" for i in range(len(self.job.headers))}


def _job_or_404(request: HttpRequest, pk: int) -> ContactImport:
    return get_object_or_404(ContactImport.objects.defer("content"), pk=pk)


@office_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importing.MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 5 MB; split it."))
        else:
            try:
                job = importing.create_job(user=request.user, filename=upload.name, data=upload.read())
            except importing.ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("contact-import-mapping", pk=job.pk)
    recent = ContactImport.objects.defer("content").select_related("created_by")[:10]
    status = 400 if request.method == "POST" else 200  # a POST that reaches here was refused
    return render(request, "delegations/import_upload.html", {"form": form, "recent": recent}, status=status)


@office_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ContactImport, pk=pk)
    if job.state in (ContactImport.State.QUEUED, ContactImport.State.RUNNING, ContactImport.State.DONE):
        return redirect("contact-import-preview", pk=job.pk)
    form = MappingForm(
        request.POST or None,
        job=job,
        initial={"on_duplicate": job.on_duplicate, "new_organization_kind": job.new_organization_kind},
    )
    if request.method == "POST" and form.is_valid():
        job.mapping = form.mapping()
        job.on_duplicate = form.cleaned_data["on_duplicate"]
        job.new_organization_kind = form.cleaned_data["new_organization_kind"]
        job.state = ContactImport.State.MAPPED
        job.errors, job.error_count, job.processed = [], 0, 0
        job.save()
        if job.total > importing.BACKGROUND_ROWS:
            ContactImport.objects.filter(pk=job.pk).update(state=ContactImport.State.VALIDATING)
            transaction.on_commit(lambda: tasks.check_contact_import.delay(job_id=job.pk))
        else:
            importing.run_check(job)
        return redirect("contact-import-preview", pk=job.pk)
    return render(request, "delegations/import_mapping.html", {"form": form, "job": job})


@office_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ContactImport, pk=pk)
    if request.method == "POST":
        if job.state != ContactImport.State.VALID:
            messages.error(request, _("This file cannot be imported in its current state."))
            return redirect("contact-import-preview", pk=job.pk)
        if job.total > importing.BACKGROUND_ROWS:
            job.state = ContactImport.State.QUEUED
            job.processed = 0
            job.save(update_fields=["state", "processed"])
            actor_id = request.user.pk
            transaction.on_commit(lambda: tasks.run_contact_import.delay(job_id=job.pk, actor_id=actor_id))
        else:
            importing.run_commit(job, actor=actor_of(request))
            if job.state == ContactImport.State.DONE:
                messages.success(request, _("Import finished."))
            else:
                messages.error(request, _("Nothing was imported."))
        return redirect("contact-import-preview", pk=job.pk)
    preview = []
    if job.state in (ContactImport.State.VALID, ContactImport.State.INVALID):
        rows = importing.job_rows(job)
        errors_by_row: dict[int, list[dict]] = {}
        for error in job.errors:
            errors_by_row.setdefault(error.get("row") or 0, []).append(error)
        mapped_columns = [(int(i), t) for i, t in job.mapping.items() if t]
        headers = [str(importing.TARGETS[t]) for _i, t in mapped_columns]
        shown = list(range(min(PREVIEW_ROWS, len(rows))))
        # Rows in error are always shown, even past the first few.
        shown += [n - 2 for n in sorted(errors_by_row) if n and n - 2 >= PREVIEW_ROWS][:50]
        for offset in shown:
            row = rows[offset]
            preview.append(
                {
                    "number": offset + 2,
                    "cells": [row[i] if i < len(row) else "" for i, _t in mapped_columns],
                    "errors": errors_by_row.get(offset + 2, []),
                }
            )
    else:
        headers = []
    return render(
        request,
        "delegations/import_preview.html",
        {
            "job": job,
            "headers": headers,
            "preview": preview,
            "working": job.state
            in (ContactImport.State.VALIDATING, ContactImport.State.QUEUED, ContactImport.State.RUNNING),
            "status_url": reverse("contact-import-status", args=[job.pk]),
        },
    )


@office_required
@require_safe
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job_or_404(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "processed": job.processed,
            "total": job.total,
            "created": job.created_count,
            "updated": job.updated_count,
            "skipped": job.skipped_count,
            "error_count": job.error_count,
            "finished": job.state
            not in (ContactImport.State.VALIDATING, ContactImport.State.QUEUED, ContactImport.State.RUNNING),
        }
    )
