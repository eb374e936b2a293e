// The language-server half of the benchmark (issue 9): drives the built
// server (dist/server.js --stdio) the way an editor does, with
// vscode-languageserver-protocol's client side, and measures what a person
// typing feels.
//
//   node bench/lsp.mjs [--sizes 10k,100k] [--edits N] [--hovers N] [--simulations N] [--follow-ups N] [--max-per-file N]
//
// For each synthetic zone (bench/generate.mjs):
// - open: didOpen to the first diagnostics;
// - first edit: after a pause of a second (the user reads before typing), the
//   first character typed, timed alone (the server may prepare for edits
//   while nobody types);
// - edits: single-character edits (a character typed, then deleted again, so
//   the zone keeps its size) in a host name at the start of the file, in the
//   middle and at the end, in the target of an MX record, and in the SOA's
//   serial (a digit replaced by another and back: every change to a zone
//   bumps it, and the serial stays valid), and in the type of a delegation's
//   only NS record (the zone cut goes and comes back); the latency is
//   from sending didChange to receiving publishDiagnostics carrying the new
//   version (diagnostics for an older version do not count);
// - hover: on the exchange of MX records spread over the file;
// - simulate: `zonelens/simulate` for the domain with eight MX hosts in one tier;
// - after an edit: what VS Code then asks for (outline, folding ranges, code
//   lenses and a screenful of their titles, highlights), each timed alone;
// - included: the same zone of 100k records with an `$INCLUDE` of a key file
//   a quarter of the way in, opened in a trusted workspace folder (so that the
//   file is read), and the edits in the middle of it;
// - generated: a zone of 100k records whose hosts come from `$GENERATE` lines,
//   and edits in a range's owner template, in its stop and beside it;
// - signed: the zone of 100k records signed with dnssec-signzone (an RRSIG
//   for every RRset, an NSEC for every name: 329 000 records), and edits in
//   a host's owner name, in a signature and in the SOA serial;
// - other zones, as large as the largest synthetic one: a reverse zone of
//   IPv6 addresses (edits in owner names and a PTR target) and a TLD's
//   delegations (edits in a delegated name, an NS target and a DS digest),
//   each with its open and first edit after a pause.
// Each is reported as median and p95 over the runs. The server runs with its
// default settings, as in an editor; --max-per-file sets
// zonelens.diagnostics.maxPerFile (0: publish every diagnostic).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-languageserver-protocol/node.js';
import { fmtMs, fmtRatio, summary, table } from './format.mjs';
import {
  DELEGATION,
  ensureSigned,
  ensureSynthetic,
  POOL_DOMAIN,
  POOL_HOSTS,
  RANGE_HOSTS,
  RANGE_MAIL,
  SIGNED_RECORDS,
} from './generate.mjs';

const VSCODE_CAPABILITIES = JSON.parse(fs.readFileSync(new URL('./vscode-capabilities.json', import.meta.url), 'utf8'));

const {
  CodeLensRequest,
  CodeLensResolveRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentHighlightRequest,
  DocumentSymbolRequest,
  ExitNotification,
  FoldingRangeRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RequestType,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} = rpc;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const server = path.join(root, 'dist', 'server.js');
const cacheDir = path.join(root, 'bench', '.cache');
/** Code lenses on one screen: how many the benchmark resolves after each edit, as an editor would. */
const SCREEN_LENSES = 30;
/** How long the benchmark waits after the open before the first edit, as a user would before typing. */
const FIRST_EDIT_PAUSE_MS = 1000;
/** The custom request, by name (its types live in server/src/protocol.ts). */
const SimulateRequest = new RequestType('zonelens/simulate');

/** The targets for the 100k-record zone, in milliseconds. */
const LSP_TARGETS = { records: 100_000, editMedian: 30, editP95: 60, hoverMedian: 5, simulateMedian: 50 };

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout);
  return Number.isInteger(n) && n > 0 ? n : 100;
})();

/**
 * CPU time (user + system, ms) a process has used, from /proc (Linux), or
 * null. Unlike wall time it hardly changes with the load of a shared machine:
 * over a series of edits it says how much work the server did per edit.
 */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Starts the server and initializes it like an editor with no workspace
 * folder, or with `folder` as a trusted workspace folder (where `$INCLUDE`
 * reads files); `maxPerFile`, when given, is sent as zonelens.diagnostics.maxPerFile.
 */
