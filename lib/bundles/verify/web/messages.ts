/**
 * The words of verify.html, in English and Russian (the languages bundles are
 * exported in). Technical details (hashes, ZIP problems, the full report) stay
 * in the CLI's English so that they read the same as casevault-verify's output.
 */
import type { ExhibitFailure } from "../../verify-core.mjs";

export type Language = "en" | "ru";

export const LANGUAGES: readonly Language[] = ["en", "ru"];

/** The first of the browser's languages that the page speaks; English otherwise. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "ru") return "ru";
    if (base === "en") return "en";
  }
  return "en";
}

type Words = {
  languageName: string;
  /** For dates: shown in UTC, named, so every reader sees the same instant. */
  locale: string;
  title: string;
  intro: string;
  offline: string;
  chooseLabel: string;
  dropHint: string;
  fingerprintsLabel: string;
  fingerprintsHint: string;
  fingerprintsInvalid: (reason: string) => string;
  tsaLabel: string;
  tsaHint: string;
  tsaInvalid: (reason: string) => string;
  stampedLine: (when: string, tsa: string, checked: boolean) => string;
  checking: (percent: number) => string;
  checked: (name: string) => string;
  unreadable: (reason: string) => string;
  notZip: string;
  pass: string;
  fail: string;
  verdictPass: (n: number) => string;
  verdictUnverifiedTitle: string;
  verdictTsaUnverifiedTitle: string;
  verdictTsaUnverified: (n: number) => string;
  verdictUnverified: (n: number) => string;
  verdictFailTitle: string;
  verdictFail: (failed: number, total: number) => string;
  verdictManifest: string;
  verdictStructure: (n: number) => string;
  verdictIdentity: (n: number) => string;
  bundleLine: (name: string, reference: string, exportedAt: string) => string;
  exporterLine: (who: string) => string;
  exhibitsHeading: string;
  documentsHeading: string;
  structureHeading: string;
  structureOk: string;
  keysHeading: string;
  keysHint: string;
  exhibit: (number: string, name: string) => string;
  signedBy: (when: string, who: string) => string;
  retiredKey: (until: string) => string;
  fingerprint: (digits: string) => string;
  noFingerprint: string;
  reasons: Record<ExhibitFailure, string>;
  identityProblem: (role: string, reason: string) => string;
  reportHeading: string;
  howHeading: string;
  how: string;
};

