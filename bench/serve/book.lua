-- wrk script for scripts/bench-serve: JSON booking POSTs to /api/bookings, each for a new slot.
--
--   wrk -t2 -c64 -d10s -s bench/serve/book.lua http://127.0.0.1:PORT -- \
--       DOCTORS FIRST_DATE LAST_DATE SLOT_MIN OPEN CLOSE DAYS THREADS [DUP_SHARE]
--
--   DOCTORS     doctors doc-00001 ... (slugs as bench/gen_content.py names them)
--   FIRST_DATE  first day to book, YYYY-MM-DD (take tomorrow: every slot is then in the future)
--   LAST_DATE   last day to book, YYYY-MM-DD (within the server's --horizon)
--   SLOT_MIN, OPEN, CLOSE, DAYS   every doctor's hours, as bench/serve/gen_content.py wrote them
--                                 (e.g. 15 08:00 18:00 sat,sun,mon,tue,wed,thu)
--   THREADS     wrk's -t (threads take interleaved slots, so no two threads pick the same one)
--   DUP_SHARE   share of requests that repeat a slot this thread already asked for (default 0.05):
--               exactly one request per slot can get 201, the others 409
--
-- Env: BENCH_TOKENS_DIR  if set, each thread appends the token of every 201 (from manageURL) to
--                        BENCH_TOKENS_DIR/tokens-<thread>.txt, one a line: the database check
--                        compares the SHA-256 of their secret (after the dot) with booking.tokenHash
--      BENCH_RESULT      if set, done() writes the figures there as shell assignments (key=value)
--      BENCH_THREAD_OFFSET  added to the thread ids, for several wrk processes on one grid (THREADS counts all)
--
-- Counts per thread (201, 409, other statuses) are gathered in done() via setup(thread).

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("id", thread_count - 1)   -- 0-based
   table.insert(threads, thread)
end

-- Thread state (one Lua state per wrk thread).
c201, c409, cother, tokens_written, exhausted = 0, 0, 0, 0, 0
total = 0                               -- slots in the grid (a global, so done() can read it)
others = {}                             -- status -> count for statuses other than 201/409

local doctors, dates, times
local stride, n
local dup_share
local ring, ring_size, ring_next = {}, 256, 0
local head                              -- the request line and headers, up to Content-Length's value
local token_file

local function parse_date(text)
   local y, m, d = text:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
   assert(y, "bad date " .. tostring(text) .. " (YYYY-MM-DD)")
   return os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12 })
end

local function minutes(text)
   local h, m = text:match("^(%d%d):(%d%d)$")
   assert(h, "bad time " .. tostring(text) .. " (HH:MM)")
   return tonumber(h) * 60 + tonumber(m)
end