async function startServer(maxPerFile, folder) {
  // ZONELENS_BENCH_NODE_ARGS passes options to the server's node, e.g. `--cpu-prof` to profile it.
  const nodeArgs = (process.env.ZONELENS_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  // Diagnostics by URI: a waiter is resolved by the first publication whose version it accepts.
  const waiters = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const at = now();
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i].uri === p.uri && waiters[i].accept(p)) {
        waiters.splice(i, 1)[0].resolve({ params: p, at });
        return;
      }
    }
  });
  connection.listen();
  const folderUri = folder === undefined ? null : pathToFileURL(folder).href;
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folderUri,
    // What VS Code declares for diagnostics, so that each publication is as large as VS Code's.
    capabilities: VSCODE_CAPABILITIES,
    // Untrusted without a folder: the server reads no other file, so only this zone is measured.
    initializationOptions: {
      trusted: folder !== undefined,
      ...(maxPerFile === undefined ? {} : { settings: { diagnostics: { maxPerFile } } }),
    },
    workspaceFolders: folderUri === null ? null : [{ uri: folderUri, name: 'bench' }],
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    pid: child.pid,
    /** Resolves with the first diagnostics for `uri` of exactly `version`, and when they arrived. */
    diagnostics(uri, version) {
      return new Promise((resolve) => waiters.push({ uri, accept: (p) => p.version === version, resolve }));
    },
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendNotification(ExitNotification.type);
      await exited;
      connection.dispose();
    },
  };
}

/**
 * Where the benchmark edits and hovers, as line/character positions of the
 * generated text: the end of a host's owner name near the start, the middle
 * and the end of the file; the end of an in-zone MX target near the middle;
 * the last digit of the SOA's serial (replaced, `swap`, rather than typed
 * into); inside the `NS` of the delegation (`sub NxS` is no record: the cut
 * goes, and `relay`'s MX host below it, the child zone's until then, has no
 * address); the exchange of MX records spread over the file.
 */
function editPlaces(text) {
  const lines = text.split('\n');
  const host = /^h\d+(?= )/;
  const hostLine = (from, step) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) if (host.test(lines[i])) return i;
    throw new Error('no host line found in the generated zone');
  };
  const ownerEnd = (line) => ({ line, character: host.exec(lines[line])[0].length });
  const mxLine = /^(h\d+ 300 IN MX \d+ )(mail[12])$/;
  let mx = -1;
  for (let i = Math.floor(lines.length / 2); i < lines.length && mx < 0; i++) if (mxLine.test(lines[i])) mx = i;
  if (mx < 0) throw new Error('no in-zone MX record found in the second half of the generated zone');
  const serial = lines.findIndex((l) => /^\s+\d+\s*; serial$/.test(l));
  if (serial < 0) throw new Error('no SOA serial found in the generated zone');
  const serialEnd = /^\s+\d+/.exec(lines[serial])[0].length;
  const cut = lines.findIndex((l) => l.startsWith(`${DELEGATION} NS `));
  if (cut < 0) throw new Error('no delegation found in the generated zone');
  const lastDigit = lines[serial][serialEnd - 1];
  const hovers = [];
  const anyMx = /^(\S+ 300 IN MX \d+ )(\S+)$/;
  for (let i = 0; i < lines.length; i++) {
    const m = anyMx.exec(lines[i]);
    if (m !== null) hovers.push({ line: i, character: m[1].length + 1 });
  }
  return {
    places: [
      { name: 'start', position: ownerEnd(hostLine(0, 1)) },
      { name: 'middle', position: ownerEnd(hostLine(Math.floor(lines.length / 2), 1)) },
      { name: 'end', position: ownerEnd(hostLine(lines.length - 1, -1)) },
      { name: 'MX record', position: { line: mx, character: lines[mx].length } },
      {
        name: 'SOA serial',
        position: { line: serial, character: serialEnd - 1 },
        swap: [lastDigit, lastDigit === '9' ? '8' : String(Number(lastDigit) + 1)],
      },
      { name: 'delegation', position: { line: cut, character: `${DELEGATION} N`.length } },
    ],
    hovers,
  };
}

/**
 * What one publication of the diagnostics weighs: its size, and what encoding
 * it whole (JSON, then UTF-8, as vscode-jsonrpc does by default) and decoding
 * it again cost in this process, the median of 5. LSP sends a document's
 * diagnostics whole after every edit: the editor decodes all of it every
 * time; the server encodes all of it only at open (afterwards its writer
 * reuses the JSON of the diagnostics it sent before, server/src/rpcWriter.ts,
 * and what it does pay is in its CPU per edit).
 */
function payloadCost(params) {
  const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params };
  const encode = [];
  const decode = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    let t = now();
    const buffer = Buffer.from(JSON.stringify(message), 'utf8');
    encode.push(now() - t);
    bytes = buffer.length;
    t = now();
    JSON.parse(buffer.toString('utf8'));
    decode.push(now() - t);
  }
  return {
    diagnostics: params.diagnostics.length,
    bytes,
    encode: summary(encode).median,
    decode: summary(decode).median,
  };
}

