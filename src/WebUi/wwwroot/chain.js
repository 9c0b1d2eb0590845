// The operation: a chain of steps built from the server's own list of operations and parameters, kept in
// step with the spec field both ways. Editing the form writes the spec; a typed spec, once the server has
// parsed it, rebuilds the form. Nothing here parses specs: the server does, with the pipeline's parser.
import { $, el } from "./ui.js";
import { getJson, ServerError } from "./api.js";

const byName = new Map();
let operations = [];
/** Each step: its operation's name and the parameters given, as text (defaults left out). */
let steps = [{ name: "gaussian", values: {} }];
let checkTimer = 0;
let checkNumber = 0;

export async function initChain() {
  operations = await getJson("/api/ops");
  for (const op of operations) byName.set(op.name, op);
  $("add-step").addEventListener("click", () => {
    steps.push({ name: "gaussian", values: {} });
    render();
    writeSpec();
    $("steps").lastElementChild.querySelector("select").focus();
  });
  $("spec").addEventListener("input", () => scheduleCheck(true));
  render();
  writeSpec();
}

export const specText = () => $("spec").value.trim();

/** Describes the chain in words for titles: "gaussian, then canny". */
export const chainWords = (spec) => spec.split("|").map((step) => step.split(":")[0]).join(", then ");

function render() {
  $("steps").replaceChildren(...steps.map((step, index) => stepItem(step, index)));
}

function stepItem(step, index) {
  const op = byName.get(step.name);
  const id = `step-${index}`;
  const select = el("select", { id: `${id}-op`, className: "step-op" },
    group("Seed operations", operations.filter((o) => o.seed)),
    group("More operations", operations.filter((o) => !o.seed)));
  select.value = step.name;
  select.addEventListener("change", () => {
    steps[index] = { name: select.value, values: {} };
    const fresh = stepItem(steps[index], index);
    $("steps").children[index].replaceWith(fresh);
    fresh.querySelector("select").focus();
    writeSpec();
  });

  const last = steps.length - 1;
  const tools = el("div", { className: "step-tools" },
    iconButton("↑", `Move step ${index + 1} up`, index === 0, () => move(index, -1)),
    iconButton("↓", `Move step ${index + 1} down`, index === last, () => move(index, 1)),
    iconButton("✕", `Remove step ${index + 1}`, last === 0, () => remove(index)));
  return el("li", { className: "step", dataset: { index } },
    el("div", { className: "step-head" },
      el("label", { htmlFor: select.id, className: "step-label" }, `Step ${index + 1}`), tools),
    select,
    el("details", { className: "step-help" }, el("summary", { text: "How it works" }),
      el("p", { className: "hint", text: op?.description || "" })),
    el("div", { className: "params" }, ...(op?.parameters || []).map((parameter) => parameterField(step, index, parameter))));
}

function group(label, ops) {
  return el("optgroup", { label }, ...ops.map((op) => el("option", { value: op.name, text: `${op.name} — ${op.title}` })));
}

function iconButton(symbol, label, disabled, action) {
  return el("button", { type: "button", className: "icon", "aria-label": label, title: label, disabled, onclick: action },
    el("span", { "aria-hidden": "true", text: symbol }));
}

function move(index, by) {
  const [step] = steps.splice(index, 1);
  steps.splice(index + by, 0, step);
  render();
  writeSpec();
  const button = $("steps").children[index + by].querySelectorAll(".step-tools button")[by < 0 ? 0 : 1];
  (button.disabled ? $("steps").children[index + by].querySelector("select") : button).focus();
}

function remove(index) {
  steps.splice(index, 1);
  render();
  writeSpec();
  $("steps").children[Math.min(index, steps.length - 1)].querySelector("select").focus();
}

