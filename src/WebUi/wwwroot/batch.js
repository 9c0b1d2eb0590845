// One batch on the page: follows its progress until it ends, shows each file as a card in upload order,
// and offers the zip, cancel and the comparison. Only the batch in the address is followed: opening
// another stops the old poll, so two batches never write into one view.
import { $, el, announce, count, time, setProgress } from "./ui.js";
import { getJson, postJson, ServerError } from "./api.js";
import { openViewer } from "./viewer.js";

const PollMs = 800;
const RetryMs = 2000;
const AnnounceEveryMs = 4000;
const LargeCardsUpTo = 4;

let follower = null;
let layout = null;

export const currentBatch = () => follower?.view ?? null;

export function initBatch(onEnded) {
  $("cancel-batch").addEventListener("click", async () => {
    const id = follower?.id;
    if (!id) return;
    $("cancel-batch").disabled = true;
    try {
      await postJson(`/api/batches/${id}/cancel`);
      announce("Cancelling the batch.");
    } catch (error) {
      announce(error.message);
    }
    follower?.pollSoon();
  });
  for (const button of document.querySelectorAll(".layout-toggle [data-layout]")) {
    button.addEventListener("click", () => { layout = button.dataset.layout; applyLayout(follower?.view); });
  }
  document.addEventListener("server-back", () => follower?.pollSoon());
  Follower.onEnded = onEnded;
}

export function showBatch(id) {
  follower?.stop();
  layout = null;
  $("empty").hidden = true;
  $("batch-view").hidden = false;
  $("batch-gone").hidden = true;
  $("files-grid").replaceChildren();
  $("batch-title").textContent = "Loading the batch…";
  $("batch-meta").textContent = "";
  $("batch-summary").textContent = "";
  $("zip").hidden = true;
  $("cancel-batch").hidden = true;
  setProgress($("batch-progress"), 0, "Loading");
  follower = new Follower(id);
  follower.poll();
}

export function showNothing() {
  follower?.stop();
  follower = null;
  $("batch-view").hidden = true;
  $("empty").hidden = false;
}

class Follower {
  static onEnded = () => {};

  constructor(id) {
    this.id = id;
    this.view = null;
    this.stopped = false;
    this.timer = 0;
    this.controller = new AbortController();
    this.ended = 0;
    this.announcedAt = 0;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller.abort();
  }

  pollSoon() {
    if (this.stopped || this.view?.ended) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), 100);
  }

  async poll() {
    let view;
    try {
      view = await getJson(`/api/batches/${this.id}`, this.controller.signal);
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ServerError && error.status === 404) return gone(error.message);
      this.timer = setTimeout(() => this.poll(), RetryMs);
      return;
    }
    if (this.stopped) return;
    const first = this.view === null;
    this.view = view;
    render(view);
    this.speak(view, first);
    if (view.ended) Follower.onEnded(view);
    else this.timer = setTimeout(() => this.poll(), PollMs);
  }

  speak(view, first) {
    const ended = view.done + view.failed;
    if (view.ended) {
      if (!first) announce(`Batch finished: ${summary(view)}`);
    } else if (ended !== this.ended && Date.now() - this.announcedAt > AnnounceEveryMs) {
      this.announcedAt = Date.now();
      announce(`${ended} of ${count(view.files.length, "image")} finished.`);
    }
    this.ended = ended;
  }
}

function gone(message) {
  $("batch-title").textContent = "Batch not found";
  $("batch-gone").textContent = message;
  $("batch-gone").hidden = false;
  $("batch-progress").hidden = true;
}

const FormatNames = { png: "PNG", jpg: "JPEG", webp: "WebP", tiff: "TIFF" };

function summary(view) {
  const waiting = view.files.length - view.done - view.failed;
  const parts = [`${view.done} done`];
  if (view.failed) parts.push(`${view.failed} not processed`);
  if (waiting) parts.push(`${waiting} to go`);
  return `${parts.join(", ")}.`;
}

const StateWords = {
  submitting: "Submitting", running: "Processing", cancelling: "Cancelling", cancelled: "Cancelled",
  done: "Finished", partial: "Finished, with files not processed", failed: "Nothing could be processed",
};