const en: Words = {
  languageName: "English",
  locale: "en-GB",
  title: "Check a Casevault court bundle",
  intro: "This page checks that every file in the bundle is exactly the file that was signed, and who signed it.",
  offline: "It works on this computer only: nothing is uploaded, and it needs no internet connection.",
  chooseLabel: "Choose the bundle (.zip file)",
  dropHint: "or drop the ZIP file here",
  fingerprintsLabel: "Fingerprints the organisation gave you (optional)",
  fingerprintsHint: "40 digits per person, spaces allowed, a comma between people. With them, the check also confirms who signed.",
  fingerprintsInvalid: (reason) => `These fingerprints cannot be used: ${reason}`,
  tsaLabel: "Time-stamping authority (optional)",
  tsaHint: "If the bundle carries trusted timestamps, choose the certificate of the time-stamping authority (or of its CA) that the organisation gave you, a .pem file. With it, the check also confirms when each item was stamped.",
  tsaInvalid: (reason) => `This certificate cannot be used: ${reason}`,
  stampedLine: (when, tsa, checked) => `Timestamped ${when} by ${tsa}${checked ? ", checked against the certificate you chose" : " (not checked: no certificate chosen)"}`,
  checking: (percent) => `Checking… ${percent}%`,
  checked: (name) => `Checked: ${name}`,
  unreadable: (reason) => `FAIL — this file cannot be read as a Casevault bundle: ${reason}`,
  notZip: "Choose the bundle's .zip file.",
  pass: "PASS",
  fail: "FAIL",
  verdictPass: (n) => `PASS — every file matches the signed manifest, all ${n} exhibits' signatures are valid, and every key that signed belongs to the expected person.`,
  verdictUnverifiedTitle: "Signatures valid, identities NOT verified",
  verdictTsaUnverifiedTitle: "Signatures valid, timestamps NOT verified",
  verdictTsaUnverified: (n) =>
    `All ${n} exhibits are exactly as signed, every signature is valid and the signers are the expected people. The bundle's timestamps were not checked against the time-stamping authority: choose its certificate above.`,
  verdictUnverified: (n) =>
    `All ${n} exhibits are exactly as signed and every signature is valid. The bundle names its signers itself: compare the fingerprints below with the ones the organisation gives you (or enter them above) to confirm who signed.`,
  verdictFailTitle: "FAIL",
  verdictFail: (failed, total) => `This bundle does not check out: ${failed} of ${total} ${total === 1 ? "file" : "files"} failed. Do not rely on the files marked FAIL.`,
  verdictManifest: "The bundle's signed manifest cannot be trusted, so no exhibit was checked.",
  verdictStructure: (n) => `The ZIP file itself has ${n} ${n === 1 ? "problem" : "problems"}: it was altered or damaged, and other programs may show other files than the ones checked here.`,
  verdictIdentity: (n) => `Every signature is valid, but ${n} ${n === 1 ? "key does" : "keys do"} not match the fingerprints you entered.`,
  bundleLine: (name, reference, exportedAt) => `Bundle “${name}”, case ${reference}, exported ${exportedAt}`,
  exporterLine: (who) => `Exported and signed by ${who}`,
  exhibitsHeading: "Exhibits",
  documentsHeading: "Files the exporter made",
  structureHeading: "The ZIP file",
  structureOk: "PASS — one entry per name, each listed in the signed manifest, nothing hidden.",
  keysHeading: "Who signed",
  keysHint: "Compare each fingerprint with the one the organisation gives you.",
  exhibit: (number, name) => `Exhibit ${number}: ${name}`,
  signedBy: (when, who) => `Signed ${when} by ${who}`,
  retiredKey: (until) => `with a key since replaced (valid until ${until})`,
  fingerprint: (digits) => `fingerprint ${digits}`,
  noFingerprint: "fingerprint unavailable (malformed key)",
  reasons: {
    "missing file": "the file is missing from the bundle",
    "malformed entry": "the file's entry in the ZIP is malformed or ambiguous",
    "hash mismatch": "the file's contents differ from what was signed: it was changed",
    "bad signature": "the signature does not verify",
    "statement mismatch": "the signed statement does not belong to this exhibit",
    "key retired": "signed with a key after it had been replaced",
    "unreadable file": "the file cannot be read",
    "unknown exhibit kind": "unknown kind of exhibit",
    "malformed manifest entry": "the manifest's entry for it is malformed",
    "bad timestamp": "its trusted timestamp (RFC 3161) does not check out",
  },
  identityProblem: (role, reason) => `${role}: ${reason}`,
  reportHeading: "Full technical report (the same as the casevault-verify command prints)",
  howHeading: "What is checked",
  how: "The manifest is signed by the person who exported the bundle; it lists the SHA-256 of every file. Each exhibit also carries its own signed statement. This page recomputes every hash and checks every Ed25519 signature, in your browser.",
};

