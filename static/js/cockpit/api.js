// Small helpers for talking to /api/v1/ with the browser session (CSRF header on writes).

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** fetch() that never throws: {ok, status, data} — status 0 when the server could not be reached. */
export async function fetchJson(url, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, data: null };
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

/** A sentence for the user from an API error answer ({"detail","code","fields"}). */
export function apiErrorMessage(result, S) {
  const { status, data } = result;
  if (status === 0) return S.network;
  if (status === 403 || status === 401) return S.forbidden;
  if (status === 404) return S.not_found;
  if (status === 400 && data) {
    const fields = data.fields || {};
    const parts = Object.entries(fields).map(([name, messages]) => `${name}: ${[].concat(messages).join(" ")}`);
    return `${data.detail || S.invalid} ${parts.join("; ")}`.trim();
  }
  return S.server_error.replace("%(status)s", String(status));
}