/** `count` items of `list` spread evenly over it. */
function spread(list, count) {
  if (list.length <= count) return list;
  return Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)]);
}

/**
 * Edit `i` at `position`, making `version` of the document: a character typed (even `i`) or
 * deleted again (odd `i`), so that every edit is one character and the zone keeps its size; with
 * `swap`, the character there replaced by `swap[1]` (even `i`) and back by `swap[0]` (odd `i`).
 * Resolves with the diagnostics of the new version and when the edit was sent.
 */
async function keystroke(s, uri, version, i, position, swap) {
  const p = position;
  const next = { line: p.line, character: p.character + 1 };
  const change =
    swap !== undefined
      ? { range: { start: p, end: next }, text: swap[(i + 1) % 2] }
      : i % 2 === 0
        ? { range: { start: p, end: p }, text: 'x' }
        : { range: { start: p, end: next }, text: '' };
  const fresh = s.diagnostics(uri, version);
  const sent = now();
  await s.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [change],
  });
  return { sent, got: await fresh };
}

/** Measures one zone in a fresh server. */
async function measureZone(file, records, o, log) {
  const text = fs.readFileSync(file, 'utf8');
  const { places, hovers } = editPlaces(text);
  const uri = pathToFileURL(file).href;
  const s = await startServer(o.maxPerFile);
  try {
    let version = 1;
    const t0 = now();
    const opened = s.diagnostics(uri, version);
    await s.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dns-zone', version, text },
    });
    const first = await opened;
    const open = first.at - t0;
    log(`open ${fmtMs(open)} (${first.params.diagnostics.length} diagnostics); `);

    const edits = {};
    let last = first.params;
    let cpuServer = 0;
    let cpuClient = 0;
    let editCount = 0;
    const edit = (i, position, swap) => keystroke(s, uri, ++version, i, position, swap);
    // The first keystroke after a pause, timed alone, and its undo (not timed).
    await new Promise((resolve) => setTimeout(resolve, FIRST_EDIT_PAUSE_MS));
    const typed = await edit(0, places[0].position);
    const firstEdit = typed.got.at - typed.sent;
    await edit(1, places[0].position);
    log(`first edit ${fmtMs(firstEdit)}; edits`);
    for (const place of places) {
      const ms = [];
      const server0 = cpuMs(s.pid);
      const client0 = process.cpuUsage();
      for (let i = 0; i < o.edits; i++) {
        const { sent, got } = await edit(i, place.position, place.swap);
        ms.push(got.at - sent);
        last = got.params;
      }
      const server1 = cpuMs(s.pid);
      const client1 = process.cpuUsage(client0);
      if (server0 !== null && server1 !== null) cpuServer += server1 - server0;
      cpuClient += (client1.user + client1.system) / 1000;
      editCount += o.edits;
      // An odd count leaves a character behind: take it out, so the next place starts from the generated text.
      if (o.edits % 2 === 1) await edit(1, place.position, place.swap);
      edits[place.name] = { ...summary(ms), samples: ms.map((x) => Math.round(x * 100) / 100) };
      log('.');
    }
    const allEdits = summary(Object.values(edits).flatMap((e) => e.samples));
    const payload = payloadCost(last);
    // Mean CPU per edit: the server's (analysis, conversion, encoding) and this client's (decoding).
    const cpu = { server: cpuMs(s.pid) === null ? null : cpuServer / editCount, client: cpuClient / editCount };

    const hoverMs = [];
    let hoverAnswers = 0;
    for (const position of spread(hovers, o.hovers)) {
      const t = now();
      const h = await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      hoverMs.push(now() - t);
      if (h !== null) hoverAnswers++;
    }
    log(' hover');

    const simulateMs = [];
    let simulateHosts = null;
    for (let i = 0; i < o.simulations; i++) {
      const t = now();
      const r = await s.connection.sendRequest(SimulateRequest, { textDocument: { uri }, domain: POOL_DOMAIN });
      simulateMs.push(now() - t);
      simulateHosts = r === null ? 0 : Math.max(...r.tiers.map((tier) => tier.hosts.length));
    }
    log(' simulate');

    // What VS Code asks for after an edit, once typing pauses: the outline (breadcrumbs), the folding
    // ranges, the code lenses and the titles of a screenful of them, and the highlights at the cursor.
    const middle = places.find((p) => p.name === 'middle') ?? places[0];
    const followUps = { outline: [], folding: [], lenses: [], highlight: [] };
    const timed = async (list, request) => {
      const t = now();
      const r = await request;
      list.push(now() - t);
      return r;
    };
    for (let i = 0; i < o.followUps; i++) {
      const p = middle.position;
      await edit(i, p);
      const textDocument = { uri };
      await timed(followUps.outline, s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }));
      await timed(followUps.folding, s.connection.sendRequest(FoldingRangeRequest.type, { textDocument }));
      await timed(
        followUps.lenses,
        s.connection
          .sendRequest(CodeLensRequest.type, { textDocument })
          .then((lenses) =>
            Promise.all(
              (lenses ?? [])
                .slice(0, SCREEN_LENSES)
                .map((l) => s.connection.sendRequest(CodeLensResolveRequest.type, l)),
            ),
          ),
      );
      await timed(
        followUps.highlight,
        s.connection.sendRequest(DocumentHighlightRequest.type, { textDocument, position: p }),
      );
    }
    log(' outline, folding, lenses, highlight\n');
    if (hoverAnswers === 0) throw new Error('no hover on any MX record: the benchmark measured nothing');
    if (simulateHosts !== POOL_HOSTS) {
      throw new Error(`zonelens/simulate for ${POOL_DOMAIN} gave ${simulateHosts} hosts in a tier, not ${POOL_HOSTS}`);
    }
    return {
      records,
      open,
      firstEdit,
      edits,
      edit: allEdits,
      cpu,
      payload,
      hover: { ...summary(hoverMs), answered: hoverAnswers },
      simulate: { ...summary(simulateMs), hosts: simulateHosts },
      followUps: Object.fromEntries(Object.entries(followUps).map(([k, v]) => [k, summary(v)])),
    };
  } finally {
    await s.stop();
  }
}

