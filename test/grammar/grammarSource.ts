/**
 * The source of `syntaxes/dns-zone.tmLanguage.json`.
 *
 * A zone record is positional (in `MX 10 mail` the number is the preference
 * because it comes first) and may continue over several lines inside
 * parentheses. A TextMate grammar has no counter, so each RDATA field is a
 * state: the rule that matches field k is a begin/end rule whose patterns look
 * for field k+1. Every state exists twice: "out" of parentheses it ends at the
 * line end; "in" parentheses it ends before the `)` (and ignores line ends).
 * An out-state's `(` opens a region holding the in-state of the next field, so
 * the SOA serial on the line after `(` is still the serial.
 *
 * Writing those chains by hand would mean hundreds of near-identical rules, so
 * they are generated here from a short table (`SPECIFIC`; every other type
 * gets `otherGroup`, coloured by token shape). Edit this file, then
 * `npx tsx test/grammar/build.ts` rewrites the JSON; `npm run test:grammar`
 * fails while the two differ.
 *
 * Scopes (each ends in `.dns-zone`), standard TextMate names so that every
 * theme colours them:
 *   comment.line.semicolon                 comments (never inside quotes)
 *   keyword.control.directive.<name>       $ORIGIN $TTL $INCLUDE $GENERATE
 *   entity.name.tag.owner.<form>           owner names; form: origin (`@`), absolute, relative
 *   entity.name.tag.origin.<form>          the name after $ORIGIN / $INCLUDE
 *   constant.numeric.ttl                   TTLs, with keyword.other.unit on `h` in `1h30m`
 *   support.type.class[.generic]           IN CH HS… / CLASSnnn
 *   storage.type.rr                        record types, TYPEnnn
 *   entity.name.function.<role>.<form>     names in RDATA (target, mname, rname, signer, next…)
 *   constant.numeric.integer.<role>        numbers (preference, priority, weight, port, serial…)
 *   constant.numeric.duration.<role>       SOA timers, RRSIG original TTL
 *   constant.numeric.address.ipv4|ipv6     addresses
 *   string.quoted.double[.<role>]          quoted strings, with constant.character.escape
 *   string.unquoted[.<role>|.base64|.hex]  unquoted text and blobs
 *   keyword.other.generic-rdata            the `\#` of RFC 3597 data
 *   punctuation.section.parens.begin|end   parentheses; plus invalid.illegal.unbalanced-parenthesis
 *                                          on a `)` that closes nothing (nothing else is invalid)
 */
import { RDATA_TYPES } from '../../server/src/zone/rdata';

/** One TextMate rule (the subset of the format this grammar uses). */
export interface Rule {
  name?: string;
  comment?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Captures;
  beginCaptures?: Captures;
  endCaptures?: Captures;
  patterns?: Rule[];
  include?: string;
}
type Captures = Record<string, { name?: string; patterns?: Rule[] }>;

const S = 'dns-zone';
/** `scope` with the language suffix: `constant.numeric` → `constant.numeric.dns-zone`. */
const sc = (scope: string): string => `${scope}.${S}`;
const inc = (name: string): Rule => ({ include: `#${name}` });

// --- regular expression pieces -----------------------------------------------
//
// Tokens are separated by blanks; `;`, `(`, `)` and `"` also end a word (as in
// the lexer, server/src/zone/lexer.ts). Each token rule starts with BEFORE and
// so is only tried where a token can begin, which keeps scanning a long line
// linear. The escape unit is atomic so that `\123` splits one way only: a
// name full of escapes cannot make a failing match backtrack exponentially.

