import type { Severity } from './types';

/**
 * The codes the parser itself reports (CHECKS.md, first table, the rows that
 * need no zone model), with their default severities. The checks registry
 * adds the model-based codes and owns the documentation links of all of them.
 */
export const PARSE_CODES = {
  'syntax-error': 'error',
  'unbalanced-parentheses': 'error',
  'unterminated-string': 'error',
  'bad-ttl': 'error',
  'missing-ttl': 'error',
  'bad-rdata': 'error',
  'unknown-type': 'warning',
  'unknown-directive': 'error',
  'relative-name-without-origin': 'error',
  'name-too-long': 'error',
  'class-mismatch': 'error',
  'include-not-found': 'error',
  'include-cycle': 'error',
  'include-denied': 'error',
  'generate-too-large': 'error',
} as const satisfies Record<string, Severity>;

export type ParseCode = keyof typeof PARSE_CODES;