function init(args)
   local count = tonumber(args[1])
   assert(count and count > 0, "usage: -- DOCTORS FIRST_DATE LAST_DATE SLOT_MIN OPEN CLOSE DAYS THREADS [DUP_SHARE]")
   local width = math.max(5, #tostring(count))
   doctors = {}
   for i = 1, count do doctors[i] = string.format("doc-%0" .. width .. "d", i) end

   -- Days the doctors work, by os.date's wday (1 = Sunday).
   local wday = { sun = 1, mon = 2, tue = 3, wed = 4, thu = 5, fri = 6, sat = 7 }
   local open_days = {}
   for day in (args[7] or "sat,sun,mon,tue,wed,thu"):gmatch("[a-z]+") do
      assert(wday[day], "bad day " .. day)
      open_days[wday[day]] = true
   end
   dates = {}
   local last = parse_date(args[3])
   local t = parse_date(args[2])
   while t <= last do
      local d = os.date("*t", t)
      if open_days[d.wday] then table.insert(dates, os.date("%Y-%m-%d", t)) end
      t = os.time({ year = d.year, month = d.month, day = d.day + 1, hour = 12 })
   end
   assert(#dates > 0, "no working day between " .. args[2] .. " and " .. args[3])

   times = {}
   local slot, from, to = tonumber(args[4]), minutes(args[5]), minutes(args[6])
   for m = from, to - slot, slot do
      table.insert(times, string.format("%02d:%02d", math.floor(m / 60), m % 60))
   end

   -- Written out once rather than with wrk.format per request (a table, a format per header and a concat):
   -- the driver shares the two cores with the server, so what it spends is taken from the figures.
   head = "POST /api/bookings HTTP/1.1\r\nHost: " .. wrk.headers["Host"] ..
          "\r\nContent-Type: application/json\r\nContent-Length: "

   -- Several wrk processes (one per server, `scripts/bench-cluster`) share the grid: each adds its offset to
   -- its threads' ids and counts all of them in THREADS.
   id = id + (tonumber(os.getenv("BENCH_THREAD_OFFSET") or "") or 0)
   stride = tonumber(args[8]) or 1
   dup_share = tonumber(args[9]) or 0.05
   total = #doctors * #dates * #times
   n = 0
   math.randomseed(1000 + id)

   local dir = os.getenv("BENCH_TOKENS_DIR")
   if dir and dir ~= "" then
      token_file = assert(io.open(string.format("%s/tokens-%d.txt", dir, id), "w"))
      token_file:setvbuf("full")
   end
end

-- The k-th slot (0-based) of the whole grid: doctors vary fastest, then days, then times, so
-- consecutive requests go to different doctors.
local function slot(k)
   local d = k % #doctors
   local r = math.floor(k / #doctors)
   local day = r % #dates
   local time = math.floor(r / #dates) % #times
   return doctors[d + 1], dates[day + 1], times[time + 1]
end

function request()
   if n > 0 and math.random() < dup_share then
      -- Same slot as one of this thread's recent requests: only one of them can get 201.
      return ring[math.random(0, math.min(n, ring_size) - 1)]
   end
   local k = id + stride * n
   if k >= total then exhausted = exhausted + 1 end
   local doctor, date, time = slot(k % total)
   local body = string.format(
      '{"doctor":"%s","date":"%s","time":"%s","name":"Patient %d-%d","phone":"0%d%02d %02d %02d %02d","consent":"yes"}',
      doctor, date, time, id, n, 5 + n % 3, 50 + n % 50, math.floor(n / 50) % 100, id, n % 97)
   local req = head .. #body .. "\r\n\r\n" .. body
   ring[ring_next] = req
   ring_next = (ring_next + 1) % ring_size
   n = n + 1
   return req
end

function response(status, headers, body)
   if status == 201 then
      c201 = c201 + 1
      if token_file then
         local token = body:match('/b/([%w_%-%.]+)"')
         if token then
            token_file:write(token, "\n")
            tokens_written = tokens_written + 1
            if tokens_written % 1024 == 0 then token_file:flush() end
         end
      end
   elseif status == 409 then
      c409 = c409 + 1
   else
      cother = cother + 1
      others[status] = (others[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local a201, a409, aother, atokens, aexhausted = 0, 0, 0, 0, 0
   local grid = threads[1] and threads[1]:get("total") or 0
   local statuses = {}
   for _, thread in ipairs(threads) do
      a201 = a201 + thread:get("c201")
      a409 = a409 + thread:get("c409")
      aother = aother + thread:get("cother")
      atokens = atokens + thread:get("tokens_written")
      aexhausted = aexhausted + thread:get("exhausted")
      for status, count in pairs(thread:get("others")) do
         statuses[status] = (statuses[status] or 0) + count
      end
   end
   local seconds = summary.duration / 1e6
   local ms = function(us) return us / 1000 end
   local e = summary.errors
   local other_list = {}
   for status, count in pairs(statuses) do table.insert(other_list, string.format("%s:%d", status, count)) end
   table.sort(other_list)

   io.write(string.format("wrk: %d requests in %.2f s, %.0f req/s; 201 %d, 409 %d, other %d%s\n",
      summary.requests, seconds, summary.requests / seconds, a201, a409, aother,
      #other_list > 0 and (" (" .. table.concat(other_list, " ") .. ")") or ""))
   io.write(string.format("wrk: latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; " ..
      "socket errors connect %d read %d write %d timeout %d\n",
      ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency.max),
      e.connect, e.read, e.write, e.timeout))
   if aexhausted > 0 then
      io.write(string.format("wrk: WARNING %d requests reused slots: the grid of %d slots per run is too small\n",
         aexhausted, grid))
   end

   local path = os.getenv("BENCH_RESULT")
   if path and path ~= "" then
      local f = assert(io.open(path, "w"))
      local function put(k, v) f:write(k, "=", v, "\n") end
      put("requests", summary.requests)
      put("duration_s", string.format("%.3f", seconds))
      put("rps", string.format("%.0f", summary.requests / seconds))
      put("accepted_ps", string.format("%.0f", a201 / seconds))
      put("n201", a201)
      put("n409", a409)
      put("nother", aother)
      put("others", "'" .. table.concat(other_list, " ") .. "'")
      put("tokens", atokens)
      put("exhausted", aexhausted)
      put("p50_ms", string.format("%.2f", ms(latency:percentile(50))))
      put("p90_ms", string.format("%.2f", ms(latency:percentile(90))))
      put("p99_ms", string.format("%.2f", ms(latency:percentile(99))))
      put("max_ms", string.format("%.2f", ms(latency.max)))
      put("err_connect", e.connect)
      put("err_read", e.read)
      put("err_write", e.write)
      put("err_timeout", e.timeout)
      f:close()
   end
end
