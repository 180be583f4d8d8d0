using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Cluster;

/// <summary>The lease primitive on Redis: grant with a rising fence token, renew and release only by the grant's holder, each one atomic script.</summary>
/// <remarks>
/// <para>
/// Keys: <c>lease:{NAME}</c> (string <c>TOKEN|INSTANCE</c>, PX the TTL) and <c>lease_token:{NAME}</c> (the last token
/// granted), on one hash tag, so one script touches both. A token is never given twice: the counter only rises.
/// </para>
/// <para>
/// Acquire takes a floor: the counter is first raised to it, so a counter lost with a master in an asynchronous
/// failover (the replica had not seen the last INCR) is raised above every fence the acquirer has met, and its next
/// token is higher than any write already made. An instance that holds the lease in the store (it lost it only by its
/// own clock) is granted it anew with a new token.
/// </para>
/// </remarks>
internal static class LeaseScripts
{
    /// <summary>KEYS: lease, counter. ARGV: instance, TTL ms, floor. Reply <c>{1, token}</c> when granted, <c>{0, value, pttl}</c> when held by another.</summary>
    public static readonly RedisScript Acquire = new("lease acquire", """
        local cur = redis.call('GET', KEYS[1])
        if cur then
          local bar = string.find(cur, '|', 1, true)
          if not bar or string.sub(cur, bar + 1) ~= ARGV[1] then
            return {0, cur, redis.call('PTTL', KEYS[1])}
          end
        end
        local last = tonumber(redis.call('GET', KEYS[2]) or '0')
        local floor = tonumber(ARGV[3])
        if floor > last then
          redis.call('SET', KEYS[2], ARGV[3])
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], token .. '|' .. ARGV[1], 'PX', ARGV[2])
        return {1, token}
        """);

    /// <summary>KEYS: lease. ARGV: the grant's value <c>TOKEN|INSTANCE</c>, TTL ms. Reply 1 when extended, 0 when the lease is no longer that grant.</summary>
    public static readonly RedisScript Renew = new("lease renew", """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """);

    /// <summary>KEYS: lease. ARGV: the grant's value. Reply 1 when freed, 0 when the lease was no longer that grant (left as it is).</summary>
    public static readonly RedisScript Release = new("lease release", """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """);

    /// <summary>The value a grant leaves in <c>lease:{NAME}</c>: <c>TOKEN|INSTANCE</c>.</summary>
    public static string ValueOf(long token, string instance) =>
        token.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + instance;

    /// <summary>Reads a <c>TOKEN|INSTANCE</c> value; false when it is not one.</summary>
    public static bool TryParseValue(string? value, out long token, out string instance)
    {
        token = 0;
        instance = "";
        var bar = value?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        if (value is null || bar <= 0 || bar == value.Length - 1
            || !long.TryParse(value.AsSpan(0, bar), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out token))
        {
            return false;
        }

        instance = value[(bar + 1)..];
        return true;
    }
}
