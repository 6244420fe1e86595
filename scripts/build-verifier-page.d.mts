// Types for build-verifier-page.mjs (plain JavaScript so `npm run build` runs it with bare Node).
export declare const VERIFIER_PAGE: string;
export declare function renderVerifierPage(): Promise<string>;
export declare function buildVerifierPage(options?: { quiet?: boolean }): Promise<string>;
