namespace MlSystems.Features.Redis;

/// <summary>
/// The server-side write: every key of a batch read, checked, then written, in one atomic script, so the event-time
/// comparison and the write cannot be separated by another writer (a client that reads, compares and then writes races).
/// </summary>
internal static class GuardedWriteScript
{
    /// <summary>Per-key results.</summary>
    public const long Ignored = 0, Written = 1, WrittenExpired = 2;

    /// <summary>
    /// KEYS: the vector keys. ARGV[2i − 1]: key i's encoded vector; ARGV[2i]: its expiry in Unix milliseconds, empty for none.
    /// Returns one result per key, or the error <c>MLFV_FOREIGN i</c>, writing nothing, when key i holds a value of
    /// another format (format 1, from the first release, is replaced like a vector of another schema). A vector already past its expiry still replaces an older one (the entity then reads as missing),
    /// as the in-memory store does. A held vector of another schema (name, version, fingerprint or width differ) is
    /// replaced whatever its time, so a backfill by a new version of the feature set takes over the keys of the old one;
    /// every vector of one call shares the caller's schema, read from the first. A key named twice in one batch is compared with what the batch wrote before it. Only the
    /// head of a held vector is read (GETRANGE), and the order (event time, then sequence) compares as four big-endian
    /// 32-bit words read with <c>struct.unpack</c>: exact in Lua's doubles, where Lua's string comparison would follow the
    /// server's collation locale. A key of another Redis type fails the script (WRONGTYPE) in the first pass, before anything is written.
    /// </summary>
    public const string Source = """
        local function newer(a, b)
          for k = 1, 4 do
            if a[k] ~= b[k] then
              return a[k] > b[k]
            end
          end
          return false
        end
        local headLength = 36 + string.byte(ARGV[1], 36)
        local schema = string.sub(ARGV[1], 22, headLength)
        local held = {}
        for i = 1, #KEYS do
          local head = redis.call('GETRANGE', KEYS[i], 0, headLength - 1)
          if head ~= '' then
            local format = string.sub(head, 5, 5)
            if #head < 5 or string.sub(head, 1, 4) ~= 'MLFV' or (format ~= '\1' and format ~= '\2') then
              return redis.error_reply('MLFV_FOREIGN ' .. i)
            end
            if format == '\2' and #head >= 21 and string.sub(head, 22, headLength) == schema then
              held[KEYS[i]] = { struct.unpack('>I4I4I4I4', head, 6) }
            end
          end
        end
        local now = redis.call('TIME')
        local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local results = {}
        for i = 1, #KEYS do
          local key, vector = KEYS[i], ARGV[2 * i - 1]
          local order = { struct.unpack('>I4I4I4I4', vector, 6) }
          if held[key] and not newer(order, held[key]) then
            results[i] = 0
          else
            local expiry = ARGV[2 * i]
            if expiry == '' then
              redis.call('SET', key, vector)
              results[i] = 1
              held[key] = order
            elseif tonumber(expiry) <= nowMs then
              redis.call('DEL', key)
              results[i] = 2
              held[key] = nil
            else
              redis.call('SET', key, vector, 'PXAT', expiry)
              results[i] = 1
              held[key] = order
            end
          end
        end
        return results
        """;
}
