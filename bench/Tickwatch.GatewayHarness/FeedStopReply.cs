namespace Tickwatch.GatewayHarness;

/// <summary>The gateway process's answer to "stop the feed": what was offered, what the pacer thread cost, the newest prices.</summary>
internal sealed record FeedStopReply(long Offered, double? PacerCpuSeconds, double ElapsedSeconds, IReadOnlyList<SourceLast> Last);
