// Types for dist-freshness.mjs (plain JavaScript: it runs before anything is built).
export declare const MANIFEST: string;
export declare const NOT_BUILT: string[];
export declare function builtSources(srcDir: string): string[];
export declare function distState(root: string): { state: 'fresh' | 'missing' } | { state: 'stale'; newer: string };
