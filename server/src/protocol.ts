/**
 * The custom LSP methods of ZoneLens, defined once and imported by the
 * server and the client (bundled into both).
 */
import { RequestType, type Location, type Range, type TextDocumentIdentifier } from 'vscode-languageserver-protocol';
import type { AddressState, Mode, ProfileId, RrsetOrder, SimulationResult } from './simulate/types';

export type { AddressState, ProfileId, RrsetOrder, SimulationResult };

/** Where a host of a simulation comes from, in editor coordinates. */
export interface HostLocations {
  /** The MX record (null for an implicit MX). */
  record: Location | null;
  /** The A/AAAA record of each address, parallel to the host's `addresses`. */
  addresses: Location[];
}

/** A simulation as the client receives it: the CLI's JSON object, with `locations` in LSP form. */
export interface SimulateResponse extends Omit<SimulationResult, 'locations'> {
  /** Parallel to `tiers`: `tiers[i].hosts[j]` comes from `locations[i][j]`. */
  locations: HostLocations[][];
}

export interface SimulateParams {
  textDocument: TextDocumentIdentifier;
  /** Absolute, or relative to the zone's origin; default: the origin. */
  domain?: string;
  /** Default: the `zonelens.simulation.profile` setting. */
  profile?: ProfileId;
  /** States by address or host name; unlisted addresses are up. */
  states?: Record<string, AddressState>;
  rrsetOrder?: RrsetOrder;
  senderIpv6?: boolean;
}

/**
 * `zonelens/simulate`, sent by the client (the failover preview) to the
 * server: where mail to a domain of the document goes under a sender
 * profile. Null when the document is unknown or the domain has nothing to
 * simulate.
 */
export const SimulateRequest = new RequestType<SimulateParams, SimulateResponse | null, void>('zonelens/simulate');

/** A name of the document that receives mail. */
export interface MailDomainInfo {
  domain: string;
  mode: Exclude<Mode, 'none'>;
  /** The MX records (for an implicit MX, the A/AAAA records) in file order. */
  locations: Location[];
  /** The first of them, for pickers and code lenses. */
  range: Range;
}

export interface MailDomainsParams {
  textDocument: TextDocumentIdentifier;
}

/**
 * `zonelens/mailDomains`, sent by the client (the failover preview's domain
 * picker) to the server: the names of the document with MX records, and the
 * apex when it receives mail through an implicit MX.
 */
export const MailDomainsRequest = new RequestType<MailDomainsParams, MailDomainInfo[], void>('zonelens/mailDomains');

export interface BumpSerialParams {
  textDocument: TextDocumentIdentifier;
  /** The user's calendar day, `YYYY-MM-DD`, for date-based serials; default: the server's local date. */
  today?: string;
}

/** The edit that bumps the zone's SOA serial, and what it does in words. */
export interface BumpSerialResult {
  /** The version of the document the edit was computed for: apply it only to that version. */
  version: number;
  /** The file that holds the SOA: the document, or a file it includes. */
  uri: string;
  /** The serial's text. */
  range: Range;
  newText: string;
  from: number;
  to: number;
  /** `date`, `increment` or `wrap` (4294967295 to 0, RFC 1982). */
  method: 'date' | 'increment' | 'wrap';
  /** What was done and why, for the user. */
  message: string;
}

/**
 * `zonelens/bumpSerial`, sent by the client (the "Bump SOA Serial" command
 * and `zonelens.serial.bumpOnSave`) to the server: the edit that makes the
 * zone's SOA serial the next one (date-based `YYYYMMDDnn` when it looks like
 * a date, else +1, never backwards). The client applies it. Fails with a
 * message when the zone has no SOA or its serial cannot be edited.
 */
export const BumpSerialRequest = new RequestType<BumpSerialParams, BumpSerialResult, void>('zonelens/bumpSerial');

/** Something the dns-zonefile export left out, in editor coordinates. */
export interface DnsZonefileLeftOut {
  /** The file it is in (the document, or a file it includes) and its 1-based line there. */
  uri: string;
  line: number;
  text: string;
  reason: string;
}

export interface ExportDnsZonefileParams {
  textDocument: TextDocumentIdentifier;
}

/** The document as dns-zonefile JSON, and what that format could not hold. */
export interface ExportDnsZonefileResult {
  /** The JSON text, its `//` key listing what was left out. */
  json: string;
  /** How many records the JSON holds. */
  exported: number;
  /** Records, lines and directives that are not in the JSON. */
  leftOut: DnsZonefileLeftOut[];
}

/**
 * `zonelens/exportDnsZonefile`, sent by the client ("ZoneLens: Export as
 * dns-zonefile JSON") to the server: the document's records in the JSON shape
 * of the `dns-zonefile` npm package. Null when the document is unknown.
 */
export const ExportDnsZonefileRequest = new RequestType<ExportDnsZonefileParams, ExportDnsZonefileResult | null, void>(
  'zonelens/exportDnsZonefile',
);

export interface ImportDnsZonefileParams {
  /** The JSON text. */
  json: string;
  /** Where it came from, for the comment at the top of the zone file (a file name). */
  source?: string;
}

/** A zone file made from dns-zonefile JSON, and what of the JSON it does not hold. */
export interface ImportDnsZonefileResult {
  text: string;
  leftOut: string[];
}

/**
 * `zonelens/importDnsZonefile`, sent by the client ("ZoneLens: Import
 * dns-zonefile JSON") to the server: a zone file written by dns-zonefile's
 * `generate` from checked JSON. Fails with a message when the text is not a
 * JSON object.
 */
export const ImportDnsZonefileRequest = new RequestType<ImportDnsZonefileParams, ImportDnsZonefileResult, void>(
  'zonelens/importDnsZonefile',
);
