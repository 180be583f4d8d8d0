using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Redis;

/// <summary>The newer-wins write of many <c>market:SYMBOL</c> hashes of one node, as one Lua script: per price, compare versions, write only if newer, and announce only what it wrote.</summary>
/// <remarks>
/// <para>
/// One call carries the prices of several symbols whose slots one node serves: a Lua call costs a node far more than
/// the commands it runs, and one call per price also cost the client a message, a task and a reply each. The script
/// declares only its first key (Redis Cluster routes the call by it) and is flagged <c>allow-cross-slot-keys</c>
/// (Redis 7), so it may touch the other keys, which must be on the same node. A price whose key is not (a slot that
/// moved since the client last read the topology) fails on its own, without touching anything, and
/// <see cref="RedisPriceStore"/> sends it again alone, routed by its own key, in the same write.
/// </para>
/// <para>
/// Per price it compares (<c>ver_us</c>, <c>ver_seq</c>) as exact signed decimal strings (Lua numbers are doubles,
/// which would round a large sequence), refuses an equal or older version, and otherwise writes every field,
/// deleting the source fields when the new price has not both of them (a stale source time must not stay beside a
/// new price). A hash without version fields (written by the reference system) counts as older than anything.
/// A stored <c>ver_us</c> beyond the call's limit (now plus <see cref="SourceClock.MaxStoredLead"/>) is from the
/// future, so invalid: any price replaces it, and the reply says which version it replaced.
/// </para>
/// <para>
/// A written price is announced from inside the script, so a refused or failed write can never be announced:
/// the symbol on <c>market_price_updates</c> and the JSON price on the sharded <c>prices:{market:SYMBOL}</c> (tagged
/// with the key, so in its slot and legal in the script), each when asked. Channel and symbol are built from the key
/// with the prefixes of <see cref="RedisKeys"/>, which the script's text takes from there.
/// </para>
/// <para>
/// A price may carry a fence token (the lease token of its feed, cluster mode; '' for none, single mode, which then runs
/// exactly as before): the script reads the feed's field of <c>price_fence:{market:SYMBOL}</c> (tagged with the key, so
/// in its slot). A token below it is refused, nothing written and nothing announced: its writer's lease was taken over.
/// A token above it (or no fence yet) seals the fence at the token first, so that no older holder's write lands after
/// this one; then the newer-wins path runs unchanged.
/// </para>
/// <para>The reply has one element per price, in order: <c>1</c> when written, <c>{2, ver_us, ver_seq}</c> when written over that version from the future, <c>{0, ver_us, ver_seq}</c> (the stored version) when refused, <c>{3, fence}</c> when refused by the feed's fence, an error when that price could not be tried.</para>
/// </remarks>
internal static class PriceWriteScript
{
    /// <summary>Arguments before the first price: announce on <c>market_price_updates</c>, announce on <c>prices:{market:SYMBOL}</c>, the latest valid <c>ver_us</c>.</summary>
    public const int HeaderArguments = 3;

    /// <summary>Arguments per price: key, ver_us, ver_seq, bid, ask, ts, received_at, book_seq, feed, source_ts, source_seq, JSON, fence token.</summary>
    public const int ArgumentsPerPrice = 13;

    // Kept to one HMGET and one HSET per price on the usual path (plus one HGET with a fence). '' stands for an absent
    // source_ts, source_seq, JSON or fence token.
    // cmp compares two integers written as decimal strings exactly (Lua numbers are doubles).
    public static readonly string Source = $$"""
        #!lua flags=allow-cross-slot-keys
        local a = ARGV
        local symbols, prices, limit = a[1] == '1', a[2] == '1', a[3]
        local function cmp(x, y)
          local xn, yn = string.byte(x) == 45, string.byte(y) == 45
          if xn ~= yn then
            return xn and -1 or 1
          elseif x == y then
            return 0
          elseif #x ~= #y then
            return (#x < #y) ~= xn and -1 or 1
          end
          return (x < y) ~= xn and -1 or 1
        end
        local out = {}
        local n = 0
        for i = 4, #a, 13 do
          local key = a[i]
          n = n + 1
          local fenced = nil
          local token = a[i + 12]
          if token ~= '' then
            local fk = '{{RedisKeys.PriceFencePrefix}}' .. key .. '{{RedisKeys.PriceFenceSuffix}}'
            local f = redis.pcall('HGET', fk, a[i + 8])
            if type(f) == 'table' and f.err then
              fenced = f
            elseif f and tonumber(token) < tonumber(f) then
              fenced = {3, f}
            elseif not f or tonumber(token) > tonumber(f) then
              redis.call('HSET', fk, a[i + 8], token)
            end
          end
          local cur = fenced or redis.pcall('HMGET', key, 'ver_us', 'ver_seq', 'source_ts', 'source_seq')
          if fenced then
            out[n] = fenced
          elseif cur.err then
            out[n] = cur
          else
            local c, w = 1, 1
            local old = cur[1]
            if old then
              if cmp(old, limit) > 0 then
                w = {2, old, cur[2] or '0'}
              else
                c = cmp(a[i + 1], old)
                if c == 0 then
                  c = cmp(a[i + 2], cur[2] or '0')
                end
              end
            end
            if c <= 0 then
              out[n] = {0, cur[1], cur[2] or '0'}
            else
              local st, ss = a[i + 9], a[i + 10]
              if (st == '' or ss == '') and (cur[3] or cur[4]) then
                redis.call('HDEL', key, 'source_ts', 'source_seq')
              end
              if st ~= '' and ss ~= '' then
                redis.call('HSET', key, 'bid', a[i + 3], 'ask', a[i + 4], 'ts', a[i + 5], 'received_at', a[i + 6], 'book_seq', a[i + 7], 'feed', a[i + 8], 'ver_us', a[i + 1], 'ver_seq', a[i + 2], 'source_ts', st, 'source_seq', ss)
              elseif st ~= '' then
                redis.call('HSET', key, 'bid', a[i + 3], 'ask', a[i + 4], 'ts', a[i + 5], 'received_at', a[i + 6], 'book_seq', a[i + 7], 'feed', a[i + 8], 'ver_us', a[i + 1], 'ver_seq', a[i + 2], 'source_ts', st)
              elseif ss ~= '' then
                redis.call('HSET', key, 'bid', a[i + 3], 'ask', a[i + 4], 'ts', a[i + 5], 'received_at', a[i + 6], 'book_seq', a[i + 7], 'feed', a[i + 8], 'ver_us', a[i + 1], 'ver_seq', a[i + 2], 'source_seq', ss)
              else
                redis.call('HSET', key, 'bid', a[i + 3], 'ask', a[i + 4], 'ts', a[i + 5], 'received_at', a[i + 6], 'book_seq', a[i + 7], 'feed', a[i + 8], 'ver_us', a[i + 1], 'ver_seq', a[i + 2])
              end
              if prices then
                redis.call('SPUBLISH', '{{RedisKeys.PriceChannelPrefix}}' .. key .. '{{RedisKeys.PriceChannelSuffix}}', a[i + 11])
              end
              if symbols then
                redis.call('PUBLISH', '{{RedisKeys.MarketPriceUpdatesChannel}}', string.sub(key, {{RedisKeys.MarketPricePrefix.Length + 1}}))
              end
              out[n] = w
            end
          end
        end
        return out
        """;

