// Agenda grid: drag a meeting (or move it with the keyboard) to another time or lane.
// The move is saved with PATCH /api/v1/meetings/{id}/; a 409 answer puts the meeting back
// where it was and shows the clash next to its lane. Nothing is changed on the server then.
// Moving a meeting that e-mails its guests asks first whether to tell them of the new time
// (tell_contacts); members are told in any case.
import { apiErrorMessage, fetchJson } from "./api.js";

const root = document.getElementById("agenda-days");
if (root) {
  init(root);
}

function init(root) {
  const S = JSON.parse(document.getElementById("agenda-strings").textContent);
  let meetings = JSON.parse(document.getElementById("agenda-meetings").textContent);
  const snap = Number(root.dataset.snap) || 15;
  const expoTz = root.dataset.expoTz;
  const lang = document.documentElement.lang || "en";
  const timeFmt = new Intl.DateTimeFormat(lang, { timeZone: expoTz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const dayFmt = new Intl.DateTimeFormat(lang, { timeZone: expoTz, weekday: "short", day: "numeric", month: "short" });
  const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone: expoTz, year: "numeric", month: "2-digit", day: "2-digit" });
  const status = document.getElementById("agenda-status");
  const dialog = document.getElementById("reschedule-dialog");
  const guestsDialog = document.getElementById("guests-dialog");
  let drag = null; // pointer drag in progress
  let pending = null; // keyboard move not saved yet
  let suppressClick = false;
  let saving = false;

  const fmt = (template, values) => template.replace(/%\((\w+)\)s/g, (_m, key) => String(values[key] ?? ""));
  const say = (text, kind = "info") => {
    status.textContent = text;
    status.dataset.kind = kind;
  };

  // --- geometry --------------------------------------------------------------------------------
  const dayOf = (el) => el.closest(".agenda-day");
  const windowStart = (day) => new Date(day.dataset.windowStart).getTime();
  const spanMs = (day) => Number(day.dataset.span) * 60000;
  const snapMs = snap * 60000;
  const laneOf = (el) => el.closest(".lane");
  const trackOf = (lane) => lane.querySelector(".track");

  function placement(block) {
    return { track: block.parentElement, left: block.style.left, width: block.style.width };
  }
  function restore(block, place) {
    if (block.parentElement !== place.track) place.track.appendChild(block);
    block.style.left = place.left;
    block.style.width = place.width;
    block.classList.remove("dragging", "pending");
  }
  function timesFor(block) {
    const day = dayOf(block);
    const id = block.dataset.meetingId;
    const meeting = meetings[id];
    const duration = new Date(meeting.ends_at).getTime() - new Date(meeting.starts_at).getTime();
    const fraction = parseFloat(block.style.left) / 100;
    let start = windowStart(day) + fraction * spanMs(day);
    start = Math.round(start / snapMs) * snapMs;
    return { start, end: start + duration };
  }
  function setLeftForStart(block, startMs) {
    const day = dayOf(block);
    const pct = ((startMs - windowStart(day)) / spanMs(day)) * 100;
    block.style.left = `${Math.max(0, Math.min(100 - parseFloat(block.style.width), pct)).toFixed(3)}%`;
  }
  const describe = (block, lane) => {
    const { start, end } = timesFor(block);
    return `${dayFmt.format(start)} ${timeFmt.format(start)}–${timeFmt.format(end)}, ${lane.dataset.laneLabel}`;
  };

  // --- guests ----------------------------------------------------------------------------------
  // "tell", "quiet" (members only) or "keep" (do not move). Escape keeps the meeting where it was.
  function askGuests(meeting) {
    return new Promise((resolve) => {
      if (!guestsDialog) {
        resolve("quiet");
        return;
      }
      guestsDialog.querySelector('[data-field="question"]').textContent = fmt(S.guests_question, { title: meeting.title });
      guestsDialog.querySelector('[data-field="tell"]').textContent = S.guests_tell;
      guestsDialog.querySelector('[data-field="quiet"]').textContent = S.guests_quiet;
      guestsDialog.querySelector('[data-field="keep"]').textContent = S.guests_keep;
      guestsDialog.returnValue = "";
      guestsDialog.addEventListener("close", () => resolve(guestsDialog.returnValue || "keep"), { once: true });
      guestsDialog.showModal();
      guestsDialog.querySelector('[data-field="keep"]').focus();
    });
  }
  // The body with the guests' answer, or null when the move is called off.
  async function withGuestsChoice(meeting, body) {
    const same = (a, b) => new Date(a).getTime() === new Date(b).getTime();
    const moved = body.starts_at && !(same(body.starts_at, meeting.starts_at) && same(body.ends_at, meeting.ends_at));
    if (!moved || !(meeting.guests_mailed > 0)) return body;
    const choice = await askGuests(meeting);
    if (choice === "keep") return null;
    return { ...body, tell_contacts: choice === "tell" };
  }
  const movedText = (meeting, body, when) =>
    fmt(body.tell_contacts === false ? S.moved_quietly : S.moved, { title: meeting.title, when });

  // --- saving ----------------------------------------------------------------------------------
  function changesFor(block, fromLane, toLane, start, end) {
    const meeting = meetings[block.dataset.meetingId];
    const body = {};
    if (start !== new Date(meeting.starts_at).getTime() || end !== new Date(meeting.ends_at).getTime()) {
      body.starts_at = new Date(start).toISOString();
      body.ends_at = new Date(end).toISOString();
    }
    if (toLane !== fromLane) {
      if (toLane.dataset.laneType === "venue") {
        body.venue = Number(toLane.dataset.laneId);
      } else if (fromLane.dataset.laneType === "member") {
        const fromId = Number(fromLane.dataset.laneId);
        const toId = Number(toLane.dataset.laneId);
        if (meeting.attendees.some((a) => a.type === "member" && a.id === toId)) {
          return { refused: S.already_attending };
        }
        body.attendees = meeting.attendees.map((a) =>
          a.type === "member" && a.id === fromId ? { ...a, id: toId } : a,
        );
      } else {
        return { refused: S.wrong_lane };
      }
    }
    return { body };
  }

  function showLaneAlert(lane, html) {
    const alert = lane.nextElementSibling;
    if (!alert || !alert.classList.contains("lane-alert")) return;
    alert.innerHTML = html;
    alert.hidden = false;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link-button";
    close.textContent = S.dismiss;
    close.addEventListener("click", () => {
      alert.hidden = true;
    });
    alert.appendChild(close);
  }
  const escapeHtml = (text) =>
    String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  function conflictHtml(data) {
    const items = (data.conflicts || []).map((c) => {
      const when = c.starts_at ? `${timeFmt.format(new Date(c.starts_at))}–${timeFmt.format(new Date(c.ends_at))}` : "";
      const subject = c.subject && c.subject.name ? ` — ${escapeHtml(c.subject.name)}` : "";
      return `<li><strong>${escapeHtml(c.title || "")}</strong> ${escapeHtml(when)}${subject}</li>`;
    });
    const detail = items.length ? "" : ` ${escapeHtml(data.detail || "")}`;
    return `<p><strong>${escapeHtml(S.conflict)}</strong>${detail}</p>${items.length ? `<ul>${items.join("")}</ul>` : ""}`;
  }

  async function commit(block, original, fromLane) {
    const toLane = laneOf(block);
    const { start, end } = timesFor(block);
    const { body, refused } = changesFor(block, fromLane, toLane, start, end);
    if (refused) {
      restore(block, original);
      showLaneAlert(fromLane, `<p>${escapeHtml(refused)}</p>`);
      say(refused, "error");
      return;
    }
    if (!Object.keys(body).length) {
      restore(block, original);
      return;
    }
    await send(block, original, fromLane, toLane, body);
  }

  async function send(block, original, fromLane, toLane, wanted) {
    const id = block.dataset.meetingId;
    const body = await withGuestsChoice(meetings[id], wanted);
    if (body === null) {
      restore(block, original);
      block.focus();
      say(S.cancelled);
      return;
    }
    saving = true;
    block.classList.add("saving");
    block.setAttribute("aria-busy", "true");
    say(S.saving);
    const result = await fetchJson(`${root.dataset.api}${id}/`, { method: "PATCH", body });
    block.classList.remove("saving");
    block.removeAttribute("aria-busy");
    saving = false;
    if (result.ok) {
      say(movedText(meetings[id], body, describe(block, toLane)), "ok");
      await refresh(id, toLane);
      return;
    }
    const when = describe(block, toLane);
    restore(block, original);
    block.focus();
    const data = result.data || {};
    if (result.status === 409) {
      showLaneAlert(fromLane, conflictHtml(data));
      say(`${S.conflict} ${S.nothing_changed}`, "error");
    } else if (result.status === 400 && data.code === "travel_buffer") {
      // A warning, not a refusal: offer to save anyway.
      showLaneAlert(fromLane, `<p><strong>${escapeHtml(S.travel)}</strong> ${escapeHtml(data.detail || "")}</p>`);
      const alert = fromLane.nextElementSibling;
      const again = document.createElement("button");
      again.type = "button";
      again.textContent = fmt(S.save_anyway, { when });
      again.addEventListener("click", async () => {
        alert.hidden = true;
        const moved = await fetchJson(`${root.dataset.api}${id}/`, { method: "PATCH", body: { ...body, override_travel: true } });
        if (moved.ok) {
          say(movedText(meetings[id], body, when), "ok");
          await refresh(id, toLane);
        } else {
          const message = moved.status === 409 ? `${S.conflict} ${S.nothing_changed}` : apiErrorMessage(moved, S);
          showLaneAlert(fromLane, moved.status === 409 ? conflictHtml(moved.data || {}) : `<p>${escapeHtml(message)}</p>`);
          say(message, "error");
        }
      });
      alert.insertBefore(again, alert.lastElementChild);
      say(S.travel, "error");
    } else {
      const message = apiErrorMessage(result, S);
      showLaneAlert(fromLane, `<p>${escapeHtml(message)}</p>`);
      say(message, "error");
    }
  }

  // After a successful move, redraw the grid from the server (a meeting shows in several lanes).
  async function refresh(id, lane) {
    root.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(window.location.pathname + window.location.search, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = doc.getElementById("agenda-days");
      const freshData = doc.getElementById("agenda-meetings");
      if (!fresh || !freshData) throw new Error("no grid");
      root.innerHTML = fresh.innerHTML;
      meetings = JSON.parse(freshData.textContent);
      const laneSelector = `.lane[data-lane-type="${lane.dataset.laneType}"][data-lane-id="${lane.dataset.laneId}"]`;
      const again = [...root.querySelectorAll(`${laneSelector} [data-meeting-id="${id}"]`)][0] ||
        root.querySelector(`[data-meeting-id="${id}"]`);
      if (again) again.focus();
    } catch {
      say(S.reload, "error");
    } finally {
      root.removeAttribute("aria-busy");
    }
  }

  // --- pointer dragging ------------------------------------------------------------------------
  root.addEventListener("pointerdown", (event) => {
    const block = event.target.closest(".block-meeting");
    if (!block || saving || event.button !== 0) return;
    drag = {
      block,
      fromLane: laneOf(block),
      original: placement(block),
      x: event.clientX,
      y: event.clientY,
      left: parseFloat(block.style.left),
      moved: false,
    };
    block.setPointerCapture(event.pointerId);
  });
  root.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const { block } = drag;
    const dx = event.clientX - drag.x;
    if (!drag.moved && Math.abs(dx) < 4 && Math.abs(event.clientY - drag.y) < 4) return;
    drag.moved = true;
    block.classList.add("dragging");
    const day = dayOf(block);
    const track = trackOf(laneOf(block));
    const width = track.getBoundingClientRect().width;
    const pctPerSnap = (snapMs / spanMs(day)) * 100;
    let left = drag.left + (dx / width) * 100;
    left = Math.round(left / pctPerSnap) * pctPerSnap;
    block.style.left = `${Math.max(0, Math.min(100 - parseFloat(block.style.width), left)).toFixed(3)}%`;
    const under = document.elementsFromPoint(event.clientX, event.clientY).find((el) => el.classList.contains("lane"));
    const target = under || document.elementsFromPoint(event.clientX, event.clientY).map(laneOf).find(Boolean);
    if (target && dayOf(target) === day && target !== laneOf(block)) trackOf(target).appendChild(block);
  });
  const endDrag = (event) => {
    if (!drag) return;
    const current = drag;
    drag = null;
    current.block.releasePointerCapture?.(event.pointerId);
    if (!current.moved) return;
    suppressClick = true;
    current.block.classList.remove("dragging");
    if (event.type === "pointercancel") {
      restore(current.block, current.original);
      return;
    }
    commit(current.block, current.original, current.fromLane);
  };
  root.addEventListener("pointerup", endDrag);
  root.addEventListener("pointercancel", endDrag);

  // --- keyboard --------------------------------------------------------------------------------
  root.addEventListener("keydown", (event) => {
    const block = event.target.closest?.(".block-meeting");
    if (!block || saving) return;
    const key = event.key;
    if (["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(key)) {
      event.preventDefault();
      if (!pending || pending.block !== block) {
        if (pending) restore(pending.block, pending.original);
        pending = { block, original: placement(block), fromLane: laneOf(block) };
      }
      block.classList.add("pending");
      if (key === "ArrowLeft" || key === "ArrowRight") {
        const { start } = timesFor(block);
        setLeftForStart(block, start + (key === "ArrowRight" ? snapMs : -snapMs));
      } else {
        const lanes = [...dayOf(block).querySelectorAll(".lane")];
        const index = lanes.indexOf(laneOf(block)) + (key === "ArrowDown" ? 1 : -1);
        if (index >= 0 && index < lanes.length) {
          trackOf(lanes[index]).appendChild(block);
          block.focus();
        }
      }
      say(fmt(S.pending, { where: describe(block, laneOf(block)) }));
    } else if (key === "Enter") {
      event.preventDefault();
      if (pending && pending.block === block) {
        const current = pending;
        pending = null;
        block.classList.remove("pending");
        commit(block, current.original, current.fromLane);
      } else {
        openDialog(block);
      }
    } else if (key === "Escape" && pending && pending.block === block) {
      event.preventDefault();
      restore(block, pending.original);
      pending = null;
      block.focus();
      say(S.cancelled);
    }
  });
  root.addEventListener("click", (event) => {
    const block = event.target.closest(".block-meeting");
    if (!block) return;
    if (suppressClick) {
      suppressClick = false;
      return;
    }
    if (event.detail === 0) return; // keyboard "click" handled on keydown
    openDialog(block);
  });

  // --- dialog ----------------------------------------------------------------------------------
  let dialogBlock = null;
  function openDialog(block) {
    if (!dialog || typeof dialog.showModal !== "function") return;
    dialogBlock = block;
    const meeting = meetings[block.dataset.meetingId];
    const start = new Date(meeting.starts_at);
    dialog.querySelector('[data-field="title"]').textContent = meeting.title;
    dialog.querySelector("#rs-day").value = isoDay.format(start);
    dialog.querySelector("#rs-time").value = timeFmt.format(start);
    dialog.querySelector("#rs-venue").value = meeting.venue ?? "";
    const detail = dialog.querySelector('[data-field="url"]');
    detail.href = meeting.url || "#";
    detail.hidden = !meeting.url;
    dialog.querySelector('[data-field="brief"]').href = meeting.brief;
    const error = dialog.querySelector('[data-field="error"]');
    error.hidden = true;
    dialog.showModal();
    dialog.querySelector("#rs-time").focus();
  }
  if (dialog) {
    dialog.querySelector('[data-action="cancel"]').addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => dialogBlock && dialogBlock.isConnected && dialogBlock.focus());
    dialog.querySelector("#reschedule-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const block = dialogBlock;
      const id = block.dataset.meetingId;
      const meeting = meetings[id];
      const dayValue = dialog.querySelector("#rs-day").value;
      const timeValue = dialog.querySelector("#rs-time").value;
      const venueValue = dialog.querySelector("#rs-venue").value;
      const error = dialog.querySelector('[data-field="error"]');
      const daySection = root.querySelector(`.agenda-day[data-date="${dayValue}"]`);
      if (!/^\d\d:\d\d$/.test(timeValue) || !daySection) {
        error.textContent = S.bad_time;
        error.hidden = false;
        return;
      }
      const offset = daySection.dataset.windowStart.slice(-6);
      const start = new Date(`${dayValue}T${timeValue}:00${offset}`).getTime();
      const duration = new Date(meeting.ends_at).getTime() - new Date(meeting.starts_at).getTime();
      const body = { starts_at: new Date(start).toISOString(), ends_at: new Date(start + duration).toISOString() };
      const venue = venueValue ? Number(venueValue) : null;
      if (venue !== (meeting.venue ?? null)) body.venue = venue;
      const sent = await withGuestsChoice(meeting, body);
      if (sent === null) {
        say(S.cancelled);
        return;
      }
      say(S.saving);
      const result = await fetchJson(`${root.dataset.api}${id}/`, { method: "PATCH", body: sent });
      if (result.ok) {
        dialog.close();
        say(movedText(meeting, sent, `${dayFmt.format(start)} ${timeFmt.format(start)}`), "ok");
        await refresh(id, laneOf(block));
      } else if (result.status === 409) {
        error.innerHTML = conflictHtml(result.data || {});
        error.hidden = false;
        say(`${S.conflict} ${S.nothing_changed}`, "error");
      } else {
        error.textContent = apiErrorMessage(result, S);
        error.hidden = false;
      }
    });
  }
}
