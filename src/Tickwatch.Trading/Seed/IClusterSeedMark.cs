namespace Tickwatch.Trading.Seed;

/// <summary>
/// Whether a leased cluster's trading store was restored and seeded to the end (<c>cluster:seed_done</c>): set once by
/// the instance that finished, read by every instance before it restores or seeds.
/// </summary>
public interface IClusterSeedMark
{
    /// <summary>What the finishing instance wrote (its id and when), or null while nobody has finished.</summary>
    Task<string?> ReadAsync(CancellationToken ct);

    /// <summary>Marks the restore and seed done, saying by whom.</summary>
    Task MarkAsync(string doneBy, CancellationToken ct);
}