/** At a token start: not right after a character that belongs to a word. */
const BEFORE = '(?<![^\\s()"])';
/** At a token end. */
const AFTER = '(?=[\\s;()"]|$)';
const UNIT = '(?:[^\\s;()"\\\\]|(?>\\\\(?:[0-9]{3}|.)?))';
/** Any unquoted token. */
const WORD = `${UNIT}+`;
/** A name ending with an unescaped dot (absolute). */
const ABSOLUTE = `${UNIT}*\\.`;
/** A quoted string; one with no closing quote runs to the line end (BIND then reports it). */
const QUOTED = '"(?:[^"\\\\\\n]|\\\\.)*(?:"|$)';
const INT = '[0-9]+';
/** A TTL or SOA timer: seconds, or numbers with units (`1h30m`). */
const DURATION = '(?:[0-9]+[WwDdHhMmSs])+|[0-9]+';
const IPV4 = '[0-9]{1,3}(?:\\.[0-9]{1,3}){3}';
const IPV6 = '[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*';
const HEX = '[0-9A-Fa-f]+';
const BASE64 = '[A-Za-z0-9+/]+=*';
const MNEMONIC = '[A-Za-z][A-Za-z0-9-]*';
const DIRECTIVE_NAMES = 'ORIGIN|TTL|INCLUDE|GENERATE';
const CLASSES = 'IN|CS|CH|CHAOS|HS|HESIOD|NONE|ANY';

/**
 * A line starting with a directive. BIND reads no directive inside
 * parentheses, so valid zones never have one there; when a `(` was left open
 * by mistake, the record ends at such a line instead of swallowing the rest of
 * the file.
 */
const DIRECTIVE_LINE = `^(?=\\$(?i:${DIRECTIVE_NAMES})${AFTER})`;
/** End of an out-state: the line end (or a directive line, after an unclosed `(`). */
const END_OUT = `$|${DIRECTIVE_LINE}`;
/** End of an in-state: before the `)` (or at a directive line). */
const END_IN = `(?=\\))|${DIRECTIVE_LINE}`;

/** Alternation of keywords, longest first so that no keyword hides a longer one. */
function keywords(words: readonly string[]): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|');
}

// --- field shapes ---------------------------------------------------------------

/** One way a field can be written, and the scope it then gets. */
interface Alt {
  re: string;
  scope: string;
  patterns?: Rule[];
  /** A quoted string ends itself: no token-end check after it. */
  quoted?: boolean;
}

/** One positional RDATA field. */
interface Field {
  role: string;
  alts: Alt[];
}

const unit: Rule = { match: '[A-Za-z]', name: sc('keyword.other.unit') };
const nameInside: Rule[] = [inc('escape'), inc('wildcard')];
const stringInside: Rule[] = [inc('escape'), inc('string-quote')];

/** A domain name field: `@`, absolute (ends with `.`) or relative. */
function nameAlts(base: string): Alt[] {
  return [
    { re: '@', scope: sc(`${base}.origin`) },
    { re: ABSOLUTE, scope: sc(`${base}.absolute`), patterns: nameInside },
    { re: WORD, scope: sc(`${base}.relative`), patterns: nameInside },
  ];
}

const f = {
  int: (role: string): Field => ({ role, alts: [{ re: INT, scope: sc(`constant.numeric.integer.${role}`) }] }),
  duration: (role: string): Field => ({
    role,
    alts: [{ re: DURATION, scope: sc(`constant.numeric.duration.${role}`), patterns: [unit] }],
  }),
  name: (role: string): Field => ({ role, alts: nameAlts(`entity.name.function.${role}`) }),
  algorithm: (): Field => ({
    role: 'algorithm',
    alts: [
      { re: INT, scope: sc('constant.numeric.integer.algorithm') },
      { re: MNEMONIC, scope: sc('support.constant.algorithm') },
    ],
  }),
  type: (role: string): Field => ({
    role,
    alts: [{ re: `(?i:${keywords(TYPE_NAMES)}|TYPE[0-9]+)`, scope: sc(`storage.type.rr.${role}`) }],
  }),
  string: (role: string): Field => ({
    role,
    alts: [
      { re: QUOTED, scope: sc(`string.quoted.double.${role}`), patterns: stringInside, quoted: true },
      { re: WORD, scope: sc(`string.unquoted.${role}`), patterns: [inc('escape')] },
    ],
  }),
  address: (role: string, withName = false): Field => ({
    role,
    alts: [
      { re: IPV4, scope: sc(`constant.numeric.address.ipv4${role === 'address' ? '' : `.${role}`}`) },
      { re: IPV6, scope: sc(`constant.numeric.address.ipv6${role === 'address' ? '' : `.${role}`}`) },
      ...(withName ? nameAlts(`entity.name.function.${role}`) : []),
    ],
  }),
};

