// The comparison: an input and its output, one over the other with a divider to drag (or side by side),
// zoomed and panned together. It starts from previews of at most 2048 px and loads every pixel only when
// zoomed in beyond them. Mouse, touch and keyboard do the same things; Escape closes it.
import { $, el, announce } from "./ui.js";

const ViewSide = 2048;
const MaxCssScale = 32;

const state = { view: null, position: 0, mode: "slider", zoom: 1, u: 0.5, v: 0.5, split: 0.5, full: {} };
const sides = ["before", "after"];

export function initViewer() {
  const dialog = $("viewer"), stage = $("stage");
  $("viewer-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (e) => { if (e.target === dialog) dialog.close(); });
  dialog.addEventListener("close", () => { for (const side of sides) image(side).removeAttribute("src"); });
  $("mode-slider").addEventListener("click", () => setMode("slider"));
  $("mode-side").addEventListener("click", () => setMode("side"));
  $("zoom-in").addEventListener("click", () => zoomBy(1.5));
  $("zoom-out").addEventListener("click", () => zoomBy(1 / 1.5));
  $("zoom-fit").addEventListener("click", () => setZoom(1, 0.5, 0.5));
  $("zoom-actual").addEventListener("click", () => setZoom(actualZoom(), state.u, state.v));
  $("viewer-previous").addEventListener("click", () => step(-1));
  $("viewer-next").addEventListener("click", () => step(1));
  for (const side of sides) image(side).addEventListener("load", layout);
  window.addEventListener("resize", () => { if (dialog.open) layout(); });

  stage.addEventListener("keydown", stageKeys);
  stage.addEventListener("wheel", (e) => {
    e.preventDefault();
    zoomBy(Math.exp(-e.deltaY * 0.0015), paneAt(e.clientX), e.clientX, e.clientY);
  }, { passive: false });
  stage.addEventListener("dblclick", (e) => zoomBy(state.zoom > 1.01 ? 1 / state.zoom : 2.5, paneAt(e.clientX), e.clientX, e.clientY));
  pointerGestures(stage);

  const divider = $("divider");
  divider.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: -0.05, ArrowRight: 0.05, ArrowDown: -0.05, ArrowUp: 0.05, PageDown: -0.2, PageUp: 0.2 };
    if (e.key in moves) setSplit(state.split + moves[e.key]);
    else if (e.key === "Home") setSplit(0);
    else if (e.key === "End") setSplit(1);
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
}

export function openViewer(view, position) {
  state.view = view;
  show(position);
  $("viewer").showModal();
  $("stage").focus();
}

const image = (side) => $(`image-${side}`);
const pane = (side) => $(`pane-${side}`);
const doneFiles = () => state.view.files.filter((file) => file.state === "done");

function show(position) {
  const file = state.view.files[position];
  state.position = position;
  state.zoom = 1; state.u = 0.5; state.v = 0.5; state.split = 0.5; state.full = {};
  $("viewer-title").textContent = file.name;
  $("viewer-operation").textContent = state.view.operation;
  const download = $("viewer-download");
  download.href = `${file.output}?download=true`;
  download.download = file.outputName;
  download.replaceChildren("Download ", el("span", { className: "file", text: file.outputName }));
  for (const side of sides) { delete image(side).dataset.width; delete image(side).dataset.height; }
  image("before").alt = `${file.name}, original`;
  image("after").alt = `${file.name} after ${state.view.operation}`;
  image("before").src = `${file.input}/view`;
  image("after").src = `${file.output}/view`;
  const done = doneFiles();
  const index = done.indexOf(file);
  $("viewer-previous").disabled = index <= 0;
  $("viewer-next").disabled = index < 0 || index >= done.length - 1;
  $("viewer-count").textContent = done.length > 1 ? `${index + 1} of ${done.length}` : "";
  layout();
}

function step(by) {
  const done = doneFiles();
  const next = done[done.indexOf(state.view.files[state.position]) + by];
  if (!next) return;
  show(next.position);
  announce(`${next.name}, ${done.indexOf(next) + 1} of ${done.length}`);
}

