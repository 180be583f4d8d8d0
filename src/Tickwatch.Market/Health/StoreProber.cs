using System.Globalization;
using Microsoft.Extensions.Options;
using Tickwatch.Storage.Health;

namespace Tickwatch.Market.Health;

/// <summary>Probes the store with a time limit and judges the answer; used by start-up validation, the health monitor and readiness.</summary>
public sealed class StoreProber(IStoreHealth store, IOptions<HealthOptions> options, TimeProvider time)
{
    public StoreKind Kind => store.Kind;

    /// <summary>One probe; never throws except when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<StoreStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        var limit = options.Value.ProbeTimeout;
        StoreProbe probe;
        try
        {
            // WaitAsync bounds even a store that ignores the token.
            probe = await store.ProbeAsync(cancellationToken).WaitAsync(limit, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new StoreStatus(store.Kind, false, null, null, string.Create(CultureInfo.InvariantCulture, $"no answer within {limit.TotalSeconds:0.###} s"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new StoreStatus(store.Kind, false, null, null, ex.Message);
        }

        return Judge(store.Kind, probe);
    }

    /// <summary>A probe is healthy when the store answered and, for a cluster, every slot has a reachable master, every probe write succeeded and it says <c>cluster_state:ok</c>.</summary>
    public static StoreStatus Judge(StoreKind kind, StoreProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var latency = probe.Latency is { } l ? Math.Round(l.TotalMilliseconds, 3) : (double?)null;
        if (!probe.Reachable)
        {
            return new StoreStatus(kind, false, latency, probe.ClusterState, probe.Detail);
        }

        // The concrete fault first (which slots, which write): cluster_state fail is only its consequence.
        if (probe.Problem is { } problem)
        {
            return new StoreStatus(kind, false, latency, probe.ClusterState, problem) { Probe = probe };
        }

        if (probe.ClusterState is { } state && state != "ok")
        {
            return new StoreStatus(kind, false, latency, state, $"cluster_state {state}: {probe.Detail}") { Probe = probe };
        }

        var detail = kind == StoreKind.InMemory
            ? "in-memory store"
            : string.Create(CultureInfo.InvariantCulture, $"{latency ?? 0:F1} ms");
        return new StoreStatus(kind, true, latency, probe.ClusterState, detail) { Probe = probe };
    }
}
