namespace Tickwatch.Gateway.Streaming;

/// <summary>What a stream client may ask.</summary>
public enum StreamCommandKind
{
    Subscribe,
    Unsubscribe,
    Ping,

    /// <summary><c>{"type":"subscribe","channel":"portfolio"}</c>: the token's own account's portfolio and order events (<c>"since_seq"</c>: from after that one).</summary>
    SubscribePortfolio,

    /// <summary><c>{"type":"unsubscribe","channel":"portfolio"}</c>.</summary>
    UnsubscribePortfolio,
}
