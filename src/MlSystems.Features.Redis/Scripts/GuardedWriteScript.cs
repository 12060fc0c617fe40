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
    /// another format. A vector already past its expiry still replaces an older one (the entity then reads as missing),
    /// as the in-memory store does. A key named twice in one batch is compared with what the batch wrote before it. Times compare as the big-endian bytes 6–13 (1-based), byte by byte: Lua's string
    /// comparison follows the server's collation locale, which need not be bytewise.
    /// </summary>
    public const string Source = """
        local prefix = 'MLFV\1'
        local held = {}
        for i = 1, #KEYS do
          local value = redis.call('GET', KEYS[i])
          if value then
            if string.sub(value, 1, 5) ~= prefix then
              return redis.error_reply('MLFV_FOREIGN ' .. i)
            end
            held[KEYS[i]] = value
          end
        end
        local now = redis.call('TIME')
        local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local results = {}
        for i = 1, #KEYS do
          local vector = ARGV[2 * i - 1]
          local newer = true
          local current = held[KEYS[i]]
          if current then
            newer = false
            for k = 6, 13 do
              local a, b = string.byte(current, k), string.byte(vector, k)
              if a ~= b then
                newer = b > a
                break
              end
            end
          end
          if not newer then
            results[i] = 0
          else
            local expiry = ARGV[2 * i]
            if expiry == '' then
              redis.call('SET', KEYS[i], vector)
              results[i] = 1
            elseif tonumber(expiry) <= nowMs then
              redis.call('DEL', KEYS[i])
              results[i] = 2
              vector = nil
            else
              redis.call('SET', KEYS[i], vector, 'PXAT', expiry)
              results[i] = 1
            end
            held[KEYS[i]] = vector
          end
        end
        return results
        """;
}
