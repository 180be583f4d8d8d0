using System.Text.Json.Nodes;

namespace Tickwatch.EndToEndTests.Verdicts;

/// <summary>One price as a test's own client read it on the gateway stream.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Sequence">The book sequence the message states.</param>
/// <param name="Bid">The bid shown.</param>
/// <param name="Ask">The ask shown.</param>
/// <param name="Feed">The feed the price came from.</param>
/// <param name="ReceivedAt">When the market service received it.</param>
/// <param name="AgeMs">Its age when the gateway wrote the message, in milliseconds (to the microsecond).</param>
public sealed record SeenPrice(string Symbol, long Sequence, decimal Bid, decimal Ask, string Feed, DateTimeOffset ReceivedAt, decimal AgeMs)
{
    /// <summary>When the gateway wrote it: the instant its age is measured to, which the forensics call its send time.</summary>
    public DateTimeOffset SentAt => ReceivedAt.AddTicks((long)(AgeMs * TimeSpan.TicksPerMillisecond));

    public decimal Mid => (Bid + Ask) / 2m;

    public static SeenPrice Of(JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SeenPrice(
            message["symbol"]!.GetValue<string>(),
            message["sequence"]!.GetValue<long>(),
            message["bid"]!.GetValue<decimal>(),
            message["ask"]!.GetValue<decimal>(),
            message["feed"]!.GetValue<string>(),
            message["received_at"]!.GetValue<DateTimeOffset>(),
            message["age_ms"]!.GetValue<decimal>());
    }
}