/** The key file the `included` zone includes: what a signed zone's `$INCLUDE` most often reads. */
const KEY_FILE = [
  '; the zone-signing and key-signing keys',
  '@ 3600 IN DNSKEY 256 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
  '@ 3600 IN DNSKEY 257 3 13 oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==',
  '',
].join('\n');

/**
 * Opens `text` as `file` in a fresh server (with `folder` as its trusted
 * workspace folder, when given) and, after the pause before typing, types
 * `o.edits` keystrokes at each of `places` in turn (see `keystroke`): the
 * edit-to-diagnostics latency at each place.
 */
/**
 * Opens `file` (its text `text`) in a fresh server and types at each of
 * `places` (`o.edits` edits each, see `keystroke`), after a pause as in
 * `measureZone`: the open, the first edit after the pause (timed alone, then
 * undone), and the edit-to-diagnostics latency at each place.
 */
async function typeAt(file, text, places, o, folder) {
  const uri = pathToFileURL(file).href;
  const s = await startServer(o.maxPerFile, folder);
  try {
    let version = 1;
    const t0 = now();
    const opened = s.diagnostics(uri, version);
    await s.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dns-zone', version, text },
    });
    const open = (await opened).at - t0;
    // As for the zone itself, typing starts after a pause (the first edit is timed there alone).
    await new Promise((resolve) => setTimeout(resolve, FIRST_EDIT_PAUSE_MS));
    const typed = await keystroke(s, uri, ++version, 0, places[0].position, places[0].swap);
    const firstEdit = typed.got.at - typed.sent;
    await keystroke(s, uri, ++version, 1, places[0].position, places[0].swap);
    const edits = {};
    for (const place of places) {
      const ms = [];
      for (let i = 0; i < o.edits; i++) {
        const { sent, got } = await keystroke(s, uri, ++version, i, place.position, place.swap);
        ms.push(got.at - sent);
      }
      if (o.edits % 2 === 1) await keystroke(s, uri, ++version, 1, place.position, place.swap);
      edits[place.name] = summary(ms);
    }
    return { open, firstEdit, edits };
  } finally {
    await s.stop();
  }
}

/**
 * Edits in the middle of the synthetic zone of `size` records with an
 * `$INCLUDE` of a key file a quarter of the way in, in a trusted workspace
 * folder of its own (bench/.cache/included-…): the edit-to-diagnostics
 * latency of `o.edits` edits, as for the zone itself.
 */
async function measureIncluded(size, o, log) {
  const lines = fs.readFileSync(ensureSynthetic(cacheDir, size), 'utf8').split('\n');
  // Before a line with an owner, so that the included file starts with no owner of the zone's.
  let at = Math.floor(lines.length / 4);
  while (at < lines.length && !/^h\d+ /.test(lines[at])) at++;
  lines.splice(at, 0, '$INCLUDE keys.inc');
  const folder = path.join(cacheDir, `included-${label(size)}`);
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'zone.db');
  const text = lines.join('\n');
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(folder, 'keys.inc'), KEY_FILE);
  const middle = editPlaces(text).places.find((p) => p.name === 'middle');
  const { edits } = await typeAt(file, text, [middle], o, folder);
  log(`language server, ${label(size)} records with an $INCLUDE: edits in the middle\n`);
  return { name: `synthetic-${label(size)}, $INCLUDE`, file: path.relative(root, file), ...edits.middle };
}