    /// <summary>SHA-1 of <see cref="Source"/>, for EVALSHA; computed once.</summary>
#pragma warning disable CA5350 // SHA-1 is what Redis names scripts by, not a security measure.
    public static readonly byte[] Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Source));
#pragma warning restore CA5350

    private static readonly RedisValue Yes = "1";
    private static readonly RedisValue No = "0";
    private static readonly RedisValue Absent = RedisValue.EmptyString;

    /// <summary>Fills the header arguments of a call made at <paramref name="now"/>.</summary>
    public static void WriteHeader(RedisValue[] arguments, bool announceSymbols, bool announcePrices, DateTimeOffset now)
    {
        arguments[0] = announceSymbols ? Yes : No;
        arguments[1] = announcePrices ? Yes : No;
        arguments[2] = PriceVersion.ToUnixMicros(now + SourceClock.MaxStoredLead);
    }

    /// <summary>Fills the arguments of <paramref name="price"/> (already as stored, with its <see cref="StoredPrice.Timestamp"/>: its receipt time, never the write time) at <paramref name="offset"/>; <paramref name="json"/> is its announcement on <c>prices:{market:SYMBOL}</c>, null when that channel is off.</summary>
    public static void WritePrice(RedisValue[] arguments, int offset, RedisValue key, StoredPrice price, byte[]? json)
    {
        var i = offset;
        arguments[i++] = key;
        arguments[i++] = price.Version.TimestampMicros;
        arguments[i++] = price.Version.Sequence;
        arguments[i++] = ExactDecimal.Format(price.Bid);
        arguments[i++] = ExactDecimal.Format(price.Ask);
        arguments[i++] = price.Timestamp is { } ts ? ts.ToUnixTimeMilliseconds() : throw new ArgumentException("The price has no Timestamp.", nameof(price));
        arguments[i++] = PriceVersion.ToUnixMicros(price.ReceivedAt);
        arguments[i++] = price.BookSequence;
        arguments[i++] = price.Feed;
        arguments[i++] = price.SourceTime is { } source ? source.ToUnixTimeMilliseconds() : Absent;
        arguments[i++] = price.SourceSequence is { } sourceSequence ? sourceSequence : Absent;
        arguments[i++] = json is null ? Absent : json;
        arguments[i] = price.FenceToken is > 0 and var token ? token : Absent;
    }

    /// <summary>Reads one price's element of the reply: written (over a version from the future when <paramref name="replacedFuture"/>); refused, with the stored version when it said; refused by the feed's <paramref name="fence"/>; or failed.</summary>
    public static PriceWriteOutcome ReadOutcome(RedisResult element, out PriceVersion? storedVersion, out bool replacedFuture, out long fence, out Exception? error)
    {
        storedVersion = null;
        replacedFuture = false;
        fence = 0;
        error = null;
        switch (element.Resp2Type)
        {
            case ResultType.Integer when (long)element == 1:
                return PriceWriteOutcome.Written;
            case ResultType.Array:
                var parts = (RedisResult[])element!;
                if (parts.Length == 2 && (long)parts[0] == 3)
                {
                    fence = long.Parse((string)parts[1]!, NumberStyles.None, CultureInfo.InvariantCulture);
                    return PriceWriteOutcome.RefusedFenced;
                }

                if (parts.Length >= 3
                    && long.TryParse((string?)parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
                    && long.TryParse((string?)parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence))
                {
                    storedVersion = new PriceVersion(micros, sequence);
                }

                if (parts.Length >= 1 && (long)parts[0] == 2)
                {
                    replacedFuture = true;
                    return PriceWriteOutcome.Written;
                }

                return PriceWriteOutcome.RefusedOlder;
            case ResultType.Error:
                error = new RedisServerException(element.ToString() ?? "error");
                return PriceWriteOutcome.Failed;
            default:
                error = new InvalidDataException($"The write script answered {element} for a price.");
                return PriceWriteOutcome.Failed;
        }
    }
}
