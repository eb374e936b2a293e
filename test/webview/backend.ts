/**
 * A `PreviewBackend` that answers from the real core in-process: the same
 * `simulateRequest` / `mailDomainsRequest` the language server runs, on a zone
 * analysed from text. Used by the browser tests and the host unit tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PreviewBackend } from '../../client/src/preview/controller';
import { analyze } from '../../server/src/checks/index';
import { mailDomainsRequest, simulateRequest } from '../../server/src/features/simulation';
import type { SimulateParams } from '../../server/src/protocol';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import type { Zone } from '../../server/src/zone/model';

/** The repository's examples folder. */
export const EXAMPLES = path.resolve(__dirname, '../../examples');

/** An example zone: its URI, text and lines. */
export function example(name: string): { uri: string; text: string; lines: string[] } {
  const file = path.join(EXAMPLES, name);
  const text = fs.readFileSync(file, 'utf8');
  return { uri: pathToFileURL(file).toString(), text, lines: text.split('\n') };
}

/** The core-backed backend, recording every request it answers. */
export interface CoreBackend extends PreviewBackend {
  /** Every `zonelens/simulate` parameter object received, in order. */
  simulateCalls: SimulateParams[];
  /** Every `zonelens/mailDomains` URI received, in order. */
  domainCalls: string[];
  /** Replaces a document's text (an edit). */
  setText(uri: string, text: string): void;
  /** The zone model of a document, as the server would hold it. */
  zone(uri: string): Zone;
}

/** A backend over `documents` (URI → zone text). */
export function coreBackend(documents: Record<string, string>): CoreBackend {
  const texts = new Map(Object.entries(documents));
  const zones = new Map<string, Zone>();
  const zone = (uri: string): Zone => {
    let z = zones.get(uri);
    if (z === undefined) {
      const text = texts.get(uri);
      if (text === undefined) throw new Error(`unknown document ${uri}`);
      z = analyze(text, { fileName: uri }, DEFAULT_SETTINGS).zone;
      zones.set(uri, z);
    }
    return z;
  };
  const backend: CoreBackend = {
    simulateCalls: [],
    domainCalls: [],
    setText(uri, text) {
      texts.set(uri, text);
      zones.delete(uri);
    },
    zone,
    mailDomains(uri) {
      backend.domainCalls.push(uri);
      return Promise.resolve(mailDomainsRequest(zone(uri)));
    },
    simulate(params) {
      backend.simulateCalls.push(structuredClone(params));
      return Promise.resolve(simulateRequest(zone(params.textDocument.uri), params, DEFAULT_SETTINGS));
    },
  };
  return backend;
}
