using Tickwatch.Feeds.Listening;

namespace Tickwatch.Market.Diagnostics.WebSocket;

/// <summary>Errors by category, and the last error of each feed.</summary>
public sealed record ErrorAnalysisSection(
    IReadOnlyDictionary<string, long> ParseErrorsByCategory,
    long MessagesFailed,
    long FramesIgnored,
    long CodecExceptions,
    long SinkExceptions,
    IReadOnlyDictionary<string, FeedErrorInfo> LastErrors);
