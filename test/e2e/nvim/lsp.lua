-- The Roofline language server in a second real LSP client: headless Neovim 0.7 (Debian's), over
-- stdio (`node dist/server.js --stdio`), started with vim.lsp.start_client and attached with
-- vim.lsp.buf_attach_client (0.7 has no vim.lsp.start). Run by test/e2e/neovim.e2e.ts as
--   nvim --headless --clean -c 'luafile test/e2e/nvim/lsp.lua'
-- with ROOFLINE_E2E_SPEC (a JSON file: server command, workspace, files, what to expect) and
-- ROOFLINE_E2E_OUT (where to write what it saw, as JSON). For each file it opens the buffer (filetype
-- nnm) and waits for its diagnostics; on the model it requests a hover and the inlay hints
-- (textDocument/inlayHint by hand through client.request_sync: 0.7 has no inlay hint UI). It checks
-- what the spec expects, writes everything it saw plus its failures, and exits 1 when anything
-- failed (2 on a timeout), so that CI sees it even without the mocha test.

local started = vim.loop.hrtime()
local function ms()
  return math.floor((vim.loop.hrtime() - started) / 1e6)
end

local spec_path = os.getenv('ROOFLINE_E2E_SPEC')
local out_path = os.getenv('ROOFLINE_E2E_OUT')
local out = { failures = {}, diagnostics = {}, hover = vim.NIL, inlayHints = {}, timings = {} }

local function fail(message)
  table.insert(out.failures, message)
end

local function write_out()
  if out_path then
    vim.fn.writefile({ vim.fn.json_encode(out) }, out_path)
  end
end

local function finish(code)
  write_out()
  if code == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit! ' .. code)
  end
end

-- Whatever happens, Neovim ends within the spec's time limit.
local function watchdog(limit_ms)
  vim.defer_fn(function()
    fail('timed out after ' .. limit_ms .. ' ms')
    finish(2)
  end, limit_ms)
end

local function read_json(path)
  return vim.fn.json_decode(table.concat(vim.fn.readfile(path), '\n'))
end

-- MarkupContent, MarkedString or a list of them, as one string.
local function hover_text(contents)
  if type(contents) == 'string' then
    return contents
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, c in ipairs(contents) do
    table.insert(parts, type(c) == 'string' and c or c.value)
  end
  return table.concat(parts, '\n')
end

-- An InlayHint's label: a string or a list of label parts.
local function hint_label(label)
  if type(label) == 'string' then
    return label
  end
  local parts = {}
  for _, p in ipairs(label) do
    table.insert(parts, p.value)
  end
  return table.concat(parts, '')
end

local function main()
  if not spec_path or not out_path then
    error('ROOFLINE_E2E_SPEC and ROOFLINE_E2E_OUT must be set')
  end
  local spec = read_json(spec_path)
  watchdog(spec.timeoutMs or 60000)

  -- Diagnostics as published, by URI (the default handler still runs, as in a real session).
  local published = {}
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      published[result.uri] = result.diagnostics
      return default_publish(err, result, ctx, config)
    end,
  }

  local client_id = vim.lsp.start_client({
    name = 'roofline',
    cmd = spec.cmd,
    root_dir = spec.rootDir,
    workspace_folders = { { uri = vim.uri_from_fname(spec.rootDir), name = 'workspace' } },
    handlers = handlers,
    init_options = { debounceMs = 0 },
  })
  if not client_id then
    fail('vim.lsp.start_client returned nil for ' .. table.concat(spec.cmd, ' '))
    return
  end
  local client = vim.lsp.get_client_by_id(client_id)
  if not vim.wait(15000, function()
    return client.initialized == true
  end, 10) then
    fail('the server did not answer initialize within 15 s')
    return
  end
  out.timings.initialized = ms()

  for _, file in ipairs(spec.files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file.path))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.bo[bufnr].filetype = 'nnm'
    vim.lsp.buf_attach_client(bufnr, client_id)
    local uri = vim.uri_from_bufnr(bufnr)

    if not vim.wait(15000, function()
      return published[uri] ~= nil
    end, 10) then
      fail(file.name .. ': no diagnostics were published within 15 s')
    end
    local seen = {}
    for _, d in ipairs(published[uri] or {}) do
      table.insert(seen, { code = d.code, line = d.range.start.line, severity = d.severity, message = d.message })
    end
    out.diagnostics[file.name] = seen
    out.timings['diagnostics ' .. file.name] = ms()
    for _, want in ipairs(file.expectDiagnostics or {}) do
      local found = false
      for _, d in ipairs(seen) do
        if d.code == want.code and d.line == want.line then
          found = true
        end
      end
      if not found then
        fail(file.name .. ': expected diagnostic ' .. want.code .. ' on line ' .. (want.line + 1) .. ', got ' .. vim.fn.json_encode(seen))
      end
    end

    if file.hover then
      local params = { textDocument = { uri = uri }, position = { line = file.hover.line, character = file.hover.character } }
      local response, err = client.request_sync('textDocument/hover', params, 10000, bufnr)
      if not response then
        fail(file.name .. ': hover request failed: ' .. tostring(err))
      elseif response.err then
        fail(file.name .. ': hover error: ' .. vim.fn.json_encode(response.err))
      elseif not response.result then
        fail(file.name .. ': no hover at ' .. (file.hover.line + 1) .. ':' .. (file.hover.character + 1))
      else
        out.hover = hover_text(response.result.contents)
        for _, needle in ipairs(file.hover.contains or {}) do
          if not string.find(out.hover, needle, 1, true) then
            fail(file.name .. ': the hover does not contain "' .. needle .. '"')
          end
        end
      end
      out.timings['hover ' .. file.name] = ms()
    end

    if file.inlayHints then
      local last = vim.api.nvim_buf_line_count(bufnr)
      local params = { textDocument = { uri = uri }, range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } } }
      local response, err = client.request_sync('textDocument/inlayHint', params, 10000, bufnr)
      if not response then
        fail(file.name .. ': inlayHint request failed: ' .. tostring(err))
      elseif response.err then
        fail(file.name .. ': inlayHint error: ' .. vim.fn.json_encode(response.err))
      else
        for _, h in ipairs(response.result or {}) do
          table.insert(out.inlayHints, { label = hint_label(h.label), line = h.position.line, character = h.position.character })
        end
        for _, want in ipairs(file.inlayHints.expect or {}) do
          local found = false
          for _, h in ipairs(out.inlayHints) do
            if h.line == want.line and vim.trim(h.label) == want.label then
              found = true
            end
          end
          if not found then
            fail(file.name .. ': no inlay hint "' .. want.label .. '" on line ' .. (want.line + 1) .. ' (hints: ' .. vim.fn.json_encode(out.inlayHints) .. ')')
          end
        end
      end
      out.timings['inlayHint ' .. file.name] = ms()
    end
  end

  vim.lsp.stop_client(client_id)
  vim.wait(3000, function()
    return client.is_stopped()
  end, 10)
  out.timings.stopped = ms()
end

local ok, err = pcall(main)
if not ok then
  fail('error: ' .. tostring(err))
end
finish(#out.failures == 0 and 0 or 1)
