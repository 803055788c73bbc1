/** Types of layers.js, for the tests that run the rules. */
export declare const ENGINE_LAYERS: readonly (string | readonly string[])[];
export declare const SQL_NOT_YET_IN_STORE: readonly string[];
export declare function zoneOf(file: string): string | null;
export declare function forbidden(from: string | null, to: string | null): string | null;
export declare const layersPlugin: { rules: Record<string, unknown> };
