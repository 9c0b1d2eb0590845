// The page: upload a batch, poll its progress, show inputs and outputs side by side. No build step.
const $ = (id) => document.getElementById(id);
const form = $("upload"), files = $("files"), op = $("op"), spec = $("spec"), drop = $("drop");
let chosen = [];

async function loadOps() {
  const ops = await (await fetch("/api/ops")).json();
  for (const o of ops) { const option = new Option(o.name, o.name); option.title = o.description; op.add(option); }
  op.value = "gaussian";
  op.dispatchEvent(new Event("change"));
}
op.addEventListener("change", () => { spec.value = op.value; $("op-help").textContent = op.selectedOptions[0]?.title || ""; });

function choose(list) {
  chosen = [...list];
  $("drop-text").textContent = chosen.length ? `${chosen.length} file(s): ${chosen.map((f) => f.name).join(", ")}` : "Drop images here, or click to choose files";
}
files.addEventListener("change", () => choose(files.files));
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); choose(e.dataTransfer.files); });

function showError(message) { $("form-error").textContent = message; $("form-error").hidden = !message; }

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  showError("");
  if (!chosen.length) { showError("Choose at least one image."); return; }
  const body = new FormData();
  body.append("op", spec.value);
  for (const f of chosen) body.append("files", f, f.name);
  $("submit").disabled = true;
  try {
    const response = await fetch("/api/batches", { method: "POST", body });
    const result = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
    if (!response.ok) { showError(result.error || `The server answered ${response.status}.`); return; }
    follow(result.id);
  } catch (err) {
    showError("The server cannot be reached: " + err.message);
  } finally {
    $("submit").disabled = false;
  }
});

async function follow(id) {
  $("batch").hidden = false;
  $("images").replaceChildren();
  for (;;) {
    const status = await (await fetch(`/api/batches/${id}`)).json();
    render(status);
    if (status.ended) return;
    await new Promise((r) => setTimeout(r, 400));
  }
}

function render(s) {
  const total = s.imageCount + s.rejected.length;
  const ended = s.done + s.failed + s.rejected.length;
  $("batch-title").textContent = `${s.operation || spec.value}: ${ended} of ${total} ended`;
  $("batch-bar").style.width = `${total ? (100 * (s.tileCount ? s.tilesDone / s.tileCount : ended / total)) : 100}%`;
  $("batch-text").textContent = `${s.done} done, ${s.failed + s.rejected.length} failed; ${s.tilesDone}/${s.tileCount} tiles` + (s.ended ? "" : " - working...");
  $("zip").hidden = !s.zip;
  if (s.zip) $("zip").href = s.zip;
  for (const image of s.images) card(`i${image.index}`, image.name, image.state, image.reason, image);
  for (const [n, r] of s.rejected.entries()) card(`r${n}`, r.name, "failed", r.reason, null);
}

function card(key, name, state, reason, image) {
  let li = document.querySelector(`[data-key="${key}"]`);
  if (!li) {
    li = document.createElement("li");
    li.className = "image";
    li.dataset.key = key;
    li.dataset.name = name;
    li.innerHTML = `<header><span class="name"></span><span class="state"></span><span class="tiles"></span><a class="download" hidden download>Download</a></header>
      <p class="error" hidden></p><div class="pair" hidden><figure class="input"><img alt="input"><figcaption>input</figcaption></figure>
      <figure class="output"><figcaption>output</figcaption></figure></div>`;
    li.querySelector(".name").textContent = name;
    $("images").append(li);
  }
  li.dataset.state = state;
  const badge = li.querySelector(".state");
  badge.textContent = state;
  badge.className = `state ${state}`;
  li.querySelector(".error").hidden = !reason;
  li.querySelector(".error").textContent = reason || "";
  if (!image) return;
  li.querySelector(".tiles").textContent = image.tileCount > 1 ? `${image.tilesDone}/${image.tileCount} tiles` : "";
  const pair = li.querySelector(".pair");
  if (state !== "failed") {
    pair.hidden = false;
    const input = li.querySelector(".input img");
    if (!input.src) input.src = image.input;
  }
  if (image.output && !li.querySelector(".output img")) {
    const out = new Image();
    out.alt = `output of ${name}`;
    out.src = image.output;
    li.querySelector(".output").prepend(out);
    const link = li.querySelector(".download");
    link.href = `${image.output}?download=true`;
    link.download = image.outputName;
    link.hidden = false;
  }
}

document.addEventListener("click", (e) => {
  if (e.target.matches(".pair img")) { $("zoom").querySelector("img").src = e.target.src; $("zoom").hidden = false; }
  else if (e.target.closest("#zoom")) $("zoom").hidden = true;
});

loadOps();
