/* The inbox desk: keyboard keys, the open conversation's row, ticked rows kept while the list
   refreshes itself, "… is replying" marks while typing, and saved replies put in at the cursor.
   htmx (checked in under static/htmx) loads the panes and polls; this file adds the rest. */
(() => {
  "use strict";
  const desk = document.getElementById("desk");
  if (!desk) return;

  const MARK_EVERY_MS = 4000; // the server keeps a "replying" mark for 12 s
  const picked = new Set();
  let cursor = null; // the row j/k is on (its conversation id)
  let lastMark = 0;
  let listHadFocus = false;

  const byId = (id) => document.getElementById(id);
  const rows = () => Array.from(document.querySelectorAll("#conversation-list [data-conversation]"));
  const openId = () => (byId("panes") && byId("panes").dataset.open) || "";
  const typingIn = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  function linkOf(row) {
    return row && row.querySelector(".sociable-row__link");
  }

  function markRows() {
    const open = openId();
    for (const row of rows()) {
      const id = row.dataset.conversation;
      const link = linkOf(row);
      row.classList.toggle("sociable-row--open", id === open);
      row.classList.toggle("sociable-row--cursor", id === cursor);
      if (link) {
        if (id === open) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      }
      const box = row.querySelector("input[name=ids]");
      if (box) box.checked = picked.has(box.value);
    }
    desk.classList.toggle("sociable-desk--open", Boolean(open));
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    let i = all.findIndex((row) => row.dataset.conversation === (cursor || openId()));
    i = i < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, i + step));
    cursor = all[i].dataset.conversation;
    markRows();
    const link = linkOf(all[i]);
    if (link) link.focus();
  }

  function focusOn(id) {
    const el = byId(id);
    if (el) {
      el.focus();
      if (el.select && el.type !== "textarea") el.select();
    }
    return Boolean(el);
  }

  const KEYS = {
    j: () => move(1),
    k: () => move(-1),
    r: () => focusOn("id_text"),
    a: () => focusOn("assignee"),
    e: () => {
      const close = document.querySelector("#panes [data-key=e]");
      if (close) close.click();
    },
    "/": () => focusOn("filter-q"),
    "?": () => {
      const keys = byId("keys");
      if (keys && !keys.open) keys.showModal();
    },
  };

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && typingIn(event.target)) {
      event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (typingIn(event.target) || (byId("keys") && byId("keys").open)) return;
    const action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  const opener = document.querySelector("[data-keys-open]");
  if (opener) opener.addEventListener("click", () => KEYS["?"]());

  document.addEventListener("change", (event) => {
    const box = event.target;
    if (box.matches && box.matches("#conversation-list input[name=ids]")) {
      if (box.checked) picked.add(box.value);
      else picked.delete(box.value);
    }
  });

  // Typing a reply tells colleagues "… is replying" (refreshed while typing goes on).
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches("[data-replying]")) return;
    const form = box.closest("form[data-replying-url]");
    const now = Date.now();
    if (!form || now - lastMark < MARK_EVERY_MS) return;
    lastMark = now;
    const token = form.querySelector("[name=csrfmiddlewaretoken]");
    fetch(form.dataset.replyingUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    }).catch(() => {});
  });

  // A saved reply goes in where the cursor is, keeping what was already written.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[data-insert]");
    const box = byId("id_text");
    if (!link || !box) return;
    event.preventDefault();
    const known = box.dataset.cursorKnown === "yes";
    const start = known ? box.selectionStart : box.value.length;
    const end = known ? box.selectionEnd : box.value.length;
    const before = box.value.slice(0, start);
    const gap = before && !/\s$/.test(before) ? "\n\n" : "";
    box.setRangeText(gap + link.dataset.insert, start, end, "end");
    box.dataset.cursorKnown = "yes";
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
  document.addEventListener("focusin", (event) => {
    if (event.target.id === "id_text") event.target.dataset.cursorKnown = "yes";
  });

  document.body.addEventListener("htmx:beforeSwap", () => {
    const list = byId("conversation-list");
    listHadFocus = Boolean(list && list.contains(document.activeElement));
  });
  document.body.addEventListener("htmx:oobBeforeSwap", () => {
    const list = byId("conversation-list");
    listHadFocus = listHadFocus || Boolean(list && list.contains(document.activeElement));
  });

  function afterSwap(event) {
    markRows();
    const target = event.detail && event.detail.target;
    if (target && target.id === "panes") {
      lastMark = 0;
      const rest = document.title.indexOf(" – ");
      const panes = byId("panes");
      if (panes && panes.dataset.title) {
        document.title = panes.dataset.title + (rest >= 0 ? document.title.slice(rest) : "");
      }
      const verb = event.detail.requestConfig && event.detail.requestConfig.verb;
      if (verb === "post") document.body.dispatchEvent(new Event("inbox-changed"));
      if (verb === "get" || document.activeElement === document.body) {
        const title = byId("conversation-title");
        if (title) title.focus({ preventScroll: verb !== "get" });
      }
    } else if (listHadFocus && document.activeElement === document.body) {
      const link = linkOf(rows().find((row) => row.dataset.conversation === (cursor || openId())));
      if (link) link.focus({ preventScroll: true });
    }
  }
  document.body.addEventListener("htmx:afterSettle", afterSwap);
  document.body.addEventListener("htmx:oobAfterSwap", afterSwap);

  // A poll that cannot reach the desk says so on the page (and clears when one gets through):
  // a list that silently stops updating could hide a new crisis message.
  const isPoll = (el) => el && el.id && (el.id === "list-poll" || el.id.startsWith("live-"));
  function deskStatus(text) {
    const status = byId("desk-status");
    if (status && status.textContent !== text) status.textContent = text;
  }
  document.body.addEventListener("htmx:sendError", (event) => {
    if (isPoll(event.detail.elt)) {
      deskStatus("The inbox is not updating: the desk cannot be reached. It keeps trying; "
        + "reload the page if this stays.");
    }
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (isPoll(event.detail.elt) && event.detail.successful) deskStatus("");
  });

  document.body.addEventListener("htmx:responseError", (event) => {
    if (isPoll(event.detail.elt)) {
      deskStatus("The inbox is not updating: reload the page.");
      return;
    }
    const flash = byId("flash") || document.querySelector(".sociable-flash");
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (!flash) return;
    const note = document.createElement("div");
    note.className = "nhsuk-error-summary";
    note.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.textContent = status === 403 ? "Your role does not allow this."
      : "That did not work: reload the page and try again.";
    note.append(text);
    flash.replaceChildren(note);
  });

  markRows();
})();
