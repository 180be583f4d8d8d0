namespace Tickwatch.Gateway.Streaming;

/// <summary>What a stream client may ask.</summary>
public enum StreamCommandKind
{
    Subscribe,
    Unsubscribe,
    Ping,
}
