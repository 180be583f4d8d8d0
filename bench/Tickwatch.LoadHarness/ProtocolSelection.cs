using Tickwatch.Feeds.Codecs;

namespace Tickwatch.LoadHarness;

/// <summary>A named set of feed protocols measured together: <c>json</c>, <c>protobuf</c> or <c>both</c>.</summary>
internal sealed record ProtocolSelection(string Name, IReadOnlyList<FeedProtocol> Protocols)
{
    public static readonly ProtocolSelection Json = new("json", [FeedProtocol.Json]);

    public static readonly ProtocolSelection Protobuf = new("protobuf", [FeedProtocol.Protobuf]);

    public static readonly ProtocolSelection Both = new("both", [FeedProtocol.Json, FeedProtocol.Protobuf]);

    public static ProtocolSelection Parse(string name) => name.ToLowerInvariant() switch
    {
        "json" => Json,
        "protobuf" or "binary" => Protobuf,
        "both" => Both,
        _ => throw new ArgumentException($"Unknown protocol '{name}': use json, protobuf or both."),
    };

    /// <summary>The hub's name and path for a protocol's feed, as in its reference pair.</summary>
    public static (string Name, string Path) FeedOf(FeedProtocol protocol) =>
        protocol == FeedProtocol.Json ? ("json", "/ws/json") : ("binary", "/ws/binary");
}
