using Tickwatch.BenchSupport;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The machine's own limits, measured once in the run before the market starts (<c>--limits</c>): what one receive-only
/// client takes from the same hub at its highest rate, and <c>redis-benchmark</c>'s pipelined HSET on the same cluster,
/// both from this harness's process (so on its CPUs under <c>--placement split</c>).
/// </summary>
internal sealed record MeasuredLimits(FeedLimit ReceiveOnly, RedisLimit RedisHset)
{
    /// <summary>HSETs <c>redis-benchmark</c> is asked for, as the store harness asks.</summary>
    public const int HsetRequests = 2_000_000;

    /// <summary>A step's rates as shares of the limits; null where a limit was not measured.</summary>
    public LimitRatios Of(double acceptedPerSecond, double storedPerSecond) => new(
        ReceiveOnly.Error is null && ReceiveOnly.UpdatesPerSecond > 0 ? acceptedPerSecond / ReceiveOnly.UpdatesPerSecond : null,
        RedisHset.Error is null && RedisHset.HsetPerSecond > 0 ? storedPerSecond / RedisHset.HsetPerSecond : null);
}
