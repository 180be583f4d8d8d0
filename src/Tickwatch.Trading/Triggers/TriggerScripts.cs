using Tickwatch.Storage.Redis;

namespace Tickwatch.Trading.Triggers;

/// <summary>The Lua scripts of the Redis trigger index, each on one symbol's slot (every key has the symbol's <c>{EURUSD}</c> tag).</summary>
internal static class TriggerScripts
{
    /// <summary>
    /// Arms one trigger. KEYS: the index it belongs in, <c>trigger_prices:{EURUSD}</c>, then the kind's other indexes of
    /// the symbol (a trigger listed there is taken out). ARGV: member, score, price field, price value.
    /// </summary>
    public static readonly RedisScript Arm = new(
        "trigger arm",
        """
        for i = 3, #KEYS do
            redis.call('ZREM', KEYS[i], ARGV[1])
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
        return 1
        """);

    /// <summary>Disarms one trigger. KEYS: <c>trigger_prices:{EURUSD}</c>, then every index of the kind on the symbol. ARGV: member, price field. Reply: 1 when it was armed.</summary>
    public static readonly RedisScript Disarm = new(
        "trigger disarm",
        """
        for i = 2, #KEYS do
            redis.call('ZREM', KEYS[i], ARGV[1])
        end
        return redis.call('HDEL', KEYS[1], ARGV[2])
        """);
}
