using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Forensics.Timeline;

/// <summary>The market service against the real quote hub: faults the hub injects show up in the symbol timeline as the book judged them.</summary>
public sealed class SymbolTimelineFaultTests : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_spike_shows_as_refused_with_its_reason_and_a_diverging_feed_shows_in_each_feeds_price()
    {
        await Eventually.ValueAsync(() => TimelineAsync(), t => t["feeds"]!.AsObject().Count == 2, "both feeds have a EURUSD price");

        await _system.InjectFaultAsync(new { kind = "spike", feed = "json", symbol = "EURUSD", factor = 1.5 });
        await _system.InjectFaultAsync(new { kind = "diverge", feed = "binary", symbol = "EURUSD", offset = 0.01 });

        // Partial updates move one side at a time: wait until both sides of the binary feed carry the offset.
        var timeline = await Eventually.ValueAsync(
            () => TimelineAsync(),
            t => Refusals(t, "json").Any() && t["feed_divergence"]?.GetValue<decimal>() >= 0.009m,
            "the spike is refused and the feeds diverge by the offset");

        // A spike on a one-sided update may cross the book instead of jumping it: refused either way, with the book's reason.
        // (The diverging binary feed may have crossed updates of its own while one side carries the offset and the other not.)
        var spike = Refusals(timeline, "json").Single();
        Assert.Contains((string?)spike["reason"], new[] { "jump", "crossed" });
        Assert.True((spike["bid"]?.GetValue<decimal>() ?? 0m) > 1.5m || (spike["ask"]?.GetValue<decimal>() ?? 0m) > 1.5m, spike.ToJsonString());
        Assert.Null(spike["book_sequence"]);
        var refused = timeline["counts"]!["refused"]!.AsObject();
        Assert.True(refused.Sum(r => r.Value!.GetValue<long>()) >= 1);

        var json = Mid(timeline["feeds"]!["json"]!);
        var binary = Mid(timeline["feeds"]!["binary"]!);
        Assert.InRange(binary / json, 1.009m, 1.011m);
        Assert.Equal(Math.Abs(binary - json), timeline["feed_divergence"]!.GetValue<decimal>());
        Assert.Null(timeline["feed_divergence_pips"]);

        // What the book accepted went on to the store and out to subscribers, under the same book sequences.
        var entries = timeline["entries"]!.AsArray().Select(e => e!).ToList();
        var accepted = entries.Where(e => Is(e, "feed_update", "accepted")).Select(e => e["book_sequence"]!.GetValue<long>()).ToHashSet();
        var written = entries.Where(e => Is(e, "store_write", "written")).Select(e => e["book_sequence"]!.GetValue<long>()).ToList();
        var announced = entries.Where(e => Is(e, "announced", "published")).Select(e => e["book_sequence"]!.GetValue<long>()).ToList();
        Assert.NotEmpty(announced);
        Assert.All(announced, s => Assert.Contains(s, written));
        Assert.Contains(written, accepted.Contains);
        Assert.Equal(entries.Select(e => e["at"]!.GetValue<DateTimeOffset>()).Order(), entries.Select(e => e["at"]!.GetValue<DateTimeOffset>()));
        Assert.True(timeline["covers_from"]!.GetValue<bool>() || timeline["history_starts_at"]!.GetValue<DateTimeOffset>() > timeline["from"]!.GetValue<DateTimeOffset>());

        var summary = await _system.GetMarketJsonAsync("/api/debug/forensics/symbols");
        Assert.True(summary["entries_recorded"]!.GetValue<long>() >= entries.Count);
        Assert.InRange(summary["symbols"]!.GetValue<int>(), 1, 58);
    }

    private static IEnumerable<JsonNode> Refusals(JsonNode timeline, string feed) =>
        timeline["entries"]!.AsArray().Select(e => e!).Where(e => Is(e, "feed_update", "refused") && (string?)e["feed"] == feed);

    private static bool Is(JsonNode entry, string kind, string outcome) => (string?)entry["kind"] == kind && (string?)entry["outcome"] == outcome;

    private static decimal Mid(JsonNode feed) => (feed["bid"]!.GetValue<decimal>() + feed["ask"]!.GetValue<decimal>()) / 2m;

    private Task<JsonNode> TimelineAsync() => _system.GetMarketJsonAsync("/api/debug/forensics/symbols/EURUSD?limit=10000");
}