/**
 * Where the benchmark edits the zone whose hosts come from `$GENERATE`
 * (bench/generate.mjs, style `generate`), in the block halfway through
 * whose hosts have MX records from a second range: the end of the owner
 * template of the hosts' range (`host-K` becomes `host-Kx`: 200 names go,
 * 200 others come, and 50 MX records lose their targets), the last digit of
 * the range's stop (`1-200` becomes `1-201` and back: one record more), and
 * the owner of the host written by hand after it.
 */
function generatePlaces(text) {
  const lines = text.split('\n');
  const range = /^(\$GENERATE 1-\d+ host-(\d+))-\$ A /;
  let line = -1;
  for (let i = Math.floor(lines.length / 2); i < lines.length - 1 && line < 0; i++) {
    const m = range.exec(lines[i]);
    if (m !== null && lines[i + 1].startsWith(`$GENERATE 1-${RANGE_MAIL} cust-${m[2]}-$ MX `)) line = i;
  }
  if (line < 0) throw new Error('no range of hosts with MX records found in the second half of the zone');
  const [, head, block] = range.exec(lines[line]);
  const stop = `$GENERATE 1-${RANGE_HOSTS}`.length - 1;
  const digit = lines[line][stop];
  const web = lines.findIndex((l, i) => i > line && l.startsWith(`web-${block} `));
  if (web < 0) throw new Error(`no host web-${block} found after its range`);
  return [
    { name: 'owner template', position: { line, character: head.length } },
    {
      name: 'range',
      position: { line, character: stop },
      swap: [digit, digit === '9' ? '8' : String(Number(digit) + 1)],
    },
    { name: 'host by hand', position: { line: web, character: `web-${block}`.length } },
  ];
}

/**
 * Edits in the zone of `size` records whose hosts come from `$GENERATE`
 * lines (see `generatePlaces`): the edit-to-diagnostics latency of
 * `o.edits` edits at each place.
 */
async function measureGenerated(size, o, log) {
  const file = ensureSynthetic(cacheDir, size, 1, 'generate');
  const text = fs.readFileSync(file, 'utf8');
  const { edits } = await typeAt(file, text, generatePlaces(text), o);
  log(`language server, ${label(size)} records from $GENERATE: edits in a range and beside it\n`);
  return { name: `synthetic-${label(size)}-generate`, file: path.relative(root, file), edits };
}

/**
 * Where the benchmark edits the signed zone (`ensureSigned`), halfway
 * through: the end of a host's first label in its owner name (`hN` becomes
 * `hNx`: the name goes, with its NSEC and signatures, and another comes),
 * the middle of a line of a signature (a character more is no base64, and
 * the RRSIG is refused), and the last digit of the SOA's serial, replaced.
 */
function signedPlaces(text) {
  const lines = text.split('\n');
  const owner = /^h\d+(?=\.)/;
  let host = -1;
  for (let i = Math.floor(lines.length / 2); i < lines.length && host < 0; i++) if (owner.test(lines[i])) host = i;
  if (host < 0) throw new Error('no host found in the second half of the signed zone');
  let signature = host + 1;
  while (signature < lines.length && !/^\s+[A-Za-z0-9+/]{20,}$/.test(lines[signature])) signature++;
  if (signature === lines.length) throw new Error('no line of a signature found after the host in the signed zone');
  const serial = lines.findIndex((l) => /^\s+\d+\s*; serial$/.test(l));
  if (serial < 0) throw new Error('no SOA serial found in the signed zone');
  const serialEnd = /^\s+\d+/.exec(lines[serial])[0].length;
  const digit = lines[serial][serialEnd - 1];
  const start = /\S/.exec(lines[signature]).index;
  const middle = start + Math.floor((lines[signature].length - start) / 2);
  return [
    { name: 'owner', position: { line: host, character: owner.exec(lines[host])[0].length } },
    { name: 'signature', position: { line: signature, character: middle } },
    {
      name: 'SOA serial',
      position: { line: serial, character: serialEnd - 1 },
      swap: [digit, digit === '9' ? '8' : String(Number(digit) + 1)],
    },
  ];
}

/**
 * Edits in the signed zone of `size` records (see `signedPlaces`), or null
 * when it cannot be made here (dnssec-signzone missing): the
 * edit-to-diagnostics latency of `o.edits` edits at each place.
 */
