namespace Tickwatch.Simulators.QuoteHub;

/// <summary>A fault in force, with its per-feed remaining counts. Guarded by the <see cref="FaultBook"/>'s lock.</summary>
internal sealed class ActiveFault
{
    private readonly int[]? _remaining;

    public ActiveFault(long id, FaultSpec spec, int feedCount, DateTimeOffset createdAt)
    {
        Id = id;
        Spec = spec;
        CreatedAt = createdAt;
        ExpiresAt = spec.Duration is { } duration ? createdAt + duration : null;
        if (spec.Count is { } count)
        {
            // A fault for every feed gets the full count on each feed.
            _remaining = new int[feedCount];
            for (var i = 0; i < feedCount; i++)
            {
                _remaining[i] = AppliesTo(i) ? count : 0;
            }
        }
    }

    public long Id { get; }

    public FaultSpec Spec { get; }

    public FaultKind Kind => Spec.Kind;

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? ExpiresAt { get; }

    public bool Exhausted => _remaining is not null && Array.TrueForAll(_remaining, r => r == 0);

    public bool AppliesTo(int feed) => Spec.FeedIndex < 0 || Spec.FeedIndex == feed;

    public bool AppliesTo(string symbol) => Spec.Symbol is null || Spec.Symbol == symbol;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && now >= expiresAt;

    /// <summary>Uses one frame of the count on <paramref name="feed"/>; uncounted kinds always apply.</summary>
    public bool TryConsume(int feed)
    {
        if (_remaining is null)
        {
            return true;
        }

        if (_remaining[feed] == 0)
        {
            return false;
        }

        _remaining[feed]--;
        return true;
    }

    public bool HasRemaining(int feed) => _remaining is null || _remaining[feed] > 0;

    public FaultView ToView(DateTimeOffset now, bool active)
    {
        long? remainingMs = ExpiresAt is { } expiresAt ? Math.Max(0, (long)(expiresAt - now).TotalMilliseconds) : null;
        int? remainingCount = _remaining?.Max();
        return new FaultView(
            Id,
            Kind.ToWireName(),
            Spec.Feed,
            Spec.Symbol,
            Spec.Duration is { } d ? (long)d.TotalMilliseconds : null,
            Spec.Count,
            Spec.Factor,
            Spec.Offset,
            CreatedAt,
            ExpiresAt,
            remainingMs,
            remainingCount,
            active);
    }
}
