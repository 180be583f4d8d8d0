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

        await _system.InjectFaultAsync(new { kind = "diverge", feed = "binary", symbol = "EURUSD", offset = 0.01 });
        var spike = await RefusedSpikeAsync();

        // Partial updates move one side at a time: wait until both sides of the binary feed carry the offset (and json's
        // price is not a spike the book superseded rather than refused, which its next update replaces).
        var timeline = await Eventually.ValueAsync(
            () => TimelineAsync(),
            t => t["feeds"]?["json"] is { } j && t["feeds"]?["binary"] is { } b && Mid(j) < 1.5m && Mid(b) / Mid(j) is >= 1.009m and <= 1.011m,
            "the feeds diverge by the offset");

        // A spike on a one-sided update may cross the book instead of jumping it: refused either way, with the book's reason.
        Assert.Contains((string?)spike["reason"], new[] { "jump", "crossed" });
        Assert.Null(spike["book_sequence"]);
        Assert.Contains(timeline["entries"]!.AsArray(), e => JsonNode.DeepEquals(e, spike));
        var refused = timeline["counts"]!["refused"]!.AsObject();
        Assert.True(refused.Sum(r => r.Value!.GetValue<long>()) >= 1);

        var json = Mid(timeline["feeds"]!["json"]!);
        var binary = Mid(timeline["feeds"]!["binary"]!);
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

    // The book refuses a crossed price before it asks whether an update is newer, and a jump after: a spiked two-sided
    // update that arrives just behind the other feed's newer one is superseded instead. Spike again until one is refused.
    private async Task<JsonNode> RefusedSpikeAsync()
    {
        var seen = 0;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await _system.InjectFaultAsync(new { kind = "spike", feed = "json", symbol = "EURUSD", factor = 1.5 });
            var timeline = await Eventually.ValueAsync(() => TimelineAsync(), t => Spikes(t).Count() > seen, $"spike {attempt} reaches the book");
            var spikes = Spikes(timeline).ToList();
            if (spikes.Skip(seen).FirstOrDefault(s => (string?)s["outcome"] == "refused") is { } refused)
            {
                return refused;
            }

            seen = spikes.Count;
        }

        throw new Xunit.Sdk.XunitException("Five spikes in a row were superseded rather than refused.");
    }

    // The json feed's EURUSD updates at half as much again as the price: the spikes.
    private static IEnumerable<JsonNode> Spikes(JsonNode timeline) =>
        timeline["entries"]!.AsArray().Select(e => e!).Where(e =>
            (string?)e["kind"] == "feed_update" && (string?)e["feed"] == "json" && Math.Max(e["bid"]?.GetValue<decimal>() ?? 0m, e["ask"]?.GetValue<decimal>() ?? 0m) > 1.5m);

    private static bool Is(JsonNode entry, string kind, string outcome) => (string?)entry["kind"] == kind && (string?)entry["outcome"] == outcome;

    private static decimal Mid(JsonNode feed) => (feed["bid"]!.GetValue<decimal>() + feed["ask"]!.GetValue<decimal>()) / 2m;

    private Task<JsonNode> TimelineAsync() => _system.GetMarketJsonAsync("/api/debug/forensics/symbols/EURUSD?limit=10000");
}