async function measureSigned(size, o, log) {
  const signed = ensureSigned(cacheDir, size);
  if (signed.file === null) {
    log(`language server, signed zone: skipped (${signed.missing})\n`);
    return null;
  }
  const text = fs.readFileSync(signed.file, 'utf8');
  const { edits } = await typeAt(signed.file, text, signedPlaces(text), o);
  log(`language server, ${label(size)} records signed: edits in an owner name, a signature and the serial\n`);
  return { name: `signed-${label(size)}`, file: path.relative(root, signed.file), edits };
}

/**
 * Where the benchmark edits the reverse zone (style `reverse`), halfway
 * through: after the first nibble of an owner (`a.0.8…` becomes `ax.0.8…`:
 * the name goes and another comes, under the same parent), the nibble
 * closest to the apex of another owner, replaced by another (the owner's
 * parent and its twenty-odd ancestors below the apex change), and the
 * PTR target of a third.
 */
function reversePlaces(text) {
  const lines = text.split('\n');
  const ptr = /^([0-9a-f]\.){23}[0-9a-f] IN PTR /;
  const at = Math.floor(lines.length / 2);
  if (![at, at + 1, at + 2].every((i) => ptr.test(lines[i] ?? '')))
    throw new Error('no PTR records halfway through the reverse zone');
  const top = 46; // the 24th nibble
  const nibble = lines[at + 1][top];
  return [
    { name: 'owner', position: { line: at, character: 1 } },
    {
      name: 'owner near the apex',
      position: { line: at + 1, character: top },
      swap: [nibble, nibble === 'f' ? 'e' : 'f'],
    },
    { name: 'PTR target', position: { line: at + 2, character: lines[at + 2].indexOf(' PTR ') + ' PTR host'.length } },
  ];
}

/**
 * Where the benchmark edits the zone of delegations (style `delegations`),
 * halfway through: after a delegated name (`dX` becomes `dXx`: a zone cut
 * goes and another comes), in the target of its second NS record (a name
 * server of another zone), and in the digest of the next DS record (a hex
 * digit replaced by another).
 */
function delegationPlaces(text) {
  const lines = text.split('\n');
  const ns = /^(d[0-9a-z]+) IN NS ns1\./;
  let at = Math.floor(lines.length / 2);
  while (at < lines.length && !(ns.test(lines[at]) && lines[at + 1]?.includes(' IN NS ns2.'))) at++;
  const ds = lines.findIndex((l, i) => i > at && / IN DS \d+ 13 2 [0-9a-f]{64}$/.test(l));
  if (at === lines.length || ds < 0)
    throw new Error('no delegation with a DS record after it halfway through the zone');
  const digest = lines[ds].length - 32;
  const digit = lines[ds][digest];
  return [
    { name: 'delegated name', position: { line: at, character: ns.exec(lines[at])[1].length } },
    { name: 'NS target', position: { line: at + 1, character: lines[at + 1].indexOf(' NS ns2') + ' NS ns2'.length } },
    { name: 'DS digest', position: { line: ds, character: digest }, swap: [digit, digit === 'f' ? 'e' : 'f'] },
  ];
}

/** The zones of other shapes (styles `reverse` and `delegations`): where the benchmark edits them, and what. */
const OTHER_ZONES = {
  reverse: { places: reversePlaces, what: 'edits in owner names and a PTR target' },
  delegations: { places: delegationPlaces, what: 'edits in a delegated name, an NS target and a DS digest' },
};

/**
 * The zone of style `style` (`OTHER_ZONES`) of `size` records: the open,
 * the first edit after a pause, and `o.edits` edits at each of its places.
 */
async function measureOther(style, size, o, log) {
  const file = ensureSynthetic(cacheDir, size, 1, style);
  const text = fs.readFileSync(file, 'utf8');
  const measured = await typeAt(file, text, OTHER_ZONES[style].places(text), o);
  log(`language server, ${style} zone of ${label(size)} records: ${OTHER_ZONES[style].what}\n`);
  return { name: `${style}-${label(size)}`, file: path.relative(root, file), ...measured };
}

/**
 * Runs the language-server benchmark on the synthetic zones of `sizes`.
 * `o.edits` edits per place (fewer above 100k records unless `o.editsLarge`
 * says otherwise: a million-record zone is there to show growth), `o.hovers`
 * hovers, `o.simulations` simulate requests; `o.maxPerFile`, when set, the
 * server's zonelens.diagnostics.maxPerFile.
 */
