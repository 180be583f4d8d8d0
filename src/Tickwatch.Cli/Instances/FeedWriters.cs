using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Tickwatch.Cli.Instances;

/// <summary>Which market service writes each feed, as one of them reports it (<c>websocket_diagnostics.feeds.*.held_by</c> of <c>/api/debug/comprehensive</c>).</summary>
internal static class FeedWriters
{
    /// <summary>Feed name to holding instance, asked of <paramref name="market"/> until every feed has a holder or <paramref name="timeout"/> passes; empty when it never answered.</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> ReadAsync(HttpClient http, Uri market, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = Stopwatch.StartNew();
        var writers = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        do
        {
            writers.Clear();
            try
            {
                var report = JsonNode.Parse(await http.GetStringAsync(new Uri(market, "api/debug/comprehensive"), cancellationToken).ConfigureAwait(false));
                if (report?["websocket_diagnostics"]?["feeds"] is JsonObject feeds)
                {
                    foreach (var (feed, summary) in feeds)
                    {
                        writers[feed] = summary?["held_by"]?.GetValue<string>();
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException
                                          || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not answered this time; asked again until the deadline.
            }

            if (writers.Count > 0 && writers.Values.All(w => w is not null))
            {
                break;
            }
        }
        while (deadline.Elapsed < timeout && await poll.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));

        return writers;
    }
}
