-- wrk script for bench/load.py: the public reading the site, over a mix of pages and API calls.
-- Argument (after `--`): a file of request paths, one a line (bench/load.py writes it, weighted
-- by how often each kind is asked for). Each request is one line drawn at random.
-- Responses of 400 and above are counted by status and printed at the end ("status 503: 12"),
-- so that an error is named, not just counted.
local paths = {}
local counts = {}
errors = ""  -- per thread, read by done() through thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status >= 400 then
    counts[status] = (counts[status] or 0) + 1
    local parts = {}
    for code, n in pairs(counts) do
      parts[#parts + 1] = code .. "=" .. n
    end
    errors = table.concat(parts, ",")
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, n in string.gmatch(thread:get("errors") or "", "(%d+)=(%d+)") do
      total[code] = (total[code] or 0) + tonumber(n)
    end
  end
  for code, n in pairs(total) do
    io.write(string.format("status %s: %d\n", code, n))
  end
end
