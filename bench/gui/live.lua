-- Paces each wrk connection: one request, then `pause_ms`, so connections x 1000 / (pause + latency) sets the
-- rate (16 connections, 2 ms: 5,000-8,000 requests/s here). Set with: wrk ... -s live.lua URL -- PAUSE_MS
local pause_ms = 2
function init(args)
  if args[1] then pause_ms = tonumber(args[1]) end
end
function delay()
  return pause_ms
end
