namespace Tickwatch.Cli.Operations;

/// <summary>What one round of the guide's monitoring script reads, with the script's defaults for a missing value.</summary>
/// <param name="RedisState"><c>.cluster_health.cluster_state // "error"</c> of <c>/api/debug/redis-cluster</c>.</param>
/// <param name="WebSocketRunning"><c>.connection_status.is_running // false</c> of <c>/api/debug/websocket</c>.</param>
/// <param name="Freshness"><c>.data_freshness.freshness_rate // 0</c> of <c>/api/debug/market-data</c>.</param>
/// <param name="Problems">Requests that failed, with the reason.</param>
internal sealed record MonitorReading(string RedisState, bool WebSocketRunning, double Freshness, IReadOnlyList<string> Problems);
