// The page: choose images, build the operation, upload, and follow the batch whose id is in the address
// (/batches/<id>), so a reload or a shared link shows the same batch. No build step, no third-party code.
import { $, el, announce, count, time } from "./ui.js";
import { getJson } from "./api.js";
import { initChain, specText } from "./chain.js";
import { initUpload, upload } from "./upload.js";
import { initBatch, showBatch, showNothing } from "./batch.js";
import { initViewer } from "./viewer.js";

const batchPath = /^\/batches\/([0-9a-f-]{36})$/i;
let formats = [];

async function start() {
  initViewer();
  initBatch(() => refreshRecent());
  try {
    const settings = await getJson("/api/settings");
    formats = settings.formats;
    initUpload(settings, () => showError(""));
    initFormats();
    await initChain();
  } catch (error) {
    showError(`The page could not load its settings: ${error.message} Reload the page to try again.`);
  }
  $("upload").addEventListener("submit", submit);
  $("recent").addEventListener("click", (e) => {
    const link = e.target.closest("a[href^='/batches/']");
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(link.getAttribute("href"));
  });
  window.addEventListener("popstate", route);
  document.addEventListener("server-back", refreshRecent);
  route();
  refreshRecent();
}

function route() {
  const match = batchPath.exec(location.pathname);
  if (match) showBatch(match[1]);
  else showNothing();
  markCurrent();
}

function navigate(path) {
  if (location.pathname !== path) history.pushState(null, "", path);
  route();
  $("batch").focus();
}

function initFormats() {
  const select = $("format");
  select.replaceChildren(...formats.map((format) => el("option", {
    value: format.name, text: `${format.name.toUpperCase()}${format.lossless ? " (lossless)" : ""}`,
  })));
  select.value = "png";
  const sync = () => {
    const format = formats.find((f) => f.name === select.value);
    $("quality-field").hidden = format.lossless;
    $("quality").value = format.defaultQuality || 90;
    $("quality-value").textContent = $("quality").value;
  };
  select.addEventListener("change", sync);
  $("quality").addEventListener("input", () => { $("quality-value").textContent = $("quality").value; });
  sync();
}

function showError(message) {
  $("form-error").textContent = message;
  $("form-error").hidden = !message;
}

async function submit(e) {
  e.preventDefault();
  showError("");
  const format = $("format").value;
  const lossless = formats.find((f) => f.name === format)?.lossless ?? true;
  const button = $("submit");
  button.disabled = true;
  try {
    const answer = await upload(specText(), format, lossless ? "" : $("quality").value);
    if (!answer) return;
    announce(`Batch started.`);
    navigate(`/batches/${answer.id}`);
    refreshRecent();
  } catch (error) {
    showError(error.message);
  } finally {
    button.disabled = false;
  }
}

const StateWords = {
  submitting: "submitting", running: "processing", cancelling: "cancelling", cancelled: "cancelled",
  done: "done", partial: "done, some not processed", failed: "not processed",
};

async function refreshRecent() {
  let batches;
  try {
    batches = await getJson("/api/batches");
  } catch {
    return;
  }
  $("recent").replaceChildren(...batches.map((batch) => el("li", {},
    el("a", { href: `/batches/${batch.id}`, dataset: { id: batch.id } },
      el("span", { className: "recent-op", text: batch.operation }),
      el("span", { className: "recent-meta" },
        `${count(batch.files, "image")} · `,
        el("span", { className: `badge ${batch.state}`, text: StateWords[batch.state] || batch.state }),
        ` · ${time(batch.createdAt)}`)))));
  $("recent-empty").hidden = batches.length > 0;
  markCurrent();
}

function markCurrent() {
  for (const link of $("recent").querySelectorAll("a")) {
    if (location.pathname === link.getAttribute("href")) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

start();
