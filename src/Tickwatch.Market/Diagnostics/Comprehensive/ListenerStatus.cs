using System.Text.Json.Serialization;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>websocket_diagnostics.connection_status</c>: whether every feed listener delivers prices (the guide's <c>is_running</c>).</summary>
/// <param name="IsRunning">True only when every feed is connected and delivering prices, or (leased mode) written by another instance.</param>
/// <param name="FeedsTotal">Configured feeds.</param>
/// <param name="FeedsRunning">Feeds delivering prices.</param>
/// <param name="FeedsNotRunning">Names of the others.</param>
public sealed record ListenerStatus(bool IsRunning, int FeedsTotal, int FeedsRunning, IReadOnlyList<string> FeedsNotRunning)
{
    /// <summary>Leased mode: feeds another instance writes, counted as running though not connected here; absent when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? FeedsStandby { get; init; }
}