const ru: Words = {
  languageName: "Русский",
  locale: "ru-RU",
  title: "Проверка пакета материалов Casevault для суда",
  intro: "Эта страница проверяет, что каждый файл в пакете в точности тот, который был подписан, и кем он подписан.",
  offline: "Проверка идёт только на этом компьютере: ничего не отправляется, интернет не нужен.",
  chooseLabel: "Выберите пакет (файл .zip)",
  dropHint: "или перетащите ZIP-файл сюда",
  fingerprintsLabel: "Отпечатки ключей, полученные от организации (необязательно)",
  fingerprintsHint: "По 40 цифр на человека, пробелы допустимы, между людьми — запятая. С ними проверка подтверждает и то, кто подписал.",
  fingerprintsInvalid: (reason) => `Эти отпечатки нельзя использовать: ${reason}`,
  tsaLabel: "Служба меток времени (необязательно)",
  tsaHint: "Если в подборке есть доверенные метки времени, выберите сертификат службы меток времени (или её удостоверяющего центра), который вам передала организация, — файл .pem. С ним проверка подтверждает и время каждой метки.",
  tsaInvalid: (reason) => `Этот сертификат нельзя использовать: ${reason}`,
  stampedLine: (when, tsa, checked) => `Метка времени: ${when}, ${tsa}${checked ? "; сверена с выбранным сертификатом" : " (не сверена: сертификат не выбран)"}`,
  checking: (percent) => `Проверка… ${percent}%`,
  checked: (name) => `Проверен: ${name}`,
  unreadable: (reason) => `ОШИБКА — файл не читается как пакет Casevault: ${reason}`,
  notZip: "Выберите файл пакета .zip.",
  pass: "ВЕРНО",
  fail: "ОШИБКА",
  verdictPass: (n) => `ВЕРНО — каждый файл совпадает с подписанным манифестом, подписи всех материалов (${n}) действительны, и каждый подписавший ключ принадлежит ожидаемому человеку.`,
  verdictUnverifiedTitle: "Подписи действительны, личности НЕ проверены",
  verdictTsaUnverifiedTitle: "Подписи действительны, метки времени НЕ проверены",
  verdictTsaUnverified: (n) =>
    `Все материалы (${n}) в точности такие, какими были подписаны, все подписи действительны, и подписали ожидаемые люди. Метки времени не сверены со службой меток времени: выберите её сертификат выше.`,
  verdictUnverified: (n) =>
    `Все материалы (${n}) в точности такие, какими были подписаны, и все подписи действительны. Пакет сам называет подписавших: сверьте отпечатки ниже с полученными от организации (или введите их выше), чтобы подтвердить, кто подписал.`,
  verdictFailTitle: "ОШИБКА",
  verdictFail: (failed, total) => `Пакет не прошёл проверку: файлов с ошибкой — ${failed} из ${total}. Не полагайтесь на файлы, отмеченные «ОШИБКА».`,
  verdictManifest: "Подписанному манифесту пакета нельзя доверять, поэтому материалы не проверялись.",
  verdictStructure: (n) => `В самом ZIP-файле найдено проблем: ${n}. Он изменён или повреждён, и другие программы могут показать не те файлы, что проверены здесь.`,
  verdictIdentity: (n) => `Все подписи действительны, но ключей, не совпавших с введёнными отпечатками: ${n}.`,
  bundleLine: (name, reference, exportedAt) => `Пакет «${name}», дело ${reference}, выгружен ${exportedAt}`,
  exporterLine: (who) => `Выгрузил и подписал: ${who}`,
  exhibitsHeading: "Материалы",
  documentsHeading: "Файлы, созданные при выгрузке",
  structureHeading: "ZIP-файл",
  structureOk: "ВЕРНО — по одной записи на имя, каждая указана в подписанном манифесте, ничего скрытого.",
  keysHeading: "Кто подписал",
  keysHint: "Сверьте каждый отпечаток с тем, который даст организация.",
  exhibit: (number, name) => `Материал ${number}: ${name}`,
  signedBy: (when, who) => `Подписано ${when}: ${who}`,
  retiredKey: (until) => `ключом, который с тех пор заменён (действовал до ${until})`,
  fingerprint: (digits) => `отпечаток ${digits}`,
  noFingerprint: "отпечаток недоступен (ключ повреждён)",
  reasons: {
    "missing file": "файла нет в пакете",
    "malformed entry": "запись файла в ZIP повреждена или неоднозначна",
    "hash mismatch": "содержимое файла отличается от подписанного: файл изменён",
    "bad signature": "подпись не проверяется",
    "statement mismatch": "подписанное заявление относится не к этому материалу",
    "key retired": "подписано ключом уже после его замены",
    "unreadable file": "файл не читается",
    "unknown exhibit kind": "неизвестный вид материала",
    "malformed manifest entry": "запись о нём в манифесте повреждена",
    "bad timestamp": "его доверенная метка времени (RFC 3161) не проходит проверку",
  },
  identityProblem: (role, reason) => `${role}: ${reason}`,
  reportHeading: "Полный технический отчёт (тот же, что выводит команда casevault-verify)",
  howHeading: "Что проверяется",
  how: "Манифест подписан тем, кто выгрузил пакет; в нём указан SHA-256 каждого файла. У каждого материала есть и своё подписанное заявление. Эта страница заново вычисляет каждый хеш и проверяет каждую подпись Ed25519 — в вашем браузере.",
};

export const WORDS: Record<Language, Words> = { en, ru };
export type { Words };
