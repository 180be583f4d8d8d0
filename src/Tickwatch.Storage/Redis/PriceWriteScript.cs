using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Redis;

/// <summary>The newer-wins write of one <c>market:{SYMBOL}</c> hash, as one Lua script: compare versions, write only if newer.</summary>
/// <remarks>
/// <para>
/// The script touches one key, so Redis Cluster routes it by that key's slot and runs it atomically there. It
/// compares (<c>ver_us</c>, <c>ver_seq</c>) as exact signed decimal strings (Lua numbers are doubles, which would
/// round a large sequence), refuses an equal or older version, and otherwise writes every field, deleting the
/// source fields when the new price has not both of them (a stale source time must not stay beside a new price). A hash without version fields (written by the reference system)
/// counts as older than anything.
/// </para>
/// <para>Returns <c>1</c> when written, <c>{0, ver_us, ver_seq}</c> (the stored version) when refused.</para>
/// </remarks>
internal static class PriceWriteScript
{
    // KEYS[1] = market:{SYMBOL}
    // ARGV[1], ARGV[2] = the new version (ver_us, ver_seq); ARGV[3] = "1" when the price lacks its source time or
    // sequence (stored ones are deleted first, then what it has is written); ARGV[4..] = the field/value pairs to
    // write, the version included.
    // Kept to one HMGET and one HSET on the usual path: a Lua call costs Redis several HSETs' worth already.
    public const string Source = """
        local cur = redis.call('HMGET', KEYS[1], 'ver_us', 'ver_seq', 'source_ts', 'source_seq')
        local old = cur[1]
        if old then
          local new = ARGV[1]
          local c
          if new == old then
            new, old = ARGV[2], cur[2] or '0'
          end
          local nn, on = string.byte(new) == 45, string.byte(old) == 45
          if nn ~= on then
            c = nn and -1 or 1
          elseif new == old then
            c = 0
          elseif #new ~= #old then
            c = (#new < #old) ~= nn and -1 or 1
          else
            c = (new < old) ~= nn and -1 or 1
          end
          if c <= 0 then return {0, cur[1], cur[2] or '0'} end
        end
        if ARGV[3] == '1' and (cur[3] or cur[4]) then
          redis.call('HDEL', KEYS[1], 'source_ts', 'source_seq')
        end
        redis.call('HSET', KEYS[1], unpack(ARGV, 4))
        return 1
        """;

    /// <summary>SHA-1 of <see cref="Source"/>, for EVALSHA; computed once.</summary>
#pragma warning disable CA5350 // SHA-1 is what Redis names scripts by, not a security measure.
    public static readonly byte[] Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Source));
#pragma warning restore CA5350

    public static readonly string Sha1Hex = Convert.ToHexStringLower(Sha1);

    // Field names are made once; integers go as RedisValue longs, which the client writes as decimal text without a string.
    private static readonly RedisValue BidField = MarketPriceFields.Bid;
    private static readonly RedisValue AskField = MarketPriceFields.Ask;
    private static readonly RedisValue StoredAtField = MarketPriceFields.StoredAt;
    private static readonly RedisValue ReceivedAtField = MarketPriceFields.ReceivedAt;
    private static readonly RedisValue BookSequenceField = MarketPriceFields.BookSequence;
    private static readonly RedisValue FeedField = MarketPriceFields.Feed;
    private static readonly RedisValue VersionMicrosField = MarketPriceFields.VersionMicros;
    private static readonly RedisValue VersionSequenceField = MarketPriceFields.VersionSequence;
    private static readonly RedisValue SourceTimeField = MarketPriceFields.SourceTime;
    private static readonly RedisValue SourceSequenceField = MarketPriceFields.SourceSequence;
    private static readonly RedisValue Partial = "1";
    private static readonly RedisValue Complete = "0";

    public static RedisValue[] Arguments(StoredPrice price, long storedAtMilliseconds)
    {
        RedisValue micros = price.Version.TimestampMicros;
        RedisValue sequence = price.Version.Sequence;
        var arguments = new RedisValue[3 + 16 + (price.SourceTime is null ? 0 : 2) + (price.SourceSequence is null ? 0 : 2)];
        var i = 0;
        arguments[i++] = micros;
        arguments[i++] = sequence;
        arguments[i++] = price.SourceTime is null || price.SourceSequence is null ? Partial : Complete;
        arguments[i++] = BidField;
        arguments[i++] = ExactDecimal.Format(price.Bid);
        arguments[i++] = AskField;
        arguments[i++] = ExactDecimal.Format(price.Ask);
        arguments[i++] = StoredAtField;
        arguments[i++] = storedAtMilliseconds;
        arguments[i++] = ReceivedAtField;
        arguments[i++] = PriceVersion.ToUnixMicros(price.ReceivedAt);
        arguments[i++] = BookSequenceField;
        arguments[i++] = price.BookSequence;
        arguments[i++] = FeedField;
        arguments[i++] = price.Feed;
        arguments[i++] = VersionMicrosField;
        arguments[i++] = micros;
        arguments[i++] = VersionSequenceField;
        arguments[i++] = sequence;
        if (price.SourceTime is { } source)
        {
            arguments[i++] = SourceTimeField;
            arguments[i++] = source.ToUnixTimeMilliseconds();
        }

        if (price.SourceSequence is { } sourceSequence)
        {
            arguments[i++] = SourceSequenceField;
            arguments[i++] = sourceSequence;
        }

        return arguments;
    }

    /// <summary>Reads the script's reply: true when written; else the stored version it was refused against.</summary>
    public static bool TryReadWritten(RedisResult result, out PriceVersion? storedVersion)
    {
        storedVersion = null;
        if (result.Resp2Type == ResultType.Integer)
        {
            return (long)result == 1 ? true : throw new InvalidDataException($"The write script returned {result}.");
        }

        var parts = (RedisResult[]?)result ?? throw new InvalidDataException("The write script returned nothing.");
        if (parts.Length >= 3
            && long.TryParse((string?)parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            && long.TryParse((string?)parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence))
        {
            storedVersion = new PriceVersion(micros, sequence);
        }

        return false;
    }

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
