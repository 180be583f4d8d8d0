namespace Tickwatch.Trading.Seed;

/// <summary>The seed mark in process memory, for instances of one process (tests and in-memory compositions).</summary>
public sealed class InMemoryClusterSeedMark : IClusterSeedMark
{
    private volatile string? _doneBy;

    public Task<string?> ReadAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(_doneBy);
    }

    public Task MarkAsync(string doneBy, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(doneBy);
        ct.ThrowIfCancellationRequested();
        _doneBy = doneBy;
        return Task.CompletedTask;
    }
}
