using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Cluster;

/// <summary>Answers, per feed, whether this instance writes it, stands by for another instance, or nobody holds it.</summary>
/// <remarks>Readiness and diagnosis ask here, so a standby's feed (held elsewhere, never connected here) is not taken for a feed that is down.</remarks>
public sealed class FeedRoles(ILeaseHolder leases, ILeaseStore? store = null)
{
    /// <summary>The role of each of <paramref name="feeds"/>; in single mode every feed is written here and the store is not read.</summary>
    public async Task<IReadOnlyDictionary<string, FeedRole>> OfAsync(IEnumerable<string> feeds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        var roles = new Dictionary<string, FeedRole>(StringComparer.Ordinal);
        foreach (var feed in feeds)
        {
            roles[feed] = await OfAsync(feed, ct).ConfigureAwait(false);
        }

        return roles;
    }

    /// <summary>The role of one feed.</summary>
    public async Task<FeedRole> OfAsync(string feed, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        var lease = LeaseName.Feed(feed);
        if (leases.Mode == ClusterMode.Single || leases.Holds(lease, out _))
        {
            return new FeedRole(FeedRoleKind.Writer, leases.InstanceId);
        }

        if (store is null)
        {
            return new FeedRole(FeedRoleKind.Unknown, null);
        }

        LeaseState state;
        try
        {
            state = await store.ReadAsync(lease, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store's own checks report it unreachable; here the holder is simply not known.
            return new FeedRole(FeedRoleKind.Unknown, null);
        }

        return FromHolder(state.Holder, leases.InstanceId);
    }

    /// <summary>The role on instance <paramref name="self"/> of a feed whose lease the store shows held by <paramref name="holder"/> (null: free).</summary>
    public static FeedRole FromHolder(string? holder, string self) => holder switch
    {
        null => new FeedRole(FeedRoleKind.Unheld, null),

        // Held here in the store but no longer valid locally: a takeover or a lapse in progress, judged as a writer.
        _ when string.Equals(holder, self, StringComparison.Ordinal) => new FeedRole(FeedRoleKind.Writer, holder),
        _ => new FeedRole(FeedRoleKind.Standby, holder),
    };
}
