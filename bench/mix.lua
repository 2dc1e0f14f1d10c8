-- The household mix for wrk: BENCH_MIX="route=weight,..." picks routes at random by weight for every request.
local token   = os.getenv("BENCH_TOKEN")
local profile = os.getenv("BENCH_PROFILE")
local budget  = os.getenv("BENCH_BUDGET")
local login   = string.format('{"email":"%s","password":"%s"}', os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"))
local auth    = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local plain   = { ["Content-Type"] = "application/json" }
local base    = "/api/profiles/" .. profile

local builders = {
  dashboard       = function() return wrk.format("GET", base .. "/dashboard", auth) end,
  transactions    = function() return wrk.format("GET", base .. "/budgets/" .. budget .. "/transactions?limit=50", auth) end,
  budgets         = function() return wrk.format("GET", base .. "/budgets", auth) end,
  forecast        = function() return wrk.format("GET", base .. "/forecast", auth) end,
  add_transaction = function()
    local body = string.format('{"amount":%d.%02d,"date":"%s","note":"wrk"}', math.random(1, 99), math.random(0, 99), os.date("!%Y-%m-%d"))
    return wrk.format("POST", base .. "/budgets/" .. budget .. "/transactions", auth, body)
  end,
  login           = function() return wrk.format("POST", "/api/auth/login", plain, login) end,
}

local wheel = {}
for route, weight in string.gmatch(os.getenv("BENCH_MIX"), "([%w_]+)=(%d+)") do
  for _ = 1, tonumber(weight) do wheel[#wheel + 1] = builders[route] end
end

function init(args) math.randomseed(os.time() + math.floor(os.clock() * 1e6)) end

function request() return wheel[math.random(#wheel)]() end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests":%d,"errors":%d}\n', summary.requests, e.connect + e.read + e.write + e.status + e.timeout))
end
