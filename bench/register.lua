-- wrk script for bench/register.py: the register's filtered list, asked for like the public does.
-- Arguments (after `--`): mode, then the pause in ms each connection waits between requests.
--   popular  one of 144 filter sets (2 countries x 4 outcomes x 6 years x first 3 pages):
--            the links people share and follow, answered from kept answers once warm
--   fresh    a year-long window starting on any of 1,500 days: nearly every request is new,
--            so this measures the database path under load
--   noop     the no-op endpoint (the baseline)
local countries = { "IQ", "SY" }
local outcomes = { "not_credible", "credible", "open", "duplicate" }
local mode, pause = "popular", 0
local first_day = os.time({ year = 2014, month = 8, day = 8, hour = 12 })

function init(args)
  mode = args[1] or mode
  pause = tonumber(args[2] or "0")
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function delay()
  return pause
end

local function filters()
  return string.format("country=%s&outcome=%s",
    countries[math.random(#countries)], outcomes[math.random(#outcomes)])
end

function request()
  if mode == "noop" then
    return wrk.format("GET", "/bench/noop")
  end
  if mode == "popular" then
    local year = 2014 + math.random(0, 5)
    return wrk.format("GET", string.format(
      "/api/v1/reports?%s&date_from=%d-01-01&date_to=%d-12-31&page=%d",
      filters(), year, year, math.random(3)))
  end
  local start = first_day + math.random(0, 1499) * 86400
  return wrk.format("GET", string.format("/api/v1/reports?%s&date_from=%s&date_to=%s",
    filters(), os.date("!%Y-%m-%d", start), os.date("!%Y-%m-%d", start + 364 * 86400)))
end
