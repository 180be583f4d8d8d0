namespace Tickwatch.Storage.Writing;

/// <summary>The fence token the writer carries with a feed's prices: whether this instance may write them now, and under which token.</summary>
public interface IPriceWriteFence
{
    /// <summary>
    /// True with the feed's token when this instance holds the feed's lease (token 0: no fence is checked, single mode);
    /// false when it does not, and the price must not be written.
    /// </summary>
    bool TryGetToken(string feed, out long token);

    /// <summary>Tells the fence that the store refused a write of <paramref name="feed"/> for a newer fence: the lease is stale and is given up.</summary>
    void Refused(string feed, long fence);
}
