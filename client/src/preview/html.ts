/**
 * The failover preview's HTML page: a shell with the Content Security Policy
 * and the bundle's script and style; the webview script builds everything
 * else with DOM calls. Pure (no `vscode`), so that the browser tests load the
 * very page the extension serves.
 */
import { randomBytes } from 'node:crypto';

/** What the page needs from the webview host. */
export interface PanelHtmlParams {
  /** `webview.cspSource`: the origin the bundle is served from. */
  cspSource: string;
  /** A fresh `makeNonce()` per page: only the script carrying it may run. */
  nonce: string;
  /** `webview.asWebviewUri` of dist/webview/panel.js. */
  scriptUri: string;
  /** `webview.asWebviewUri` of dist/webview/panel.css. */
  styleUri: string;
}

/** A nonce for the CSP: 16 random bytes from Node's CSPRNG, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Escapes text for an HTML attribute value in double quotes. */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The Content Security Policy of the panel (ARCHITECTURE.md rule 9): nothing
 * by default; styles and images only from the webview's own resources;
 * scripts only with the nonce. No inline style, no eval, no network.
 */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The panel's whole HTML document. */
export function panelHtml(p: PanelHtmlParams): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>MX Failover Preview</title>
</head>
<body>
<main id="app" aria-label="MX failover preview"><p class="status" role="status">Loading the simulation…</p></main>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>
`;
}
