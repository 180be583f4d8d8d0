using System.Text.Json.Nodes;
using Tickwatch.BenchSupport;

namespace Tickwatch.SoakHarness;

/// <summary>Polls the market service's <c>GET /api/debug/market-data</c>: per symbol, the book's sequence never goes back.</summary>
internal sealed class BookWatch(HttpClient http, Uri market, InvariantLog log)
{
    private long _pollErrors;

    public MonotonicWatch<long> Watch { get; } = new("no-regression-in-book", "market book", log);

    public long PollErrors => Interlocked.Read(ref _pollErrors);

    /// <summary>Reads the book once; false when the market did not answer.</summary>
    public async Task<bool> PollAsync()
    {
        JsonNode? report;
        try
        {
            report = JsonNode.Parse(await http.GetStringAsync(new Uri(market, "api/debug/market-data")));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            Interlocked.Increment(ref _pollErrors);
            return false;
        }

        foreach (var (symbol, analysis) in report?["symbol_analysis"]?.AsObject() ?? [])
        {
            if (analysis?["book_sequence"]?.GetValue<long>() is { } sequence)
            {
                Watch.Observe(symbol, sequence);
            }
        }

        return true;
    }

    public Task RunAsync(TimeSpan interval, CancellationToken stop) => PeriodicPoll.RunAsync(interval, _ => PollAsync(), stop);
}