// Layout sizes of an image: its preview's pixels (the full image, once loaded, is drawn into the same box).
function size(side) {
  const img = image(side);
  if (img.dataset.width) return { width: Number(img.dataset.width), height: Number(img.dataset.height) };
  if (!img.naturalWidth) return null;
  img.dataset.width = img.naturalWidth;
  img.dataset.height = img.naturalHeight;
  return { width: img.naturalWidth, height: img.naturalHeight };
}

function sameShape() {
  const before = size("before"), after = size("after");
  return !before || !after || Math.abs(before.width / before.height - after.width / after.height) < 0.01 * (before.width / before.height);
}

function setMode(mode) {
  state.mode = mode;
  layout();
  announce(mode === "slider" ? "Divider view." : "Side by side.");
}

function layout() {
  const slider = sameShape();
  $("mode-slider").disabled = !slider;
  $("mode-slider").title = slider ? "" : "The output's shape differs from the input's: shown side by side";
  const mode = slider ? state.mode : "side";
  $("stage").dataset.mode = mode;
  $("mode-slider").setAttribute("aria-pressed", String(mode === "slider"));
  $("mode-side").setAttribute("aria-pressed", String(mode === "side"));
  $("divider").hidden = mode !== "slider";
  for (const side of sides) place(side, mode);
  setSplit(state.split);
  const scale = cssScale("before", mode);
  const file = state.view?.files[state.position];
  const percent = scale && file?.width ? Math.round((100 * scale * size("before").width) / file.width) : null;
  $("zoom-level").textContent = state.zoom <= 1.001 ? "Fit" : percent ? `${percent}%` : "";
}

/** Screen (CSS) pixels per layout pixel of the image on its pane. */
function cssScale(side, mode = $("stage").dataset.mode) {
  const box = geometry(side, mode);
  return box ? box.scale : null;
}

function geometry(side, mode = $("stage").dataset.mode) {
  // Over each other, the output is drawn in the input's box.
  const shape = size(mode === "slider" ? "before" : side);
  const rect = pane(side).getBoundingClientRect();
  if (!shape || !rect.width) return null;
  const fit = Math.min(rect.width / shape.width, rect.height / shape.height);
  const scale = fit * state.zoom;
  return {
    rect, shape, scale,
    x: rect.width / 2 - state.u * shape.width * scale,
    y: rect.height / 2 - state.v * shape.height * scale,
  };
}

function place(side, mode) {
  const box = geometry(side, mode);
  const img = image(side);
  if (!box) return;
  img.style.width = `${box.shape.width}px`;
  img.style.height = `${box.shape.height}px`;
  img.style.transform = `translate(${box.x}px, ${box.y}px) scale(${box.scale})`;
  img.classList.toggle("pixelated", img.naturalWidth > 0 && (box.scale * box.shape.width) / img.naturalWidth > 3);
  loadFullIfNeeded(side, box.scale);
}

// A preview of 2048 px may be smaller than the image: past one screen pixel per preview pixel, load every pixel.
function loadFullIfNeeded(side, scale) {
  const shape = size(side);
  const file = state.view.files[state.position];
  const reduced = side === "before" ? file.width > shape.width : Math.max(shape.width, shape.height) >= ViewSide;
  if (!reduced || state.full[side] || scale * devicePixelRatio <= 1.05) return;
  state.full[side] = true;
  const full = new Image();
  const base = side === "before" ? file.input : file.output;
  full.onload = () => { if (state.view.files[state.position] === file) image(side).src = full.src; };
  full.src = `${base}/full`;
}

function actualZoom() {
  const box = geometry("before");
  const file = state.view.files[state.position];
  if (!box || !file.width) return 1;
  return (file.width / box.shape.width) / (box.scale / state.zoom);
}

function setZoom(zoom, u, v) {
  const limit = maxZoom();
  state.zoom = Math.min(Math.max(zoom, 0.5), limit);
  state.u = Math.min(Math.max(u, 0), 1);
  state.v = Math.min(Math.max(v, 0), 1);
  layout();
}

function maxZoom() {
  const box = geometry("before");
  return box ? Math.max(1, (MaxCssScale * (state.view.files[state.position].width || box.shape.width) / box.shape.width) / (box.scale / state.zoom)) : 8;
}

