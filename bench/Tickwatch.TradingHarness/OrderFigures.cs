namespace Tickwatch.TradingHarness;

/// <summary>What one order phase measured.</summary>
/// <param name="Seconds">Length of the phase by the pacer's clock.</param>
/// <param name="Opens">Market orders sent to open a position.</param>
/// <param name="Closes">Close requests sent.</param>
/// <param name="Open">Opens: latency from the time each was due to its whole answer (queueing in the harness included).</param>
/// <param name="Close">Closes, timed the same way.</param>
/// <param name="All">Every request.</param>
/// <param name="AllSent">Every request, from the moment the harness sent it (the service alone, plus loopback).</param>
/// <param name="Refusals">Answers other than 201 (open) and 200 (close), by what and reason; transport errors too.</param>
/// <param name="PacerLateMaxMs">The latest the pacer dispatched a request after it was due.</param>
internal sealed record OrderFigures(
    double Seconds,
    long Opens,
    long Closes,
    LatencyFigures Open,
    LatencyFigures Close,
    LatencyFigures All,
    LatencyFigures AllSent,
    IReadOnlyDictionary<string, long> Refusals,
    double PacerLateMaxMs)
{
    public double RequestsPerSecond => (Opens + Closes) / Seconds;

    public long Refused => Refusals.Values.Sum();
}
