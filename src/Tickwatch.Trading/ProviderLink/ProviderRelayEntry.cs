namespace Tickwatch.Trading.ProviderLink;

/// <summary>One relayed request: its id in the stream and its MessagePack payload.</summary>
public sealed record ProviderRelayEntry(string Id, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The position before every entry.</summary>
    public const string Start = "0-0";
}