// --- the record types -------------------------------------------------------------

/** A family of types with one RDATA layout. */
interface Group {
  id: string;
  types: string[];
  fields: Field[];
  /** Rules for the tokens after the last field (a blob, strings, a type list…). */
  rest: string[];
}

/** Every mnemonic the parser reads (RDATA_TYPES); the grammar knows each. */
const TYPE_NAMES: readonly string[] = RDATA_TYPES.map((t) => t.mnemonic);

const SPECIFIC: Group[] = [
  { id: 'a', types: ['A'], fields: [f.address('address')], rest: [] },
  { id: 'aaaa', types: ['AAAA'], fields: [f.address('address')], rest: [] },
  {
    id: 'name',
    types: ['NS', 'CNAME', 'DNAME', 'PTR', 'MB', 'MG', 'MR', 'NSAP-PTR'],
    fields: [f.name('target')],
    rest: [],
  },
  { id: 'mx', types: ['MX', 'RT', 'KX', 'LP'], fields: [f.int('preference'), f.name('target')], rest: [] },
  { id: 'afsdb', types: ['AFSDB'], fields: [f.int('subtype'), f.name('target')], rest: [] },
  {
    id: 'soa',
    types: ['SOA'],
    fields: [
      f.name('mname'),
      f.name('rname'),
      f.int('serial'),
      f.duration('refresh'),
      f.duration('retry'),
      f.duration('expire'),
      f.duration('minimum'),
    ],
    rest: [],
  },
  {
    id: 'srv',
    types: ['SRV'],
    fields: [f.int('priority'), f.int('weight'), f.int('port'), f.name('target')],
    rest: [],
  },
  {
    id: 'txt',
    types: ['TXT', 'SPF', 'AVC', 'RESINFO', 'WALLET', 'HINFO', 'ISDN', 'X25', 'NINFO', 'GPOS'],
    fields: [],
    rest: ['character-strings'],
  },
  {
    id: 'caa',
    types: ['CAA'],
    fields: [
      f.int('flags'),
      { role: 'tag', alts: [{ re: '[A-Za-z0-9]+', scope: sc('entity.other.attribute-name.tag') }] },
      f.string('value'),
    ],
    rest: ['character-strings'],
  },
  {
    id: 'ds',
    types: ['DS', 'CDS', 'DLV', 'TA'],
    fields: [f.int('key-tag'), f.algorithm(), f.int('digest-type')],
    rest: ['hex'],
  },
  {
    id: 'dnskey',
    types: ['DNSKEY', 'CDNSKEY', 'KEY', 'RKEY'],
    fields: [f.int('flags'), f.int('protocol'), f.algorithm()],
    rest: ['base64'],
  },
  {
    id: 'rrsig',
    types: ['RRSIG', 'SIG'],
    fields: [
      f.type('covered'),
      f.algorithm(),
      f.int('labels'),
      f.duration('original-ttl'),
      f.int('expiration'),
      f.int('inception'),
      f.int('key-tag'),
      f.name('signer'),
    ],
    rest: ['base64'],
  },
  { id: 'sshfp', types: ['SSHFP'], fields: [f.algorithm(), f.int('fingerprint-type')], rest: ['hex'] },
  {
    id: 'tlsa',
    types: ['TLSA', 'SMIMEA'],
    fields: [f.int('usage'), f.int('selector'), f.int('matching-type')],
    rest: ['hex'],
  },
  { id: 'nsec', types: ['NSEC', 'NXT'], fields: [f.name('next')], rest: ['type-list'] },
  {
    id: 'nsec3',
    types: ['NSEC3'],
    fields: [
      f.algorithm(),
      f.int('flags'),
      f.int('iterations'),
      {
        role: 'salt',
        alts: [
          { re: '-', scope: sc('constant.language.empty.salt') },
          { re: HEX, scope: sc('string.unquoted.hex.salt') },
        ],
      },
      { role: 'next', alts: [{ re: '[0-9A-Va-v]+', scope: sc('string.unquoted.base32.next-hashed') }] },
    ],
    rest: ['type-list'],
  },
  {
    id: 'nsec3param',
    types: ['NSEC3PARAM'],
    fields: [
      f.algorithm(),
      f.int('flags'),
      f.int('iterations'),
      {
        role: 'salt',
        alts: [
          { re: '-', scope: sc('constant.language.empty.salt') },
          { re: HEX, scope: sc('string.unquoted.hex.salt') },
        ],
      },
    ],
    rest: [],
  },
  {
    id: 'naptr',
    types: ['NAPTR'],
    fields: [
      f.int('order'),
      f.int('preference'),
      f.string('flags'),
      f.string('services'),
      f.string('regexp'),
      f.name('replacement'),
    ],
    rest: [],
  },
  { id: 'uri', types: ['URI'], fields: [f.int('priority'), f.int('weight'), f.string('target')], rest: [] },
  { id: 'base64', types: ['OPENPGPKEY', 'DHCID'], fields: [], rest: ['base64'] },
  {
    id: 'cert',
    types: ['CERT'],
    fields: [
      {
        role: 'cert-type',
        alts: [
          { re: INT, scope: sc('constant.numeric.integer.cert-type') },
          { re: MNEMONIC, scope: sc('support.constant.cert-type') },
        ],
      },
      f.int('key-tag'),
      f.algorithm(),
    ],
    rest: ['base64'],
  },
  {
    id: 'zonemd',
    types: ['ZONEMD'],
    fields: [f.int('serial'), f.int('scheme'), f.int('hash-algorithm')],
    rest: ['hex'],
  },
  { id: 'csync', types: ['CSYNC'], fields: [f.int('serial'), f.int('flags')], rest: ['type-list'] },
  { id: 'svcb', types: ['SVCB', 'HTTPS'], fields: [f.int('priority'), f.name('target')], rest: ['svc-param'] },
  { id: 'rp', types: ['RP'], fields: [f.name('mailbox'), f.name('text')], rest: [] },
  { id: 'minfo', types: ['MINFO'], fields: [f.name('responsible-mailbox'), f.name('error-mailbox')], rest: [] },
  {
    id: 'px',
    types: ['PX'],
    fields: [f.int('preference'), f.name('map822'), f.name('mapx400')],
    rest: [],
  },
  { id: 'talink', types: ['TALINK'], fields: [f.name('previous'), f.name('next')], rest: [] },
  {
    id: 'dsync',
    types: ['DSYNC'],
    fields: [f.type('rrtype'), f.int('scheme'), f.int('port'), f.name('target')],
    rest: [],
  },
  {
    id: 'ipseckey',
    types: ['IPSECKEY'],
    fields: [f.int('precedence'), f.int('gateway-type'), f.algorithm(), f.address('gateway', true)],
    rest: ['base64'],
  },
  {
    id: 'amtrelay',
    types: ['AMTRELAY'],
    fields: [f.int('precedence'), f.int('discovery'), f.int('relay-type'), f.address('relay', true)],
    rest: [],
  },
];

