using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Writing;

/// <summary>Cluster mode's fence: a feed's prices are written only while its lease is held, each with the lease's token.</summary>
/// <remarks>A refusal by the store's fence proves the lease stale (another instance sealed a newer token): it is dropped at once and the next grant goes above that fence.</remarks>
public sealed class LeasedPriceWriteFence(ILeaseHolder leases, ILeaseFloor? floor = null) : IPriceWriteFence
{
    public bool TryGetToken(string feed, out long token)
    {
        token = 0;
        return LeaseName.IsWellFormed(feed) && leases.Holds(LeaseName.Feed(feed), out token);
    }

    public void Refused(string feed, long fence)
    {
        if (!LeaseName.IsWellFormed(feed))
        {
            return;
        }

        var name = LeaseName.Feed(feed);
        floor?.RaiseFloor(name, fence);
        leases.Drop(name, $"a price write was refused by the feed's fence {fence}");
    }
}
