using Tickwatch.Storage.Redis;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// What every step of a <c>--source cluster</c> run shares: the services that run throughout and how to reach them, and
/// in <see cref="Path"/> the processes other than the gateway whose CPU, memory and placement each step reports; the
/// machine's limits when measured.
/// </summary>
internal sealed record StepContext(
    HarnessSettings Settings,
    string Seeds,
    Uri MarketAddress,
    HttpClient Market,
    HttpClient HubControl,
    RedisPriceStore Store,
    WorkloadSymbols Symbols,
    CpuPlacement Placement,
    IReadOnlyList<WatchedProcess> Path,
    MeasuredLimits? Limits);
