using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tickwatch.Market.Feeds;

namespace Tickwatch.Market.Health;

/// <summary>Readiness: every feed listener is connected and delivering (its <c>is_running</c>).</summary>
public sealed class FeedsReadinessCheck(FeedListenerSet listeners) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var feeds = listeners.Snapshot();
        var notRunning = feeds.Where(f => !f.IsRunning).ToList();
        var data = new Dictionary<string, object>
        {
            ["feeds_running"] = feeds.Count - notRunning.Count,
            ["feeds_total"] = feeds.Count,
            ["feeds_not_running"] = notRunning.Select(f => f.Name).ToArray(),
        };
        if (notRunning.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"all {feeds.Count} feeds connected and delivering", data));
        }

        var reasons = notRunning.Select(f =>
            $"feed {f.Name} is not running (state {f.State.ToString().ToLowerInvariant()}"
            + (f.LastDisconnectReason is { } reason ? $", last disconnect: {reason})" : ")"));
        return Task.FromResult(HealthCheckResult.Unhealthy(string.Join("; ", reasons), data: data));
    }
}