export async function runLspBench(sizes, o, log = (s) => process.stdout.write(s)) {
  if (!fs.existsSync(server)) throw new Error(`${path.relative(root, server)} is missing: run npm run build`);
  const zones = [];
  for (const size of [...sizes].sort((a, b) => a - b)) {
    const file = ensureSynthetic(cacheDir, size);
    const edits = largeEdits(size, o);
    log(`language server, ${label(size)} records: `);
    const z = await measureZone(file, size, { ...o, edits }, log);
    zones.push({ name: `synthetic-${label(size)}`, file: path.relative(root, file), ...z });
  }
  const atTarget = sizes.includes(LSP_TARGETS.records);
  const included = atTarget ? await measureIncluded(LSP_TARGETS.records, o, log) : null;
  const generated = atTarget ? await measureGenerated(LSP_TARGETS.records, o, log) : null;
  const signed = atTarget && o.signed !== false ? await measureSigned(SIGNED_RECORDS, o, log) : null;
  const largest = Math.max(...sizes);
  const others = [];
  for (const style of Object.keys(OTHER_ZONES).filter((z) => o[z] !== false)) {
    others.push(await measureOther(style, largest, { ...o, edits: largeEdits(largest, o) }, log));
  }
  return {
    zones,
    included,
    generated,
    signed,
    others,
    targets: LSP_TARGETS,
    growth: growth(zones),
    maxPerFile: o.maxPerFile ?? 'default',
  };
}

/** Edits per place in a zone of `size` records: fewer above 100k records (unless `o.editsLarge` says), where they show growth. */
function largeEdits(size, o) {
  return size > LSP_TARGETS.records ? (o.editsLarge ?? Math.min(o.edits, 20)) : o.edits;
}

function label(size) {
  return size % 1_000_000 === 0 ? `${size / 1_000_000}M` : size % 1000 === 0 ? `${size / 1000}k` : `${size}`;
}

/**
 * How each latency grows between consecutive sizes: the ratio of the medians
 * beside the ratio of the record counts. Linear growth gives equal ratios; an
 * editor that re-checks only what an edit touched grows far less.
 */
function growth(zones) {
  const out = [];
  for (let i = 1; i < zones.length; i++) {
    const a = zones[i - 1];
    const b = zones[i];
    const ratio = (x, y) => (x === null || y === null || x === 0 ? null : y / x);
    const size = b.records / a.records;
    const entry = {
      from: a.name,
      to: b.name,
      records: size,
      open: ratio(a.open, b.open),
      edit: ratio(a.edit.median, b.edit.median),
      hover: ratio(a.hover.median, b.hover.median),
      simulate: ratio(a.simulate.median, b.simulate.median),
    };
    // Within a quarter of the record ratio (timings on a shared machine are noisy) counts as linear.
    const verdict = (r) =>
      r === null ? 'unknown' : r <= size * 0.75 ? 'sublinear' : r <= size * 1.25 ? 'linear' : 'superlinear';
    entry.verdict = {
      open: verdict(entry.open),
      edit: verdict(entry.edit),
      hover: verdict(entry.hover),
      simulate: verdict(entry.simulate),
    };
    out.push(entry);
  }
  return out;
}

