// Talking to the server: JSON requests with a time limit, and one banner that says when the server cannot
// be reached and goes away, with an announcement, when it answers again.
import { $, announce } from "./ui.js";

const RequestTimeoutMs = 6000;
let lostAt = null;

/** The server answered, with a refusal or an error of its own. */
export class ServerError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** The server did not answer at all. */
export class Unreachable extends Error {}

export async function getJson(url, signal) { return request(url, { signal }); }

export async function postJson(url) { return request(url, { method: "POST" }); }

async function request(url, { method = "GET", signal } = {}) {
  const limit = AbortSignal.timeout(RequestTimeoutMs);
  let response;
  try {
    response = await fetch(url, { method, headers: { Accept: "application/json" }, signal: signal ? AbortSignal.any([signal, limit]) : limit });
  } catch (error) {
    if (signal?.aborted) throw error;
    lost();
    throw new Unreachable("The server cannot be reached.");
  }
  // A proxy in front of a stopped server answers for it.
  if ([502, 503, 504].includes(response.status) && !response.headers.get("content-type")?.includes("json")) {
    lost();
    throw new Unreachable("The server cannot be reached.");
  }
  reached();
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ServerError(response.status, body.error || `The server answered ${response.status}.`);
  return body;
}

/** Called by anything that failed to reach the server (the upload too). */
export function lost() {
  if (lostAt) return;
  lostAt = new Date();
  const banner = $("connection");
  banner.className = "connection lost";
  banner.textContent = `The server is not answering (since ${lostAt.toLocaleTimeString()}). ` +
    "This page keeps trying, and carries on by itself as soon as the server is back.";
  banner.hidden = false;
}

export function reached() {
  if (!lostAt) return;
  lostAt = null;
  const banner = $("connection");
  banner.hidden = true;
  banner.textContent = "";
  announce("The server is answering again.");
  document.dispatchEvent(new CustomEvent("server-back"));
}

export const isLost = () => lostAt !== null;
