using System.Text.Json.Nodes;

namespace Tickwatch.EndToEndTests.Verdicts;

/// <summary>How the verdict tests compare a forensics answer with what their own client read.</summary>
public static class VerdictAssert
{
    /// <summary>The main verdict is the first of <paramref name="verdicts"/>, which are every finding in order.</summary>
    public static void Findings(JsonNode decision, params string[] verdicts)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(verdicts);
        Assert.True(verdicts[0] == decision["verdict"]!.GetValue<string>(), decision.ToJsonString());
        Assert.Equal(verdicts, decision["findings"]!.AsArray().Select(f => f!["verdict"]!.GetValue<string>()));
        Assert.Contains(Explanation(decision), decision["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The shown price compared with is the one the test read on the stream: its sequence, prices, feed, receipt and the instant its age was measured to.</summary>
    public static void Shown(SeenPrice seen, JsonNode view)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(view);
        Assert.Equal(
            (seen.Sequence, seen.Bid, seen.Ask, seen.Feed, "stream"),
            (view["book_sequence"]!.GetValue<long>(), view["bid"]!.GetValue<decimal>(), view["ask"]!.GetValue<decimal>(), view["feed"]!.GetValue<string>(), view["channel"]!.GetValue<string>()));
        // The stream states the age to the microsecond, measured to the instant the forensics call its send time.
        var (receivedAt, sentAt) = (view["received_at"]!.GetValue<DateTimeOffset>(), view["sent_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(seen.ReceivedAt, receivedAt);
        Assert.Equal(seen.AgeMs, ((sentAt - receivedAt).Ticks / TimeSpan.TicksPerMicrosecond) / 1000m);
    }

    /// <summary>The quote the engine acted on is the price the test read last.</summary>
    public static void Quote(SeenPrice seen, JsonNode quote)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(quote);
        Assert.Equal((seen.Sequence, seen.Bid, seen.Ask, seen.Feed), (quote["book_sequence"]!.GetValue<long>(), quote["bid"]!.GetValue<decimal>(), quote["ask"]!.GetValue<decimal>(), quote["feed"]!.GetValue<string>()));
        // The book keeps the receipt to the tick; the store, and so the stream, to the microsecond.
        var receivedAt = quote["received_at"]!.GetValue<DateTimeOffset>();
        Assert.Equal(seen.ReceivedAt, receivedAt.AddTicks(-(receivedAt.Ticks % TimeSpan.TicksPerMicrosecond)));
    }

    /// <summary>The main finding's sentence.</summary>
    public static string Explanation(JsonNode decision) => decision?["findings"]?[0]?["explanation"]?.GetValue<string>() ?? throw new ArgumentException("The decision states no finding.", nameof(decision));
}
