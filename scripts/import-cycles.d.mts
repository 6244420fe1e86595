// Types for import-cycles.mjs (plain JavaScript so `npm run lint` runs it with bare Node).
export declare function findImportCycles(root: string): string[][];
