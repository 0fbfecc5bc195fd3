-- streamxpert.lua - the reference for bench/run.sh: a Wireshark Lua tap
-- that counts, per TCP stream, frames, retransmissions, duplicate ACKs,
-- out-of-order segments and zero windows, and prints one table at the end.
--
--     tshark -q -X lua_script:bench/streamxpert.lua -r CAPTURE
--
-- Output (stdout, tab-separated, rows sorted by stream number):
--     stream frames retransmission duplicate_ack out_of_order zero_window
--
-- Counting rule, the same as streamxpert's: the listener fires once per
-- frame. A frame counts once for each DISTINCT tcp.stream value it carries
-- (a frame with two TCP headers of streams 3 and 7 adds one frame to each;
-- two headers of stream 3 add one frame to stream 3), and each flag present
-- anywhere in the frame counts once for each of those streams. That is what
-- the display filter `tcp.stream == N && tcp.analysis.X` counts. Frames
-- without tcp.stream (not TCP, or an ICMP error quoting a TCP header)
-- belong to no stream.

local f_stream  = Field.new("tcp.stream")
local f_retrans = Field.new("tcp.analysis.retransmission")
local f_dupack  = Field.new("tcp.analysis.duplicate_ack")
local f_ooo     = Field.new("tcp.analysis.out_of_order")
local f_zerowin = Field.new("tcp.analysis.zero_window")

-- counts[stream] = { frames, retransmission, duplicate_ack, out_of_order,
--                    zero_window }
local counts = {}

local tap = Listener.new("frame")

local function add(stream, r, d, o, z)
    local c = counts[stream]
    if c == nil then
        c = { 0, 0, 0, 0, 0 }
        counts[stream] = c
    end
    c[1] = c[1] + 1
    if r then c[2] = c[2] + 1 end
    if d then c[3] = c[3] + 1 end
    if o then c[4] = c[4] + 1 end
    if z then c[5] = c[5] + 1 end
end

function tap.packet(pinfo, tvb)
    local first, second = f_stream()
    if first == nil then
        return
    end
    local r = f_retrans() ~= nil
    local d = f_dupack() ~= nil
    local o = f_ooo() ~= nil
    local z = f_zerowin() ~= nil
    if second == nil then
        -- the usual case: one TCP header
        add(first.value, r, d, o, z)
        return
    end
    local seen = {}
    for _, fi in ipairs({ f_stream() }) do
        local s = fi.value
        if not seen[s] then
            seen[s] = true
            add(s, r, d, o, z)
        end
    end
end

function tap.draw()
    local streams = {}
    for s in pairs(counts) do
        streams[#streams + 1] = s
    end
    table.sort(streams)
    local out = { "stream\tframes\tretransmission\tduplicate_ack\tout_of_order\tzero_window" }
    for _, s in ipairs(streams) do
        local c = counts[s]
        out[#out + 1] = string.format("%d\t%d\t%d\t%d\t%d\t%d",
                                      s, c[1], c[2], c[3], c[4], c[5])
    end
    io.write(table.concat(out, "\n"), "\n")
    io.flush()
end

function tap.reset()
    counts = {}
end
