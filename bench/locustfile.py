"""Load scenario: the portal's three user groups at once (run by ``bench/load.py``, never by pytest).

- office staff click through the dashboard, agenda, contact book (list, search, a contact) and
  meetings;
- exhibitor users open their booth profile, save it (with its version) and log booth leads;
- integrators pull the whole contact list with a key, following ``next`` to the end.

The portal's cookies are ``Secure`` (it expects TLS in front); this scenario talks plain HTTP to
gunicorn, so it hands the session and CSRF cookies back itself, as the TLS proxy's client would.
"""

from __future__ import annotations

import os
import random
import re
from urllib.parse import urlsplit

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "expo-demo-2027")
API_KEY = os.environ.get("LOAD_API_KEY", "")
EXHIBITORS = [name for name in os.environ.get("LOAD_EXHIBITORS", "carelink,cleancycle,musetech").split(",") if name]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedIn(HttpUser):
    abstract = True
    username = ""

    def headers(self, **extra: str) -> dict[str, str]:
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.client.cookies)
        return {"Cookie": cookie, **extra}

    def sign_in(self, username: str) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF_FIELD.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.group(1) if token else "", "username": username, "password": PASSWORD},
            headers=self.headers(Referer=self.host + "/accounts/login/"),
            allow_redirects=False,
            name="login",
        )
        if response.status_code != 302:
            raise RuntimeError(f"{username} could not sign in ({response.status_code})")

    def get(self, path: str, name: str) -> str:
        return self.client.get(path, headers=self.headers(), name=name).text

    def api(self, method: str, path: str, name: str, **kwargs):
        csrf = self.client.cookies.get("csrftoken", "")
        return self.client.request(method, path, headers=self.headers(**{"X-CSRFToken": csrf}), name=name, **kwargs)


class OfficeStaff(SignedIn):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.sign_in("office")
        self.contact_ids = [int(n) for n in re.findall(r'href="/contacts/(\d+)/"', self.get("/contacts/", "contacts"))]
        self.meeting_ids = [int(n) for n in re.findall(r'href="/meetings/(\d+)/"', self.get("/meetings/", "meetings"))]

    @task(3)
    def dashboard(self) -> None:
        self.get("/", "dashboard")

    @task(3)
    def contacts(self) -> None:
        self.get("/contacts/", "contacts")

    @task(2)
    def search(self) -> None:
        self.get(f"/contacts/?q={random.choice(['kim', 'smart', 'seoul', 'lee', 'digital'])}", "contacts search")

    @task(2)
    def contact(self) -> None:
        if self.contact_ids:
            self.get(f"/contacts/{random.choice(self.contact_ids)}/", "contact dossier")

    @task(2)
    def agenda(self) -> None:
        self.get("/agenda/", "agenda")

    @task(1)
    def meeting(self) -> None:
        if self.meeting_ids:
            self.get(f"/meetings/{random.choice(self.meeting_ids)}/", "meeting")


class Exhibitor(SignedIn):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.sign_in(random.choice(EXHIBITORS))
        response = self.client.get("/exhibitor/", headers=self.headers(), allow_redirects=False, name="exhibitor home")
        match = re.search(r"/exhibitors/(\d+)/", response.headers.get("Location", "") + response.text)
        self.exhibitor_id = int(match.group(1)) if match else None

    @task(2)
    def profile(self) -> None:
        if self.exhibitor_id:
            self.get(f"/exhibitors/{self.exhibitor_id}/profile/", "profile page")

    @task(2)
    def save_profile(self) -> None:
        if not self.exhibitor_id:
            return
        path = f"/api/v1/exhibitors/{self.exhibitor_id}/profile/"
        current = self.api("GET", path, "profile api")
        if current.status_code != 200:
            return
        version = current.json()["version"]
        tagline = f"Smart city solutions, edition {random.randint(1, 10_000)}"
        with self.api(
            "PATCH", path, "profile save", json={"tagline": tagline, "version": version}, catch_response=True
        ) as response:
            if response.status_code == 409:  # another booth colleague saved first: expected, not an error
                response.success()

    @task(3)
    def log_lead(self) -> None:
        number = random.randint(1, 10**9)
        self.api(
            "POST",
            "/api/v1/leads/",
            "lead create",
            json={
                "full_name": f"Visitor {number}",
                "organization_name": "Busan Metro Authority",
                "email": f"visitor{number}@example.kr",
                "country": "KR",
                "notes": "Asked about the waste-sorting pilot",
            },
        )

    @task(1)
    def leads(self) -> None:
        self.get("/exhibitor/leads/", "leads page")


class Integrator(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def pull_every_contact(self) -> None:
        url = "/api/v1/contacts/?page_size=100"
        headers = {"Authorization": f"Token {API_KEY}"}
        while url:
            response = self.client.get(url, headers=headers, name="contacts api page")
            if response.status_code != 200:
                return
            following = response.json().get("next")
            if following:
                parts = urlsplit(following)
                url = f"{parts.path}?{parts.query}"
            else:
                url = ""
