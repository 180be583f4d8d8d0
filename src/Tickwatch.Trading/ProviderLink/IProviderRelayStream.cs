namespace Tickwatch.Trading.ProviderLink;

/// <summary>
/// Where instances that do not hold the provider link leave their requests for the one that does (<c>provider_relay</c>):
/// appended in order, read from a position on.
/// </summary>
public interface IProviderRelayStream
{
    /// <summary>Appends one request's MessagePack payload (<see cref="ProviderMessageCodec"/>); its entry id.</summary>
    Task<string> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct);

    /// <summary>The id of the newest entry, <see cref="ProviderRelayEntry.Start"/> when there is none.</summary>
    Task<string> LastIdAsync(CancellationToken ct);

    /// <summary>The entries after <paramref name="afterId"/>, oldest first, at most <paramref name="max"/>; waits up to <paramref name="wait"/> for one when none is there (then empty).</summary>
    Task<IReadOnlyList<ProviderRelayEntry>> ReadAsync(string afterId, int max, TimeSpan wait, CancellationToken ct);
}
