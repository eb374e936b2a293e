-- Runs the README's Neovim configuration as a user's init would, then opens a
-- zone file and waits for the diagnostics to reach vim.diagnostic:
--   nvim --headless --clean -u NONE -c "luafile test/neovim/readme.lua"
-- with ZONELENS_CONFIG (the Lua block of the README), ZONELENS_ZONE and
-- ZONELENS_OUT set; `zonelens-language-server` must be on PATH.
local out = os.getenv('ZONELENS_OUT')
local report = { errors = {}, diagnostics = {} }
local ok, err = pcall(function()
  dofile(os.getenv('ZONELENS_CONFIG'))
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('ZONELENS_ZONE')))
  local bufnr = vim.api.nvim_get_current_buf()
  report.filetype = vim.bo.filetype
  if not vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
    table.insert(report.errors, 'no diagnostics within 20 s')
  end
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(report.diagnostics, { lnum = d.lnum, message = d.message, source = d.source })
  end
  report.clients = #vim.lsp.buf_get_clients(bufnr)
  vim.lsp.stop_client(vim.lsp.get_active_clients())
end)
if not ok then table.insert(report.errors, tostring(err)) end
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode(report))
f:close()
vim.cmd('qa!')
