namespace Tickwatch.ClusterHarness;

/// <summary>
/// One SIGKILL of the feed's writer: who was killed holding which token, who took over with which, and when the feed
/// was written again (first stored price received after the kill) and every symbol was (freshness recovered), in seconds after the kill.
/// </summary>
internal sealed record KillTiming(
    int Kill,
    string Killed,
    long KilledToken,
    string? NewHolder,
    long? NewToken,
    double? TakeoverSeconds,
    double? AllSymbolsSeconds);
