// Choosing images (button, keyboard, or drop) and uploading them with progress and a way to cancel.
// Files over the size limit are never sent: they are declared by name and size, so the batch still lists
// every chosen file, in the order chosen, with the server's reason.
import { $, el, announce, megabytes, count, setProgress } from "./ui.js";
import { lost, reached } from "./api.js";

let settings = { maxFileBytes: 50 * 1024 * 1024, maxFiles: 50 };
let chosen = [];
let uploading = null;

export function initUpload(serverSettings, onChange) {
  settings = serverSettings;
  const files = $("files"), drop = $("drop");
  $("choose").addEventListener("click", () => files.click());
  files.addEventListener("change", () => { add([...files.files]); files.value = ""; onChange(); });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); add([...e.dataTransfer.files]); onChange(); });
  $("clear-files").addEventListener("click", () => { chosen = []; renderChosen(); onChange(); $("choose").focus(); });
  $("cancel-upload").addEventListener("click", () => uploading?.abort());
  $("limits-hint").textContent = `PNG, JPEG, WebP, TIFF or BMP; up to ${settings.maxFiles} files of ${megabytes(settings.maxFileBytes)} each.`;
  renderChosen();
}

export const chosenCount = () => chosen.length;

const tooLarge = (file) => file.size > settings.maxFileBytes;

function add(files) {
  chosen.push(...files);
  renderChosen();
  announce(`${count(chosen.length, "image")} chosen.`);
}

function renderChosen() {
  const list = $("chosen");
  list.replaceChildren(...chosen.map((file, index) => el("li", { className: tooLarge(file) ? "too-large" : "" },
    el("span", { className: "file-name", text: file.name }),
    el("span", { className: "file-size", text: megabytes(file.size) }),
    tooLarge(file) ? el("span", { className: "warn", text: `Over the ${megabytes(settings.maxFileBytes)} limit: it will not be uploaded.` }) : null,
    el("button", {
      type: "button", className: "icon", "aria-label": `Remove ${file.name}`, title: `Remove ${file.name}`,
      onclick: () => {
        chosen.splice(index, 1);
        renderChosen();
        (list.children[Math.min(index, chosen.length - 1)]?.querySelector("button") || $("choose")).focus();
      },
    }, el("span", { "aria-hidden": "true", text: "✕" })))));
  list.hidden = chosen.length === 0;
  $("clear-files").hidden = chosen.length === 0;
  const sending = chosen.filter((file) => !tooLarge(file));
  $("chosen-summary").textContent = chosen.length
    ? `${count(chosen.length, "image")} chosen, ${megabytes(sending.reduce((sum, file) => sum + file.size, 0))} to upload.`
    : "No images chosen yet.";
}

/**
 * Uploads the chosen files with the operation and output settings.
 * @returns the server's answer ({ id }) or throws an Error whose message is for people; null when cancelled.
 */
export function upload(spec, format, quality) {
  if (!chosen.length) throw new Error("Choose at least one image first.");
  if (chosen.length > settings.maxFiles) throw new Error(`${chosen.length} images is too many for one batch: the limit is ${settings.maxFiles}.`);
  const sending = chosen.filter((file) => !tooLarge(file));
  if (!sending.length) throw new Error(`Every chosen image is over the ${megabytes(settings.maxFileBytes)} limit.`);

  const body = new FormData();
  body.append("op", spec);
  body.append("format", format);
  if (quality) body.append("quality", quality);
  body.append("declared", JSON.stringify(chosen.map((file) => ({ name: file.name, size: file.size }))));
  for (const file of sending) body.append("files", file, file.name);

  const bar = $("upload-bar");
  $("upload-progress").hidden = false;
  setProgress(bar, 0, "Starting the upload");
  let announced = 0;
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    uploading = request;
    request.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const fraction = e.loaded / e.total;
      setProgress(bar, fraction, `${megabytes(e.loaded)} of ${megabytes(e.total)} uploaded`);
      $("upload-text").textContent = `Uploading ${count(sending.length, "image")}: ${megabytes(e.loaded)} of ${megabytes(e.total)}`;
      const quarter = Math.floor(fraction * 4);
      if (quarter > announced && quarter < 4) { announced = quarter; announce(`Upload ${quarter * 25}% done.`); }
    });
    request.upload.addEventListener("load", () => { $("upload-text").textContent = "Checking the images…"; });
    const finish = () => { uploading = null; $("upload-progress").hidden = true; };
    request.addEventListener("load", () => {
      finish();
      reached();
      let answer = {};
      try { answer = JSON.parse(request.responseText); } catch { /* not JSON: the status says it */ }
      if (request.status >= 200 && request.status < 300) {
        chosen = [];
        renderChosen();
        resolve(answer);
      } else {
        reject(new Error(answer.error || `The server answered ${request.status}.`));
      }
    });
    request.addEventListener("error", () => { finish(); lost(); reject(new Error("The upload failed: the server cannot be reached.")); });
    request.addEventListener("abort", () => { finish(); announce("Upload cancelled."); resolve(null); });
    request.open("POST", "/api/batches");
    request.setRequestHeader("Accept", "application/json");
    request.send(body);
  });
}