/** The group for every other known type and `TYPEnnn`: numbers, strings and addresses by shape. */
function otherGroup(): Group {
  const named = new Set(SPECIFIC.flatMap((g) => g.types));
  return { id: 'other', types: TYPE_NAMES.filter((t) => !named.has(t)), fields: [], rest: ['rdata-any'] };
}

/** Every type group with the roles of its fields in order, the catch-all (`other`) last. */
export function typeGroups(): { id: string; types: string[]; roles: string[] }[] {
  return [...SPECIFIC, otherGroup()].map((g) => ({ id: g.id, types: g.types, roles: g.fields.map((x) => x.role) }));
}

// --- state generation ---------------------------------------------------------------

/** `BEFORE(?:(alt1)AFTER|(alt2)AFTER|…|(QUOTED)|(WORD)AFTER)` and its captures, numbered from 1. */
function fieldMatch(alts: Alt[]): { re: string; captures: Captures } {
  // A token of the wrong shape still takes the field's place, so the fields
  // after it keep their roles (unless the field takes any word or string anyway).
  const all: Alt[] = [...alts];
  if (!alts.some((a) => a.re === QUOTED))
    all.push({ re: QUOTED, scope: sc('string.quoted.double'), patterns: stringInside, quoted: true });
  if (!alts.some((a) => a.re === WORD)) all.push({ re: WORD, scope: '' });
  const captures: Captures = {};
  const parts = all.map((a, i) => {
    const c: { name?: string; patterns?: Rule[] } = {};
    if (a.scope !== '') c.name = a.scope;
    if (a.patterns !== undefined) c.patterns = a.patterns;
    if (c.name !== undefined || c.patterns !== undefined) captures[String(i + 1)] = c;
    return `(${a.re})${a.quoted === true ? '' : AFTER}`;
  });
  return { re: `${BEFORE}(?:${parts.join('|')})`, captures };
}

