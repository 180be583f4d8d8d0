using System.Text.Json.Nodes;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The gateway's own counters from <c>GET /api/debug/streams</c> at one instant (its own clock: under load the answer can
/// take seconds to arrive); <c>messages_sent</c> only where the gateway reports it.
/// </summary>
internal sealed record StreamStats(DateTimeOffset Timestamp, int ClientsConnected, long ClientsDroppedSlow, long UpdatesReceived, long UpdatesNotNewer, long PricesSent, long PricesConflated, long? MessagesSent, double WorstLagMs)
{
    public static async Task<StreamStats> ReadAsync(HttpClient http)
    {
        var body = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/streams", UriKind.Relative)).ConfigureAwait(false))!;
        var clients = body["clients"]!.AsArray();
        return new StreamStats(
            body["timestamp"]!.GetValue<DateTimeOffset>(),
            body["clients_connected"]!.GetValue<int>(),
            body["clients_dropped_slow"]!.GetValue<long>(),
            body["updates_received"]!.GetValue<long>(),
            body["updates_not_newer"]!.GetValue<long>(),
            body["prices_sent"]!.GetValue<long>(),
            body["prices_conflated"]!.GetValue<long>(),
            body["messages_sent"]?.GetValue<long>(),
            clients.Count > 0 ? clients[0]!["lag_ms"]!.GetValue<double>() : 0);
    }
}
