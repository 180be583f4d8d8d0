using Microsoft.Extensions.Logging;

namespace Tickwatch.Storage.Prices;

/// <summary>Log lines about a stored price whose version lies in the future (3030–3031): it would outrank every true price, so it is replaced or not restored.</summary>
internal static partial class PoisonedPriceLog
{
    [LoggerMessage(EventId = 3030, EventName = "FutureStoredVersionReplaced", Level = LogLevel.Warning,
        Message = "The stored price of {Symbol} had version {StoredVersion}, {LeadSeconds} s ahead of the clock: invalid, replaced by the current price (version {Version})")]
    public static partial void Replaced(ILogger logger, string symbol, string storedVersion, double leadSeconds, string version);

    [LoggerMessage(EventId = 3031, EventName = "FutureStoredVersionNotWarmed", Level = LogLevel.Warning,
        Message = "The stored price of {Symbol} has version {StoredVersion}, {LeadSeconds} s ahead of the clock: invalid, not warmed up; the next live price replaces it")]
    public static partial void NotWarmed(ILogger logger, string symbol, string storedVersion, double leadSeconds);

    /// <summary>How far <paramref name="micros"/> lies ahead of <paramref name="now"/>, in seconds to the millisecond.</summary>
    public static double LeadSeconds(long micros, DateTimeOffset now) =>
        Math.Round((micros - Tickwatch.Core.Prices.PriceVersion.ToUnixMicros(now)) / 1e6, 3);
}