/** The generated repository entries. */
type Repo = Record<string, Rule>;

const parenBegin = { '0': { name: sc('punctuation.section.parens.begin') } };
const parenEnd = { '1': { name: sc('punctuation.section.parens.end') } };

/** A `( … )` region holding `patterns`; ends early at a directive line (see END_IN). */
function parenRegion(patterns: Rule[], comment?: string): Rule {
  return {
    ...(comment !== undefined ? { comment } : {}),
    begin: '\\(',
    beginCaptures: parenBegin,
    end: `(\\))|${DIRECTIVE_LINE}`,
    endCaptures: parenEnd,
    patterns,
  };
}

/**
 * The states of one chain: `first` is the rule of the token that starts it (a
 * type keyword, or `\#` of generic data), then `fields`, then `rest`.
 *
 *   <id>            out-state after the first token (begins at it)
 *   <id>-in         the same inside parentheses
 *   <id>-<k>        out-state after field k (begins at field k)
 *   <id>-<k>-in     the same inside parentheses
 *   <id>-paren-<k>  the `(` region of an out-state whose next field is k
 *                   (k = fields + 1: only rest tokens remain)
 *
 * `generic`: also accept RFC 3597 `\# len hex` as the first RDATA token.
 */
function chain(
  repo: Repo,
  id: string,
  label: string,
  first: Alt,
  fields: Field[],
  rest: string[],
  generic: boolean,
): void {
  const n = fields.length;
  const restRules = [...rest.map(inc), inc('string'), inc('word')];
  const state = (k: number, mode: 'out' | 'in'): string =>
    `${id}${k === 0 ? '' : `-${k}`}${mode === 'in' ? '-in' : ''}`;
  for (let k = 0; k <= n; k++) {
    // The first token (type keyword or `\#`) is known; a field may have the wrong shape (see fieldMatch).
    const m = k === 0 ? undefined : fieldMatch(fields[k - 1].alts);
    const begin = m === undefined ? `${BEFORE}(${first.re})${AFTER}` : m.re;
    const beginCaptures: Captures = m === undefined ? { '1': { name: first.scope } } : m.captures;
    const genericOut = generic && k === 0 ? [inc('generic-data')] : [];
    const genericIn = generic && k === 0 ? [inc('generic-data-in')] : [];
    const next: Rule[] = k < n ? [inc(state(k + 1, 'in'))] : restRules;
    const after = k === 0 ? label : `${label} ${fields[k - 1].role}`;
    const expects = k < n ? fields.slice(k).map((x) => x.role) : rest.length > 0 ? [`rest (${rest.join(', ')})`] : [];
    repo[`${id}-paren-${k + 1}`] = parenRegion([inc('comment'), ...genericIn, ...next, inc('nested-parens')]);
    repo[state(k, 'out')] = {
      comment: `after ${after}: ${expects.length > 0 ? expects.join(' ') : 'nothing more'}`,
      begin,
      beginCaptures,
      end: END_OUT,
      patterns: [
        inc('comment'),
        ...genericOut,
        inc(`${id}-paren-${k + 1}`),
        ...(k < n ? [inc(state(k + 1, 'out'))] : restRules),
        inc('stray-paren'),
      ],
    };
    repo[state(k, 'in')] = {
      begin,
      beginCaptures,
      end: END_IN,
      patterns: [inc('comment'), ...genericIn, ...next, inc('nested-parens')],
    };
  }
}

