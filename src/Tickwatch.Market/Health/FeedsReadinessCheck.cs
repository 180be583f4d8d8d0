using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Feeds;

namespace Tickwatch.Market.Health;

/// <summary>Readiness: every feed this instance writes is connected and delivering (its <c>is_running</c>); a feed held by another instance is ready when the replicated book is fresh; a feed nobody holds is not.</summary>
public sealed class FeedsReadinessCheck(FeedListenerSet listeners, FeedRoles roles, PriceBook book, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var feeds = listeners.Snapshot();
        var role = await roles.OfAsync(feeds.Select(f => f.Name), cancellationToken).ConfigureAwait(false);
        var notRunning = feeds.Where(f => !f.IsRunning).ToList();
        var standby = notRunning.Where(f => role[f.Name].Kind == FeedRoleKind.Standby).ToList();
        var unheld = notRunning.Where(f => role[f.Name].Kind == FeedRoleKind.Unheld).ToList();
        var down = notRunning.Except(standby).Except(unheld).ToList();
        var data = new Dictionary<string, object>
        {
            ["feeds_running"] = feeds.Count - notRunning.Count,
            ["feeds_total"] = feeds.Count,
            ["feeds_not_running"] = notRunning.Select(f => f.Name).ToArray(),
        };
        if (standby.Count > 0 || unheld.Count > 0)
        {
            data["feeds_standby"] = standby.ToDictionary(f => f.Name, f => (object)role[f.Name].HeldBy!, StringComparer.Ordinal);
            data["feeds_unheld"] = unheld.Select(f => f.Name).ToArray();
        }

        var reasons = down.Select(f =>
            $"feed {f.Name} is not running (state {f.State.ToString().ToLowerInvariant()}"
            + (f.LastDisconnectReason is { } reason ? $", last disconnect: {reason})" : ")")).ToList();
        reasons.AddRange(unheld.Select(f => $"feed {f.Name} is held by no instance: nobody connects it or writes its prices"));

        // A standby never connects: its book is fed by the writer's prices, so it is ready while those are fresh.
        var standbyNote = "";
        if (standby.Count > 0)
        {
            var tally = FreshnessTally.Of(book);
            var minimum = options.Value.MinFreshFraction;
            var held = string.Join(", ", standby.Select(f => $"{f.Name} held by {role[f.Name].HeldBy}"));
            var freshness = string.Create(CultureInfo.InvariantCulture, $"{tally.Fresh}/{tally.Open} symbols fresh ({tally.Percent:F1}%, minimum {minimum * 100:F1}%)");
            data["replicated_fresh"] = tally.IsHealthy(minimum);
            if (tally.IsHealthy(minimum))
            {
                standbyNote = $"; standby: {held}, replicated prices fresh ({freshness})";
            }
            else
            {
                reasons.Add($"standby ({held}) but the replicated prices are not fresh: {freshness}");
            }
        }

        return reasons.Count == 0
            ? HealthCheckResult.Healthy(
                standby.Count == 0
                    ? $"all {feeds.Count} feeds connected and delivering"
                    : $"all {feeds.Count - standby.Count} feeds written here connected and delivering{standbyNote}",
                data)
            : HealthCheckResult.Unhealthy(string.Join("; ", reasons), data: data);
    }
}
