/**
 * Cancellation for the requests that may take long (hover, code actions,
 * `zonelens/simulate`): the analysis and the simulation are synchronous, so a
 * handler can only notice a `$/cancelRequest` between its steps.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Lets pending messages in, then throws `RequestCancelled` (LSP 3.17) if the
 * client cancelled the request; the connection answers with that error.
 */
export async function checkpoint(token: CancellationToken): Promise<void> {
  if (token.isCancellationRequested) throw cancelled();
  // Two turns of the event loop: in the first the socket is read, and vscode-jsonrpc
  // decodes what it read (the $/cancelRequest) one setImmediate later.
  await nextTurn();
  await nextTurn();
  if (token.isCancellationRequested) throw cancelled();
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}
