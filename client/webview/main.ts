/**
 * The failover preview's webview script (browser only). It draws what the
 * host sends, sends the user's choices back, and keeps the last view in the
 * webview state so that a reloaded panel draws at once and the serializer
 * knows what to restore. Every message is checked on arrival.
 */
import './panel.css';
import {
  parseHostMessage,
  parsePersistedState,
  type PersistedState,
  type PreviewView,
  type WebviewMessage,
} from '../src/preview/protocol';
import { clear, el } from './dom';
import { renderView } from './render';

/** The part of VS Code's webview API the panel uses. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

const app = document.getElementById('app') ?? document.body;
clear(app);
// The status line and the plain-language summary live outside the redrawn part, so that
// screen readers announce their changes (a replaced live region is not announced).
const status = el('p', { class: 'status', role: 'status' });
const summary = el('div', { class: 'summary', 'aria-live': 'polite', 'aria-label': 'In plain words' });
const content = el('div', { class: 'content' });
app.append(status, content);

function send(message: WebviewMessage): void {
  // Every message but a reveal is answered with a new view, which clears the flag.
  if (message.type !== 'reveal') app.setAttribute('aria-busy', 'true');
  vscode.postMessage(message);
}

function focusedKey(): string | null {
  const active = document.activeElement;
  return active instanceof HTMLElement ? active.getAttribute('data-key') : null;
}

function refocus(key: string | null): void {
  if (key === null) return;
  for (const node of content.querySelectorAll<HTMLElement>('[data-key]')) {
    if (node.getAttribute('data-key') === key) {
      node.focus();
      return;
    }
  }
}

function show(view: PreviewView): void {
  const key = focusedKey();
  const scroll = window.scrollY;
  clear(content);
  const drawn = renderView(view, send);
  // The summary goes right under the controls.
  clear(summary);
  for (const line of view.summary) summary.appendChild(el('p', {}, line));
  drawn.insertBefore(summary, drawn.children[1] ?? null);
  content.appendChild(drawn);
  refocus(key);
  window.scrollTo(0, scroll);
  app.removeAttribute('aria-busy');
  status.textContent = '';
  const state: PersistedState = {
    version: 1,
    documentUri: view.documentUri,
    domain: view.domain,
    options: view.options,
    view,
  };
  vscode.setState(state);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  // Anything else (another frame's message, a damaged one) is ignored.
  if (message === undefined) return;
  if (message.type === 'view') show(message.view);
  else {
    app.removeAttribute('aria-busy');
    status.textContent = message.text;
  }
});

const saved = parsePersistedState(vscode.getState());
if (saved?.view) show(saved.view);
else status.textContent = 'Loading the simulation…';
vscode.postMessage({ type: 'ready' } satisfies WebviewMessage);
