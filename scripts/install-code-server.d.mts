// Types of scripts/install-code-server.mjs, for the TypeScript tests.
export declare const CODE_SERVER_VERSION: string;
export declare function codeServerDir(): string;
export declare function codeServerEntry(dir?: string): string;
export declare function isInstalled(dir?: string): boolean;
export declare function installCodeServer(options?: { dir?: string; force?: boolean }): string;