function render(view) {
  $("batch-progress").hidden = false;
  $("batch-title").textContent = view.operation;
  const quality = view.quality ? ` at quality ${view.quality}` : "";
  $("batch-meta").textContent = `${count(view.files.length, "image")} · ${FormatNames[view.format] || view.format}${quality} · ${time(view.createdAt)}`;
  const ended = view.done + view.failed;
  setProgress($("batch-progress"), view.progress, `${ended} of ${count(view.files.length, "image")} finished`);
  $("batch-progress").classList.toggle("finished", view.ended);
  $("batch-summary").textContent = `${StateWords[view.state] || view.state}: ${summary(view)}`;
  $("batch-view").dataset.state = view.state;

  const cancel = $("cancel-batch");
  cancel.hidden = view.ended;
  cancel.disabled = view.state === "cancelling" || view.state === "submitting";
  const zip = $("zip");
  zip.hidden = !view.zip;
  if (view.zip) {
    zip.href = view.zip;
    zip.textContent = view.done === 1 ? "Download the output (zip)" : `Download all ${view.done} outputs (zip)`;
  }
  applyLayout(view);

  const grid = $("files-grid");
  for (const file of view.files) {
    let item = grid.querySelector(`:scope > [data-position="${file.position}"]`);
    if (!item) {
      item = el("li", { className: "card", dataset: { position: file.position, name: file.name } });
      grid.append(item);
    }
    if (item.dataset.state !== file.state || item.dataset.layout !== layoutOf(view)) fillCard(item, file, view);
    else updateProgress(item, file);
  }
}

const layoutOf = (view) => layout || (view.files.length <= LargeCardsUpTo ? "large" : "compact");

function applyLayout(view) {
  if (!view) return;
  const chosen = layoutOf(view);
  $("files-grid").dataset.layout = chosen;
  for (const button of document.querySelectorAll(".layout-toggle [data-layout]")) button.setAttribute("aria-pressed", String(button.dataset.layout === chosen));
  for (const item of $("files-grid").children) {
    const file = view.files[Number(item.dataset.position)];
    if (file && item.dataset.layout !== chosen) fillCard(item, file, view);
  }
}

const StateBadges = {
  waiting: "in progress", processing: "processing", assembling: "assembling", done: "done", failed: "not processed", cancelled: "cancelled",
};

function fillCard(item, file, view) {
  const large = layoutOf(view) === "large";
  item.dataset.state = file.state;
  item.dataset.layout = layoutOf(view);
  const ended = ["done", "failed", "cancelled"].includes(file.state);
  const pictures = [];
  if (file.input && file.state !== "failed") {
    if (large || file.state !== "done") pictures.push(picture(file, "input", large ? "Before" : null));
    if (file.state === "done") pictures.push(picture(file, "output", large ? "After" : null, view.operation));
  }

  let preview;
  if (file.state === "done") {
    preview = el("button", {
      type: "button", className: "preview", "aria-label": `Compare before and after: ${file.name}`,
      onclick: () => openViewer(currentBatch(), file.position),
    }, ...pictures);
  } else if (pictures.length) {
    preview = el("div", { className: "preview" }, ...pictures);
  } else {
    preview = el("div", { className: "preview missing", "aria-hidden": "true" }, el("span", { className: "glyph", text: "!" }));
  }

  item.replaceChildren(preview, el("div", { className: "card-info" },
    el("p", { className: "name", text: file.name, title: file.name }),
    el("p", { className: "card-state" },
      el("span", { className: `badge ${file.state}`, text: StateBadges[file.state] || file.state }),
      ended ? null : el("span", { className: "tiles hint" })),
    ended ? null : el("div", { className: "mini-progress", "aria-hidden": "true" }, el("div", { className: "fill" })),
    file.message ? el("p", { className: "message", text: file.message }) : null,
    file.output ? el("a", { className: "download", href: `${file.output}?download=true`, download: file.outputName },
      "Download ", el("span", { className: "file", text: file.outputName })) : null));
  updateProgress(item, file);
}

function picture(file, side, label, operation) {
  const alt = side === "input" ? `${file.name}, original` : `${file.name} after ${operation}`;
  const image = el("img", {
    src: `${file[side]}/thumb`, alt, loading: "lazy", decoding: "async",
    width: file.width || undefined, height: file.height || undefined,
    // An input that cannot be decoded has no preview: its card says why once the pipeline has failed it.
    onerror: () => image.remove(),
  });
  // The label is drawn by CSS, so the button's name stays "Compare …" without repeating it.
  return el("figure", { className: `picture ${side}`, dataset: label ? { label } : {} }, image);
}

function updateProgress(item, file) {
  const fill = item.querySelector(".mini-progress .fill");
  if (!fill) return;
  // An image processed whole reports nothing until it ends: its bar only says that work goes on.
  const measured = file.tileCount > 1;
  item.querySelector(".mini-progress").classList.toggle("indeterminate", !measured);
  fill.style.width = measured ? `${Math.round((100 * file.tilesDone) / file.tileCount)}%` : "";
  item.querySelector(".tiles").textContent = file.tileCount > 1 ? `${file.tilesDone} of ${file.tileCount} tiles` : "";
}
