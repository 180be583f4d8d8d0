namespace Tickwatch.Market.Diagnostics.WebSocket;

/// <summary><c>is_running</c> is true only when every feed in scope is connected and delivering prices.</summary>
public sealed record ConnectionStatusSection(
    bool IsRunning,
    bool Connected,
    int FeedsTotal,
    int FeedsRunning,
    int FeedsConnected,
    IReadOnlyList<string> FeedsNotRunning);
