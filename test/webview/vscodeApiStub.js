// The browser tests' stand-in for VS Code's `acquireVsCodeApi`, installed in the
// page before its own scripts (page.addInitScript, outside the page's CSP, like
// VS Code's own webview preamble). Plain JavaScript on purpose: a function
// compiled by tsx would carry helpers the page does not have.
//
// `__zlInstall({ initialState, theme })` is called by the harness. postMessage
// and setState reach the test through Playwright bindings (__zlPosted,
// __zlSaved); getState returns the state given (a restored panel) or the last
// one saved. CSP violations are reported through __zlViolation. A theme is
// applied as VS Code does: variables on <html>, a class on <body>.
globalThis.__zlInstall = ({ initialState, theme }) => {
  let state = initialState;
  let acquired = false;
  globalThis.acquireVsCodeApi = () => {
    // VS Code allows one call per page; a second would be a bug in the panel.
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => globalThis.__zlPosted(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => {
        state = JSON.parse(JSON.stringify(s));
        globalThis.__zlSaved(state);
        return s;
      },
    });
  };
  document.addEventListener('securitypolicyviolation', (e) =>
    globalThis.__zlViolation({ directive: e.violatedDirective, blockedURI: e.blockedURI }),
  );
  if (theme) {
    // The document has no <html> element yet when this runs: theme it once parsed.
    document.addEventListener('DOMContentLoaded', () => {
      for (const [k, v] of Object.entries(theme.vars)) document.documentElement.style.setProperty(k, v);
      document.body.classList.add(theme.kind);
    });
  }
};