/** The whole grammar. */
export function buildGrammar(): Record<string, unknown> {
  const groups = [...SPECIFIC, otherGroup()];
  const repo: Repo = {};

  // Shared token rules.
  Object.assign(repo, {
    comment: {
      // begin/end, not `;.*$`: that match would run to the line end each time the
      // scanner looks ahead to a ; inside a later string, quadratic on a long TXT line.
      begin: ';',
      beginCaptures: { '0': { name: sc('punctuation.definition.comment') } },
      end: '$',
      name: sc('comment.line.semicolon'),
    },
    escape: {
      comment: '\\X (the character itself) or \\DDD (a decimal octet)',
      match: '\\\\(?:[0-9]{3}|.)',
      name: sc('constant.character.escape'),
    },
    wildcard: {
      match: `${BEFORE}\\*(?=\\.|${AFTER})`,
      name: sc('constant.language.wildcard'),
    },
    'string-quote': { match: '"', name: sc('punctuation.definition.string') },
    string: {
      comment: 'A quoted string: a ; inside is text, not a comment. BIND ends an unclosed one at the line end.',
      begin: '"',
      beginCaptures: { '0': { name: sc('punctuation.definition.string.begin') } },
      end: '(")|$',
      endCaptures: { '1': { name: sc('punctuation.definition.string.end') } },
      name: sc('string.quoted.double'),
      patterns: [inc('escape')],
    },
    word: {
      comment: 'Any other token: no colour, but it is consumed whole (an escaped \\; inside is no comment).',
      match: `${BEFORE}${WORD}`,
    },
    'stray-paren': {
      comment: 'A ) with no ( open (BIND refuses it).',
      match: '\\)',
      name: `${sc('punctuation.section.parens.end')} ${sc('invalid.illegal.unbalanced-parenthesis')}`,
    },
    'nested-parens': parenRegion(
      [inc('comment'), inc('nested-parens'), inc('rdata-any')],
      'Parentheses inside parentheses: BIND counts them; the fields inside are coloured by shape only.',
    ),
    'any-parens': parenRegion(
      [inc('comment'), inc('any-parens'), inc('rdata-any')],
      'Parentheses where no field is expected (a directive, the top level): coloured by shape only.',
    ),
    ttl: {
      match: `${BEFORE}(${DURATION})${AFTER}`,
      captures: { '1': { name: sc('constant.numeric.ttl'), patterns: [unit] } },
    },
    class: {
      match: `${BEFORE}(?:((?i:${CLASSES}))|((?i:CLASS)[0-9]+))${AFTER}`,
      captures: {
        '1': { name: sc('support.type.class') },
        '2': { name: sc('support.type.class.generic') },
      },
    },
    'rdata-any': {
      comment: 'RDATA of a type without its own rules: strings, addresses and numbers by their shape.',
      patterns: [
        inc('string'),
        { match: `${BEFORE}(${IPV4})${AFTER}`, captures: { '1': { name: sc('constant.numeric.address.ipv4') } } },
        { match: `${BEFORE}(${IPV6})${AFTER}`, captures: { '1': { name: sc('constant.numeric.address.ipv6') } } },
        { match: `${BEFORE}(${INT})${AFTER}`, captures: { '1': { name: sc('constant.numeric.integer') } } },
        inc('word'),
      ],
    },
    'character-strings': {
      comment: 'TXT-like data: each token is a character-string, quoted or not.',
      patterns: [
        inc('string'),
        {
          // begin/end rather than a match with captures: captures with patterns cost
          // time in proportion to the line, and a TXT line may hold thousands of words.
          begin: `${BEFORE}(?=${UNIT})`,
          end: AFTER,
          name: sc('string.unquoted'),
          patterns: [inc('escape')],
        },
      ],
    },
    base64: {
      match: `${BEFORE}(${BASE64})${AFTER}`,
      captures: { '1': { name: sc('string.unquoted.base64') } },
    },
    hex: {
      match: `${BEFORE}(${HEX})${AFTER}`,
      captures: { '1': { name: sc('string.unquoted.hex') } },
    },
    'type-list': {
      comment: 'The type bitmap of NSEC, NSEC3, CSYNC.',
      match: `${BEFORE}((?i:${keywords(TYPE_NAMES)}|TYPE[0-9]+))${AFTER}`,
      captures: { '1': { name: sc('storage.type.rr') } },
    },
    'svc-param': {
      comment: 'SVCB/HTTPS parameters: key, key=value, key="value".',
      match: `${BEFORE}([A-Za-z][A-Za-z0-9-]*)(?:(=)(?:(${QUOTED})|(${WORD})${AFTER}|${AFTER})|${AFTER})`,
      captures: {
        '1': { name: sc('entity.other.attribute-name.svc-param') },
        '2': { name: sc('keyword.operator.assignment') },
        '3': { name: sc('string.quoted.double') },
        '4': { name: sc('string.unquoted.svc-param-value') },
      },
    },
  } satisfies Repo);

  // Generic RDATA: \# length hex.
  chain(
    repo,
    'generic-data',
    '\\#',
    // `\#` then the length (BIND reads `TXT \# text` as the text "#", so the number must follow).
    { re: '\\\\#(?=[ \\t]+[0-9]|[ \\t]*(?:\\(|;|$))', scope: sc('keyword.other.generic-rdata') },
    [f.int('length')],
    ['hex'],
    false,
  );

  // One chain per type group.
  for (const g of groups) {
    const re = g.id === 'other' ? `(?i:${keywords(g.types)}|TYPE[0-9]+)` : `(?i:${keywords(g.types)})`;
    chain(
      repo,
      `rr-${g.id}`,
      g.types.length > 6 ? `${g.types.slice(0, 6).join(' ')}…` : g.types.join(' '),
      { re, scope: sc(`storage.type.rr`) },
      g.fields,
      g.rest,
      true,
    );
  }

  const typeRules = (mode: 'out' | 'in'): Rule[] => groups.map((g) => inc(`rr-${g.id}${mode === 'in' ? '-in' : ''}`));

  // The record head: [TTL] [class] in either order, then the type.
  Object.assign(repo, {
    'record-owner': {
      comment: 'A line starting with a token: that token is the owner name.',
      begin: `^(?:(@)|(${ABSOLUTE})|(${WORD}))${AFTER}`,
      beginCaptures: {
        '1': { name: sc('entity.name.tag.owner.origin') },
        '2': { name: sc('entity.name.tag.owner.absolute'), patterns: nameInside },
        '3': { name: sc('entity.name.tag.owner.relative'), patterns: nameInside },
      },
      end: END_OUT,
      patterns: [inc('head')],
    },
    'record-blank-owner': {
      comment: 'A line starting with a blank repeats the previous owner: its first token is a TTL, class or type.',
      begin: '^(?=[ \\t])',
      end: END_OUT,
      patterns: [inc('head')],
    },
    head: {
      patterns: [
        inc('comment'),
        inc('ttl'),
        inc('class'),
        ...typeRules('out'),
        inc('head-parens'),
        inc('unknown-type'),
        inc('string'),
        inc('stray-paren'),
      ],
    },
    'head-parens': parenRegion(
      [inc('comment'), inc('ttl'), inc('class'), ...typeRules('in'), inc('unknown-type-in'), inc('nested-parens')],
      'A ( before the type.',
    ),
    'unknown-type': {
      comment: 'A word where the type belongs that is no type ZoneLens knows: the rest is coloured by shape.',
      begin: `${BEFORE}${WORD}`,
      end: END_OUT,
      patterns: [inc('comment'), inc('any-parens'), inc('rdata-any'), inc('stray-paren')],
    },
    'unknown-type-in': {
      begin: `${BEFORE}${WORD}`,
      end: END_IN,
      patterns: [inc('comment'), inc('nested-parens'), inc('rdata-any')],
    },
  } satisfies Repo);

  // Directives.
  const directive = (word: string, patterns: Rule[]): Rule => ({
    begin: `^(\\$(?i:${word}))${AFTER}`,
    beginCaptures: { '1': { name: sc(`keyword.control.directive.${word.toLowerCase()}`) } },
    end: END_OUT,
    patterns: [inc('comment'), ...patterns, inc('any-parens'), inc('rdata-any'), inc('stray-paren')],
  });
  const templateInside: Rule[] = [inc('escape'), inc('generate-iterator')];
  Object.assign(repo, {
    'directive-origin': directive('ORIGIN', [inc('origin-name')]),
    'directive-ttl': directive('TTL', [inc('ttl')]),
    'directive-include': directive('INCLUDE', [inc('include-file')]),
    'directive-generate': directive('GENERATE', [inc('generate-range')]),
    'directive-unknown': {
      comment: 'A $word BIND does not know (it refuses the zone); not coloured.',
      begin: `^\\$${UNIT}*`,
      end: END_OUT,
      patterns: [inc('comment'), inc('any-parens'), inc('rdata-any'), inc('stray-paren')],
    },
    'origin-name': {
      match: fieldMatch(nameAlts('entity.name.tag.origin')).re,
      captures: fieldMatch(nameAlts('entity.name.tag.origin')).captures,
    },
    'include-file': {
      begin: `${BEFORE}(?:(${QUOTED})|(${WORD}))`,
      beginCaptures: {
        '1': { name: sc('string.quoted.double.path'), patterns: stringInside },
        '2': { name: sc('string.unquoted.path'), patterns: [inc('escape')] },
      },
      end: END_OUT,
      patterns: [inc('comment'), inc('origin-name'), inc('stray-paren')],
    },
    'generate-range': {
      comment: '$GENERATE start-stop[/step] owner [TTL] [class] type rdata',
      begin: `${BEFORE}(?:([0-9]+-[0-9]+(?:/[0-9]+)?)${AFTER}|(${WORD}))`,
      beginCaptures: { '1': { name: sc('constant.numeric.range') } },
      end: END_OUT,
      patterns: [inc('comment'), inc('generate-owner'), inc('stray-paren')],
    },
    'generate-owner': {
      begin: `${BEFORE}(?:(${QUOTED})|(${WORD}))`,
      beginCaptures: {
        '1': { name: sc('entity.name.tag.owner.template'), patterns: templateInside },
        '2': { name: sc('entity.name.tag.owner.template'), patterns: templateInside },
      },
      end: END_OUT,
      patterns: [inc('comment'), inc('ttl'), inc('class'), inc('generate-type'), inc('word'), inc('stray-paren')],
    },
    'generate-type': {
      begin: `${BEFORE}((?i:${keywords(TYPE_NAMES)}|TYPE[0-9]+))${AFTER}`,
      beginCaptures: { '1': { name: sc('storage.type.rr') } },
      end: END_OUT,
      patterns: [
        inc('comment'),
        {
          match: `(${QUOTED})|${BEFORE}(${WORD})`,
          captures: {
            '1': { name: sc('string.quoted.double.template'), patterns: templateInside },
            '2': { name: sc('string.unquoted.template'), patterns: templateInside },
          },
        },
        inc('stray-paren'),
      ],
    },
    'generate-iterator': {
      comment: '$ is the counter; ${offset,width,base} formats it.',
      match: '\\$(?:\\{[^}\\s;()"]*\\}?)?',
      name: sc('variable.language.iterator'),
    },
  } satisfies Repo);

  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'DNS Zone',
    scopeName: 'source.dns-zone',
    comment:
      'GENERATED by test/grammar/build.ts from test/grammar/grammarSource.ts: edit that file, not this one. ' +
      'RFC 1035 / BIND master files: directives, owner, TTL, class, type and each RDATA field by role, ' +
      'across parentheses that span lines.',
    patterns: [
      inc('comment'),
      inc('directive-origin'),
      inc('directive-ttl'),
      inc('directive-include'),
      inc('directive-generate'),
      inc('directive-unknown'),
      inc('record-owner'),
      inc('record-blank-owner'),
      inc('string'),
      inc('any-parens'),
      inc('stray-paren'),
      inc('word'),
    ],
    repository: repo,
  };
}
