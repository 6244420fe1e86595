/**
 * verify.html's script: the offline verifier (../bundle.mjs, the same code as
 * casevault-verify, with web/crypto.mjs in place of ../crypto.mjs) run on the
 * ZIP the user chooses or drops, the result shown with view.ts.
 *
 * Must always hold: nothing leaves the page (its CSP has connect-src 'none');
 * text from the bundle reaches the document only as textContent; a new check
 * replaces the previous result, and a result is shown only for the file the
 * user chose last.
 */
import { BundleUnreadableError, parseExpected, parseTsaCertificates, verifyBundle, type VerifyResult } from "../../verify-core.mjs";
import { blobSource } from "./blob-source";
import { LANGUAGES, pickLanguage, WORDS, type Language } from "./messages";
import { viewOf, type Line } from "./view";

const byId = <T extends HTMLElement>(id: string) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`verify.html: #${id} is missing`);
  return element as T;
};

const STATIC_TEXT = {
  title: "title",
  intro: "intro",
  offline: "offline",
  "choose-label": "chooseLabel",
  "drop-hint": "dropHint",
  "fingerprints-label": "fingerprintsLabel",
  "fingerprints-hint": "fingerprintsHint",
  "tsa-label": "tsaLabel",
  "tsa-hint": "tsaHint",
  "exhibits-heading": "exhibitsHeading",
  "documents-heading": "documentsHeading",
  "structure-heading": "structureHeading",
  "keys-heading": "keysHeading",
  "keys-hint": "keysHint",
  "report-heading": "reportHeading",
  "how-heading": "howHeading",
  how: "how",
} as const;

type Checked = { name: string; result: VerifyResult } | { name: string; unreadable: string };

let language: Language = pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
let file: File | null = null;
/** The TSA certificates the user gave (--tsa-cert in the CLI); null: timestamps are reported "TSA not verified". */
let tsaCerts: ReturnType<typeof parseTsaCertificates>["certificates"] | null = null;
let last: Checked | null = null;
let run = 0;

const words = () => WORDS[language];

function setStatus(text: string, error = false) {
  const status = byId("status");
  status.textContent = text;
  status.classList.toggle("error", error);
}

function fill(list: HTMLElement, lines: Line[]) {
  list.replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement("li");
      item.className = line.ok ? "pass" : "fail";
      const head = document.createElement("div");
      head.className = "line-head";
      const badge = document.createElement("span");
      badge.className = `badge ${line.ok ? "pass" : "fail"}`;
      badge.textContent = line.ok ? words().pass : words().fail;
      const title = document.createElement("span");
      title.className = "line-title";
      title.textContent = line.title;
      head.append(badge, title);
      item.append(head);
      for (const detail of line.details) {
        const p = document.createElement("p");
        p.className = "line-detail";
        p.textContent = detail;
        item.append(p);
      }
      return item;
    }),
  );
}

function paragraphs(container: HTMLElement, texts: string[]) {
  container.replaceChildren(
    ...texts.map((text) => {
      const p = document.createElement("p");
      p.textContent = text;
      return p;
    }),
  );
}

function render() {
  const w = words();
  document.documentElement.lang = language;
  document.title = w.title;
  for (const [id, key] of Object.entries(STATIC_TEXT)) byId(id).textContent = w[key];
  for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === language));
  const section = byId("result");
  if (!last) {
    section.hidden = true;
    return;
  }
  if ("unreadable" in last) {
    section.hidden = true;
    setStatus(w.unreadable(last.unreadable), true);
    return;
  }
  setStatus(w.checked(last.name));
  const view = viewOf(last.result, w);
  const verdict = byId("verdict");
  verdict.className = `verdict ${view.tone}`;
  byId("verdict-title").textContent = view.title;
  paragraphs(byId("verdict-text"), view.summary);
  paragraphs(byId("about"), view.about);
  fill(byId("exhibits"), view.exhibits);
  fill(byId("documents"), view.documents);
  fill(byId("structure"), [view.structure]);
  byId("people").replaceChildren(
    ...view.people.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }),
  );
  byId("report").textContent = view.report;
  section.hidden = false;
}

function expected(): string[] | null | "invalid" {
  const text = byId<HTMLTextAreaElement>("fingerprints").value.trim();
  if (text === "") return null;
  try {
    return parseExpected(text);
  } catch (error) {
    setStatus(words().fingerprintsInvalid(error instanceof Error ? error.message : String(error)), true);
    return "invalid";
  }
}

async function check() {
  if (!file) return;
  const mine = ++run;
  const chosen = file;
  const expect = expected();
  if (expect === "invalid") return;
  last = null;
  render();
  let read = 0;
  let shown = -1;
  const source = blobSource(chosen, (bytes) => {
    read += bytes;
    // Reads overlap (headers, then data): cap at 99 until the result is in.
    const percent = Math.min(99, Math.floor((read * 100) / Math.max(1, chosen.size)));
    if (percent !== shown && mine === run) {
      shown = percent;
      setStatus(words().checking(percent));
    }
  });
  setStatus(words().checking(0));
  let outcome: Checked;
  try {
    outcome = { name: chosen.name, result: await verifyBundle(source, { expect, tsaCerts }) };
  } catch (error) {
    outcome = { name: chosen.name, unreadable: error instanceof BundleUnreadableError || error instanceof Error ? error.message : String(error) };
  }
  if (mine !== run) return; // the user chose another file meanwhile
  last = outcome;
  render();
  byId("verdict").focus({ preventScroll: true });
}

function choose(files: FileList | null | undefined) {
  const chosen = files?.[0];
  if (!chosen) return;
  file = chosen;
  void check();
}

/** A certificate file replaces the one before; one that cannot be read is refused and none is used. */
async function chooseTsaCertificate(chosen: File | undefined) {
  tsaCerts = null;
  if (chosen) {
    const parsed = parseTsaCertificates(await chosen.text());
    if (parsed.problem !== undefined) {
      setStatus(words().tsaInvalid(parsed.problem), true);
      return;
    }
    tsaCerts = parsed.certificates;
  }
  await check();
}

function start() {
  render();
  const input = byId<HTMLInputElement>("bundle");
  input.addEventListener("change", () => choose(input.files));
  const drop = byId("drop");
  const over = (on: boolean) => (event: DragEvent) => {
    event.preventDefault();
    drop.classList.toggle("over", on);
  };
  drop.addEventListener("dragenter", over(true));
  drop.addEventListener("dragover", over(true));
  drop.addEventListener("dragleave", over(false));
  drop.addEventListener("drop", (event) => {
    over(false)(event);
    // The input would otherwise still name the file chosen before.
    input.value = "";
    choose(event.dataTransfer?.files);
  });
  // A file dropped beside the zone must not make the browser navigate away from the page.
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());
  byId("fingerprints").addEventListener("change", () => void check());
  const tsaInput = byId<HTMLInputElement>("tsa-cert");
  tsaInput.addEventListener("change", () => void chooseTsaCertificate(tsaInput.files?.[0]));
  for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-lang]")) {
    button.addEventListener("click", () => {
      const next = LANGUAGES.find((l) => l === button.dataset.lang);
      if (!next) return;
      language = next;
      render();
    });
  }
  byId("verdict").tabIndex = -1;
}

start();