/** The language-server results as text: latencies, the targets and the growth. */
export function lspReport(result) {
  const out = [];
  const ms = (s, k) => fmtMs(s[k]);
  const limit = result.maxPerFile === 'default' ? 'its default' : String(result.maxPerFile);
  out.push(
    'Language server (dist/server.js over stdio, zonelens.diagnostics.maxPerFile ' +
      `${limit}): latency in ms, median / p95 (samples)`,
  );
  out.push(
    table(
      [
        'zone',
        'open',
        'first edit',
        ...Object.keys(result.zones[0]?.edits ?? {}).map((k) => `edit: ${k}`),
        'edit: all',
        'hover',
        'simulate',
      ],
      result.zones.map((z) => [
        z.name,
        fmtMs(z.open),
        fmtMs(z.firstEdit),
        ...Object.values(z.edits).map((e) => `${ms(e, 'median')} / ${ms(e, 'p95')} (${e.n})`),
        `${ms(z.edit, 'median')} / ${ms(z.edit, 'p95')}`,
        `${ms(z.hover, 'median')} / ${ms(z.hover, 'p95')} (${z.hover.n})`,
        `${ms(z.simulate, 'median')} / ${ms(z.simulate, 'p95')} (${z.simulate.n})`,
      ]),
    ),
  );
  if (result.included) {
    const i = result.included;
    out.push(
      '',
      `Edits in the middle of a zone that includes a key file (${i.file}): ${ms(i, 'median')} / ${ms(i, 'p95')} (${i.n})`,
    );
  }
  const placesTable = (z) =>
    table(
      ['zone', ...Object.keys(z.edits).map((k) => `edit: ${k}`)],
      [[z.name, ...Object.values(z.edits).map((e) => `${ms(e, 'median')} / ${ms(e, 'p95')} (${e.n})`)]],
    );
  if (result.generated) {
    const g = result.generated;
    out.push(
      '',
      `Edits in a zone whose hosts come from $GENERATE (${g.file}): in a range's owner template, its stop, and a host beside it`,
    );
    out.push(placesTable(g));
  }
  if (result.signed) {
    const z = result.signed;
    out.push('', `Edits in a signed zone (${z.file}): in a host's owner name, in a signature, in the SOA serial`);
    out.push(placesTable(z));
  }
  for (const z of result.others ?? []) {
    out.push('', `${z.file}: open ${fmtMs(z.open)}, first edit after a pause ${fmtMs(z.firstEdit)}, then edits`);
    out.push(placesTable(z));
  }
  out.push(
    '',
    'Work per edit, and what one publication of the diagnostics weighs (LSP sends them whole after every edit; the editor decodes\n' +
      'them whole each time, the server encodes them whole only at open; at most zonelens.diagnostics.maxPerFile of them)',
  );
  out.push(
    table(
      ['zone', 'server CPU/edit', 'client CPU/edit', 'diagnostics', 'size', 'encode whole', 'decode'],
      result.zones.map((z) => [
        z.name,
        fmtMs(z.cpu.server),
        fmtMs(z.cpu.client),
        String(z.payload.diagnostics),
        `${(z.payload.bytes / 1e6).toFixed(2)} MB`,
        fmtMs(z.payload.encode),
        fmtMs(z.payload.decode),
      ]),
    ),
  );
  out.push(
    '',
    'What the editor asks for after an edit, once typing pauses: latency in ms, median / p95 (the outline and folding\n' +
      `at most zonelens.maxItemsComputed entries; the lenses, then the titles of ${SCREEN_LENSES} of them; the highlights at the cursor)`,
  );
  out.push(
    table(
      ['zone', 'outline', 'folding', 'code lenses', 'highlight'],
      result.zones.map((z) => [
        z.name,
        ...['outline', 'folding', 'lenses', 'highlight'].map(
          (k) => `${ms(z.followUps[k], 'median')} / ${ms(z.followUps[k], 'p95')} (${z.followUps[k].n})`,
        ),
      ]),
    ),
  );
  const t = result.targets;
  const z = result.zones.find((x) => x.records === t.records);
  if (z !== undefined) {
    out.push('', `Targets on the ${z.name} zone (measured / target, ratio; below 1 meets it)`);
    const row = (what, got, target) => [
      what,
      fmtMs(got),
      fmtMs(target),
      fmtRatio(got / target),
      got <= target ? 'met' : 'NOT met',
    ];
    out.push(
      table(
        ['latency', 'measured', 'target', 'ratio', ''],
        [
          row('edit-to-diagnostics median', z.edit.median, t.editMedian),
          row('edit-to-diagnostics p95', z.edit.p95, t.editP95),
          row('hover median', z.hover.median, t.hoverMedian),
          row('simulate median', z.simulate.median, t.simulateMedian),
        ],
      ),
    );
  }
  if (result.growth.length > 0) {
    out.push('', 'Growth: how many times the median grew, against how many times the records grew');
    out.push(
      table(
        ['sizes', 'records', 'open', 'edit', 'hover', 'simulate'],
        result.growth.map((g) => [
          `${g.from.replace(/^synthetic-/, '')}→${g.to.replace(/^synthetic-/, '')}`,
          fmtRatio(g.records),
          `${fmtRatio(g.open)} ${g.verdict.open}`,
          `${fmtRatio(g.edit)} ${g.verdict.edit}`,
          `${fmtRatio(g.hover)} ${g.verdict.hover}`,
          `${fmtRatio(g.simulate)} ${g.verdict.simulate}`,
        ]),
      ),
    );
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const o = { sizes: [10_000, 100_000], edits: 50, hovers: 100, simulations: 50, followUps: 20 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const v = argv[++i];
    const n = Number(v);
    if (argv[i - 1] === '--sizes')
      o.sizes = v.split(',').map((s) => Number(s.replace(/k$/i, '000').replace(/m$/i, '000000')));
    else if (argv[i - 1] === '--edits') o.edits = n;
    else if (argv[i - 1] === '--hovers') o.hovers = n;
    else if (argv[i - 1] === '--simulations') o.simulations = n;
    else if (argv[i - 1] === '--follow-ups') o.followUps = n;
    else if (argv[i - 1] === '--max-per-file' && Number.isInteger(n) && n >= 0) o.maxPerFile = n;
    else {
      console.error(`bench/lsp.mjs: unknown option ${argv[i - 1]}`);
      process.exit(2);
    }
  }
  const result = await runLspBench(o.sizes, o);
  console.log('\n' + lspReport(result));
}
