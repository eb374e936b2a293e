// Types of scripts/codeServer.mjs, for the TypeScript e2e tests.
import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';

export declare const root: string;
export declare const vsixPath: string;
export declare function packageExtension(): string;
export declare function profileSettings(options: { trusted: boolean }): Record<string, unknown>;
export interface Profile {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  xdgConfig: string;
  xdgData: string;
}
export declare function profilePaths(dir: string): Profile;
export declare function prepareProfile(options: {
  entry: string;
  dir: string;
  vsix: string;
  settings: Record<string, unknown>;
}): Profile;
export interface RunningCodeServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export declare function startCodeServer(options: {
  entry: string;
  profile: Profile;
  folder: string;
  port?: number;
  log?: Writable;
}): Promise<RunningCodeServer>;
export declare function ensureCodeServer(): string;
