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
