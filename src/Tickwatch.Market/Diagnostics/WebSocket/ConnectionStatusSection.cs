using System.Text.Json.Serialization;

namespace Tickwatch.Market.Diagnostics.WebSocket;

/// <summary><c>is_running</c> is true only when every feed in scope is connected and delivering prices, or (leased mode) written by another instance.</summary>
public sealed record ConnectionStatusSection(
    bool IsRunning,
    bool Connected,
    int FeedsTotal,
    int FeedsRunning,
    int FeedsConnected,
    IReadOnlyList<string> FeedsNotRunning)
{
    /// <summary>Leased mode: feeds another instance writes, counted as running (their prices flow) though not connected here; absent when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? FeedsStandby { get; init; }
}