function parameterField(step, index, parameter) {
  const id = `step-${index}-${parameter.name}`;
  const value = step.values[parameter.name] ?? parameter.default;
  const range = parameter.kind === "choice" ? parameter.choices.join(", ")
    : `${parameter.min} to ${parameter.max}${parameter.oddOnly ? ", odd" : ""}`;
  const help = el("p", { id: `${id}-help`, className: "hint", text: `${parameter.description}; ${range}; default ${parameter.default}` });
  const set = (text) => {
    const isDefault = parameter.kind === "choice" ? text === parameter.default : Number(text) === Number(parameter.default);
    if (isDefault || text === "") delete step.values[parameter.name];
    else step.values[parameter.name] = text;
    writeSpec();
  };

  if (parameter.kind === "choice" && parameter.choices.length <= 4) {
    return el("fieldset", { className: "param choice", "aria-describedby": help.id },
      el("legend", { text: parameter.name }),
      el("div", { className: "segmented" }, ...parameter.choices.map((choice) => el("label", {},
        el("input", { type: "radio", name: id, value: choice, checked: choice === value, onchange: () => set(choice) }),
        el("span", { text: choice })))),
      help);
  }
  if (parameter.kind === "choice") {
    const select = el("select", { id, "aria-describedby": help.id, onchange: () => set(select.value) },
      ...parameter.choices.map((choice) => el("option", { value: choice, text: choice })));
    select.value = value;
    return el("div", { className: "param" }, el("label", { htmlFor: id, text: parameter.name }), select, help);
  }

  const step_ = parameter.kind === "integer" ? (parameter.oddOnly ? 2 : 1) : "any";
  const number = el("input", {
    type: "number", id, min: parameter.min, max: parameter.max, step: step_, value, inputMode: parameter.kind === "integer" ? "numeric" : "decimal",
    "aria-describedby": help.id,
  });
  const slider = el("input", {
    type: "range", min: parameter.min, max: parameter.max, step: sliderStep(parameter), value, "aria-label": `${parameter.name}, slider`,
    "aria-describedby": help.id, tabIndex: -1,
  });
  number.addEventListener("input", () => {
    const valid = number.value !== "" && number.checkValidity();
    number.setAttribute("aria-invalid", String(!valid));
    if (valid) slider.value = number.value;
    set(number.value);
  });
  slider.addEventListener("input", () => {
    number.value = slider.value;
    number.setAttribute("aria-invalid", "false");
    set(slider.value);
  });
  return el("div", { className: "param" }, el("label", { htmlFor: id, text: parameter.name }),
    el("div", { className: "param-inputs" }, number, slider), help);
}

// Whole numbers move by one (odd ones by two); real ranges by a step that suits their width.
function sliderStep(parameter) {
  if (parameter.kind === "integer") return parameter.oddOnly ? 2 : 1;
  const span = parameter.max - parameter.min;
  return span <= 20 ? 0.01 : span <= 200 ? 0.1 : 1;
}

function writeSpec() {
  $("spec").value = steps.map((step) => {
    const op = byName.get(step.name);
    const given = (op?.parameters || []).filter((p) => step.values[p.name] !== undefined).map((p) => `${p.name}=${step.values[p.name]}`);
    return given.length ? `${step.name}:${given.join(",")}` : step.name;
  }).join("|");
  scheduleCheck(false);
}

/** Asks the server whether the spec is valid; a typed spec that is rebuilds the form. */
function scheduleCheck(rebuild) {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(() => check(rebuild), rebuild ? 350 : 150);
}

async function check(rebuild) {
  const number = ++checkNumber;
  const text = specText();
  let result = null;
  let problem = "";
  try {
    result = await getJson(`/api/ops/check?op=${encodeURIComponent(text)}`);
  } catch (error) {
    problem = error instanceof ServerError ? error.message : "";
  }
  if (number !== checkNumber) return;
  const message = $("spec-error");
  message.textContent = problem;
  message.hidden = !problem;
  $("spec").setAttribute("aria-invalid", String(Boolean(problem)));
  if (result && rebuild) {
    steps = result.steps.map((step) => ({ name: step.name, values: { ...step.parameters } }));
    render();
  }
}
