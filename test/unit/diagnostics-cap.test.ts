/**
 * `zonelens.diagnostics.maxPerFile`: a file with more diagnostics than the
 * limit publishes the most severe ones and a note of what it leaves out,
 * choosing what VS Code itself keeps of a file over its limit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/checks/index';
import { capped, FULL_SUPPORT, LspDiagnostics } from '../../server/src/features/diagnostics';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { prng } from '../../server/src/simulate/engine';
import type { Severity, ZoneDiagnostic } from '../../server/src/zone/types';

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];

/**
 * What VS Code's extension host keeps of one file's diagnostics over its limit
 * (`DiagnosticCollection.set`): for each severity from errors down, the
 * diagnostics of that severity in the order given, until `max` are kept.
 */
function vscodeKeeps(list: ZoneDiagnostic[], max: number): Set<ZoneDiagnostic> {
  const kept = new Set<ZoneDiagnostic>();
  for (const severity of SEVERITIES) {
    for (const d of list) {
      if (kept.size === max) return kept;
      if (d.severity === severity) kept.add(d);
    }
  }
  return kept;
}

function diagnostic(file: number, start: number, severity: Severity): ZoneDiagnostic {
  return { file, start, end: start + 1, severity, code: 'bad-rdata', message: `${severity} at ${start}` };
}

/** Two errors, one warning, three information and one hint, not in severity order. */
const ZONE = [
  '$TTL 1h',
  '@ SOA ns1 hm 1 1h 15m 2w 1h',
  '  NS ns1',
  'ns1 A 192.0.2.53',
  'a MX 10 mail',
  'b MX 10 mail',
  'mail A 192.0.2.25',
  'h MX 10 m1',
  'h MX 20 m2',
  'm1 A 192.0.2.9',
  'm2 A 192.0.2.9',
  'x A 1.2.3',
  'e MX 10 mx.example.net.',
  'y A 1.2.3.4.5',
  '',
].join('\n');

describe('diagnostics: at most zonelens.diagnostics.maxPerFile per file', () => {
  it('keeps what VS Code keeps, in file order, per file, and counts the rest', () => {
    const next = prng(11);
    for (let round = 0; round < 300; round++) {
      const files = 1 + Math.floor(next() * 3);
      const list: ZoneDiagnostic[] = [];
      for (let i = Math.floor(next() * 40); i > 0; i--) {
        list.push(diagnostic(Math.floor(next() * files), i, SEVERITIES[Math.floor(next() * 4)]));
      }
      list.sort((a, b) => a.file - b.file || a.start - b.start);
      const max = Math.floor(next() * 12);
      const { shown, hidden } = capped(list, files, max);
      const want = new Set<ZoneDiagnostic>();
      for (let f = 0; f < files; f++) {
        const ofFile = list.filter((d) => d.file === f);
        for (const d of max === 0 ? ofFile : vscodeKeeps(ofFile, max)) want.add(d);
      }
      assert.deepEqual(new Set(shown), want, `round ${round}`);
      assert.deepEqual(
        shown,
        list.filter((d) => want.has(d)),
        `file order kept, round ${round}`,
      );
      if (want.size === list.length) {
        assert.equal(shown, list, 'nothing left out: the same list');
        assert.equal(hidden, null);
      } else {
        for (let f = 0; f < files; f++) {
          for (let r = 0; r < 4; r++) {
            const left = list.filter((d) => d.file === f && d.severity === SEVERITIES[r] && !want.has(d)).length;
            assert.equal(hidden?.[f * 4 + r], left, `round ${round}, file ${f}, ${SEVERITIES[r]}`);
          }
        }
      }
    }
  });

  it('publishes the most severe in file order and a note of the rest at the top of the file', () => {
    const analysis = analyze(ZONE, { fileName: 'file:///cap.zone', origin: 'example.com.' }, DEFAULT_SETTINGS);
    const all = new LspDiagnostics(FULL_SUPPORT).convert(analysis)[0].diagnostics;
    assert.deepEqual(
      all.map((d) => `${d.range.start.line + 1} ${d.code}`),
      [
        '5 mx-single-address',
        '6 mx-single-address',
        '8 mx-single-address',
        '9 mx-backup-adds-nothing',
        '12 bad-rdata',
        '13 mx-target-out-of-zone',
        '14 bad-rdata',
      ],
    );
    const [{ diagnostics }] = new LspDiagnostics(FULL_SUPPORT).convert(analysis, 4);
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`),
      ['5 mx-single-address', '9 mx-backup-adds-nothing', '12 bad-rdata', '14 bad-rdata', '1 undefined'],
    );
    const note = diagnostics[4];
    assert.equal(note.severity, 3);
    assert.equal(note.source, 'zonelens');
    assert.deepEqual(note.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(note.message, /^3 more diagnostics are not shown \(2 information, 1 hint\): at most 4 per file/);
    assert.match(note.message, /zonelens\.diagnostics\.maxPerFile/);
    // The kept diagnostics are those of the whole list, unchanged.
    assert.deepEqual(diagnostics.slice(0, 4), [all[0], all[3], all[4], all[6]]);
    // At the limit or without one, everything and no note.
    assert.deepEqual(new LspDiagnostics(FULL_SUPPORT).convert(analysis, 7)[0].diagnostics, all);
    assert.deepEqual(new LspDiagnostics(FULL_SUPPORT).convert(analysis, 0)[0].diagnostics, all);
    const one = new LspDiagnostics(FULL_SUPPORT).convert(analysis, 6)[0].diagnostics;
    assert.match(one[6].message, /^1 more diagnostic is not shown \(1 hint\)/);
  });

  it('follows a change of the limit between conversions of the same analysis', () => {
    const analysis = analyze(ZONE, { fileName: 'file:///cap.zone', origin: 'example.com.' }, DEFAULT_SETTINGS);
    const lsp = new LspDiagnostics(FULL_SUPPORT);
    for (const max of [0, 2, 5, 1, 0, 3, 7, 2]) {
      assert.deepEqual(
        lsp.convert(analysis, max),
        new LspDiagnostics(FULL_SUPPORT).convert(analysis, max),
        `limit ${max}`,
      );
    }
  });
});
