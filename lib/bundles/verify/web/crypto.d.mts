// Types for crypto.mjs (the browser's ../crypto.mjs): the same as ../crypto.d.mts.
export * from "../crypto.mjs";
