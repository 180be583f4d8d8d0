namespace Tickwatch.Storage.Redis;

/// <summary>The seal of a feed's price fences at takeover, one script call per node for the symbols whose slots it serves.</summary>
/// <remarks>
/// Like the price write script it declares only its first key (for routing) and is flagged <c>allow-cross-slot-keys</c>:
/// the other fence keys, in ARGV, must be on the same node. Raises, never lowers: a fence above the token stays, and is
/// reported, so the caller knows a later grant (or a lost token counter) exists. A key the node could not read (a slot
/// that is not its own, when the client's slot map was stale) is left untouched and named in the reply, so that the
/// caller seals it again on its own node without counting the others twice.
/// </remarks>
internal static class PriceFenceScripts
{
    /// <summary>
    /// ARGV: feed, token, then the fence keys. Reply <c>{sealed, max fence seen, {position, error, ...}}</c>: the max as a
    /// string ('0' when none), then each key not read, by its 1-based position among the keys, with the node's error.
    /// </summary>
    public static readonly RedisScript Seal = new("price fence seal", """
        #!lua flags=allow-cross-slot-keys
        local feed, token = ARGV[1], tonumber(ARGV[2])
        local sealed, max = 0, 0
        local unread = {}
        for i = 3, #ARGV do
          local f = redis.pcall('HGET', ARGV[i], feed)
          if type(f) == 'table' and f.err then
            unread[#unread + 1] = i - 2
            unread[#unread + 1] = f.err
          else
            local fence = f and tonumber(f) or 0
            if fence > max then
              max = fence
            end
            if token > fence then
              redis.call('HSET', ARGV[i], feed, ARGV[2])
              sealed = sealed + 1
            end
          end
        end
        return {sealed, tostring(max), unread}
        """);
}