/** Zooms by a factor, keeping the image point under (x, y) (client coordinates) where it is; the pane's centre by default. */
function zoomBy(factor, side = "before", x, y) {
  const box = geometry(side);
  // Before the picture has loaded, keep the zoom asked for; the layout applies it on load.
  if (!box) return setZoom(state.zoom * factor, state.u, state.v);
  const px = x === undefined ? box.rect.width / 2 : x - box.rect.left;
  const py = y === undefined ? box.rect.height / 2 : y - box.rect.top;
  const ix = (px - box.x) / box.scale, iy = (py - box.y) / box.scale;
  const zoom = Math.min(Math.max(state.zoom * factor, 0.5), maxZoom());
  const scale = (box.scale / state.zoom) * zoom;
  const u = (box.rect.width / 2 - (px - ix * scale)) / (box.shape.width * scale);
  const v = (box.rect.height / 2 - (py - iy * scale)) / (box.shape.height * scale);
  setZoom(zoom, zoom <= 1 ? 0.5 : u, zoom <= 1 ? 0.5 : v);
}

function panBy(dx, dy, side = "before") {
  const box = geometry(side);
  if (!box) return;
  setZoom(state.zoom, state.u - dx / (box.shape.width * box.scale), state.v - dy / (box.shape.height * box.scale));
}

function setSplit(split) {
  state.split = Math.min(Math.max(split, 0), 1);
  const percent = Math.round(state.split * 100);
  const divider = $("divider");
  divider.style.left = `${percent}%`;
  divider.setAttribute("aria-valuenow", String(percent));
  divider.setAttribute("aria-valuetext", `${percent}% before, ${100 - percent}% after`);
  pane("after").style.clipPath = $("stage").dataset.mode === "slider" ? `inset(0 0 0 ${percent}%)` : "";
}

function paneAt(clientX) {
  if ($("stage").dataset.mode !== "side") return "before";
  return clientX >= pane("after").getBoundingClientRect().left ? "after" : "before";
}

function stageKeys(e) {
  if (e.target !== $("stage")) return;
  const box = geometry("before");
  const stepX = (box?.rect.width || 400) * 0.1, stepY = (box?.rect.height || 300) * 0.1;
  const keys = {
    ArrowLeft: () => panBy(stepX, 0), ArrowRight: () => panBy(-stepX, 0), ArrowUp: () => panBy(0, stepY), ArrowDown: () => panBy(0, -stepY),
    "+": () => zoomBy(1.5), "=": () => zoomBy(1.5), "-": () => zoomBy(1 / 1.5), 0: () => setZoom(1, 0.5, 0.5), 1: () => setZoom(actualZoom(), state.u, state.v),
    PageUp: () => step(-1), PageDown: () => step(1),
  };
  if (!(e.key in keys)) return;
  e.preventDefault();
  keys[e.key]();
}

// One pointer pans (or drags the divider); two pinch to zoom.
function pointerGestures(stage) {
  const pointers = new Map();
  let dragging = null;
  stage.addEventListener("pointerdown", (e) => {
    if (e.target.closest("button")) return;
    stage.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    dragging = pointers.size === 1 && e.target.closest("#divider") ? "divider" : "pan";
  });
  stage.addEventListener("pointermove", (e) => {
    const last = pointers.get(e.pointerId);
    if (!last) return;
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const before = Math.hypot(a.x - b.x, a.y - b.y);
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      const [c, d] = [...pointers.values()];
      const after = Math.hypot(c.x - d.x, c.y - d.y);
      if (before > 0) zoomBy(after / before, paneAt((c.x + d.x) / 2), (c.x + d.x) / 2, (c.y + d.y) / 2);
      return;
    }
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (dragging === "divider") {
      const rect = stage.getBoundingClientRect();
      setSplit((e.clientX - rect.left) / rect.width);
    } else {
      panBy(e.clientX - last.x, e.clientY - last.y, paneAt(e.clientX));
    }
  });
  const end = (e) => { pointers.delete(e.pointerId); if (!pointers.size) dragging = null; };
  stage.addEventListener("pointerup", end);
  stage.addEventListener("pointercancel", end);
}
