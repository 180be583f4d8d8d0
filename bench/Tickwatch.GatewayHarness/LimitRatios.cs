namespace Tickwatch.GatewayHarness;

/// <summary>
/// A step's figures as a share of the machine's limits (<see cref="MeasuredLimits"/>): updates/s the market accepted ÷
/// the receive-only client's updates/s, and prices/s stored ÷ <c>redis-benchmark</c>'s HSET/s; null where not measured.
/// </summary>
internal sealed record LimitRatios(double? AcceptedOfReceiveOnly, double? StoredOfRedisHset);
