-- Drives the ZoneLens language server from Neovim 0.7 (Debian's), headless:
--   nvim --headless --clean -u NONE -c "luafile test/neovim/lsp.lua"
-- with ZONELENS_SERVER (dist/server.js), ZONELENS_ZONE (a zone file),
-- ZONELENS_HOVER ("line:col", 1-based) and ZONELENS_OUT (the JSON report) set.
-- Neovim 0.7 has no vim.lsp.start: the client is made with start_client and
-- attached to the buffer with buf_attach_client, as the README's config does.
local server = os.getenv('ZONELENS_SERVER')
local zone = os.getenv('ZONELENS_ZONE')
local out = os.getenv('ZONELENS_OUT')
local hover_line, hover_col = os.getenv('ZONELENS_HOVER'):match('(%d+):(%d+)')
local timeout = 20000

local report = { diagnostics = {}, hover = vim.NIL, lenses = {}, errors = {} }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(zone))
  vim.bo.filetype = 'dns-zone'
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local published = false

  local client_id = vim.lsp.start_client({
    name = 'zonelens',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(zone, ':p:h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
        if result.uri == uri then
          report.diagnostics = result.diagnostics
          published = true
        end
      end,
    },
    on_exit = function(code, signal)
      report.exit = { code = code, signal = signal }
    end,
  })
  assert(client_id, 'start_client failed')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')

  -- vim.wait runs the event loop until the condition holds: no fixed sleep.
  if not vim.wait(timeout, function() return published end, 20) then
    table.insert(report.errors, 'no diagnostics within ' .. timeout .. ' ms')
  end
  -- What Neovim itself made of them (vim.diagnostic), not only the raw message.
  report.neovim_diagnostics = #vim.diagnostic.get(bufnr)

  local params = {
    textDocument = { uri = uri },
    position = { line = tonumber(hover_line) - 1, character = tonumber(hover_col) - 1 },
  }
  local responses, herr = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, timeout)
  if responses == nil then
    table.insert(report.errors, 'hover: ' .. tostring(herr))
  else
    for _, r in pairs(responses) do
      if r.error then table.insert(report.errors, 'hover: ' .. vim.inspect(r.error)) end
      if r.result then report.hover = r.result end
    end
  end

  -- Code lenses come unresolved; Neovim's codelens module resolves them (codeLens/resolve).
  vim.lsp.codelens.refresh()
  local function titles()
    local out = {}
    for _, lens in ipairs(vim.lsp.codelens.get(bufnr)) do
      if lens.command and lens.command.title then table.insert(out, lens.command.title) end
    end
    return out
  end
  if not vim.wait(timeout, function() return #titles() > 0 end, 20) then
    table.insert(report.errors, 'no resolved code lens within ' .. timeout .. ' ms')
  end
  report.lenses = titles()

  local client = vim.lsp.get_client_by_id(client_id)
  report.server_name = client and client.server_capabilities and client.name or vim.NIL
  report.hover_provider = client and client.server_capabilities.hoverProvider or false
  vim.lsp.stop_client(client_id)
  vim.wait(timeout, function() return report.exit ~= nil end, 20)
end)

if not ok then table.insert(report.errors, tostring(err)) end
finish()
