namespace Tickwatch.Gateway.Streaming;

/// <summary>How the stream spaces messages of prices, in <c>GET /api/debug/streams</c>: the pacing, its bounds, the load it sees and what it did.</summary>
/// <param name="Mode">The pacing in force: <c>adaptive</c> or <c>fixed</c> (<c>Gateway:Stream:Pacing</c>).</param>
/// <param name="MinSendGapMs">Adaptive: the shortest time between two messages to one client (<c>Gateway:Stream:MinSendGap</c>).</param>
/// <param name="MaxBatchDelayMs">Adaptive: the longest, reached at full load (<c>Gateway:Stream:MaxBatchDelay</c>).</param>
/// <param name="SendIntervalMs">Fixed: the time between two messages to one client.</param>
/// <param name="LoadFactor">The load from 0 (idle: prices go at once) to 1 (messages <c>MaxBatchDelay</c> apart), smoothed.</param>
/// <param name="CpuShare">The gateway's share of the machine's cores over the last sample.</param>
/// <param name="ThreadPoolBacklog">Work items waiting for a thread-pool thread at the last sample.</param>
/// <param name="MessagesSentAtOnce">Messages of prices sent without waiting.</param>
/// <param name="MessagesCoalesced">Messages of prices that waited for their gap or slot, gathering the prices that arrived meanwhile.</param>
public sealed record StreamPacingReport(
    StreamPacing Mode,
    double MinSendGapMs,
    double MaxBatchDelayMs,
    double SendIntervalMs,
    double LoadFactor,
    double CpuShare,
    long ThreadPoolBacklog,
    long MessagesSentAtOnce,
    long MessagesCoalesced);
