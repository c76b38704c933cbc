// The composer's live preview. A moment after each change the form (less the file) is sent to
// the preview address; the server answers with each account's post as it will go out, counted
// by its network's own rule, and the confidentiality guard's warning (the same checks as on
// save). Only the chosen image stays in the browser: it is shown from a data: address.
// Without JavaScript, the "Update the preview" button does the same with a page load.
const form = document.querySelector("[data-composer]");
const WAIT_MS = 400;

if (form) {
  const region = form.querySelector("[data-preview]");
  const live = form.querySelector("[data-preview-live]");
  const countsSlot = form.querySelector("[data-preview-counts-slot]");
  const fileInput = form.querySelector("input[type=file]");
  let image = "";
  let timer = 0;
  let pending = null;
  let again = false;
  let submitted = false;

  form.querySelector("[data-preview-button]").remove(); // the preview follows the typing

  const showImage = () => {
    for (const figure of region.querySelectorAll("[data-preview-media]")) {
      figure.hidden = !image;
      if (image) figure.querySelector("[data-preview-image]").src = image;
    }
  };

  // One request at a time: changes made meanwhile are previewed when it has answered.
  const refresh = async () => {
    if (pending) {
      again = true;
      return;
    }
    pending = new AbortController();
    const body = new FormData(form);
    body.delete(fileInput ? fileInput.name : "");
    try {
      const answer = await fetch(form.dataset.previewUrl, {
        method: "POST", body, signal: pending.signal, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      if (!answer.ok || answer.redirected) return; // e.g. signed out: keep the last preview
      region.innerHTML = await answer.text();
    } catch (error) {
      if (error.name === "AbortError" || error instanceof TypeError) return; // the network failed
      throw error;
    } finally {
      pending = null;
      if (again && !submitted) {
        again = false;
        soon();
      }
    }
    showImage();
    const counts = region.querySelector("[data-preview-counts]");
    if (counts && countsSlot) countsSlot.innerHTML = counts.innerHTML;
    const status = region.querySelector("[data-preview-status]");
    if (status && live.textContent !== status.textContent) live.textContent = status.textContent;
  };

  const soon = () => {
    clearTimeout(timer);
    if (!submitted) timer = setTimeout(refresh, WAIT_MS);
  };

  form.addEventListener("input", (event) => {
    if (event.target !== fileInput) soon();
  });
  form.addEventListener("change", (event) => {
    if (event.target !== fileInput) soon();
  });

  // Saving or scheduling: no preview is asked for once the form is on its way.
  form.addEventListener("submit", () => {
    submitted = true;
    clearTimeout(timer);
    if (pending) pending.abort();
  });

  if (fileInput) {
    fileInput.addEventListener("change", () => {
      const file = fileInput.files[0];
      image = "";
      if (!file || !file.type.startsWith("image/")) {
        showImage();
        return;
      }
      const reader = new FileReader();
      reader.addEventListener("load", () => {
        image = reader.result;
        showImage();
      });
      reader.readAsDataURL(file);
    });
  }

  // "Write different words for X": open the variants and go to that network's box.
  region.addEventListener("click", (event) => {
    const link = event.target.closest("[data-open-variant]");
    if (!link) return;
    const field = form.querySelector(link.getAttribute("href"));
    if (!field) return;
    event.preventDefault();
    field.closest("details").open = true;
    field.focus();
  });
}
