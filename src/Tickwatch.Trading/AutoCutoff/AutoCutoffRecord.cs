using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>One AutoCutoff decision with the numbers that led to it: kept in the recent list and, as <c>autocutoff_decided</c>, in the ledger.</summary>
public sealed record AutoCutoffRecord
{
    /// <summary>Decisions, as recorded.</summary>
    public const string MarginCallSent = "margin_call_sent", MarginCallSuppressed = "margin_call_suppressed", Recovered = "recovered",
        Held = "held", StopOutStarted = "stop_out_started", ClosePosition = "close_position", StopOutFinished = "stop_out_finished",
        StopOutBusy = "stop_out_busy", StopOutLost = "stop_out_lost";

    /// <summary>What a portfolio above the cutoff level is counted as (never recorded).</summary>
    public const string Safe = "safe";

    /// <summary>Every decision, for counters that show each from the start.</summary>
    public static readonly IReadOnlyList<string> Decisions =
        [Safe, MarginCallSent, MarginCallSuppressed, Recovered, Held, StopOutStarted, ClosePosition, StopOutFinished, StopOutBusy, StopOutLost];

    [JsonPropertyName("account")]
    public required string Account { get; init; }

    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }

    [JsonPropertyName("decision")]
    public required string Decision { get; init; }

    [JsonPropertyName("equity")]
    public decimal? Equity { get; init; }

    [JsonPropertyName("used_margin")]
    public decimal? UsedMargin { get; init; }

    [JsonPropertyName("margin_level")]
    public decimal? MarginLevel { get; init; }

    [JsonPropertyName("cutoff_level")]
    public decimal CutoffLevel { get; init; }

    [JsonPropertyName("liquidation_level")]
    public decimal LiquidationLevel { get; init; }

    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    /// <summary>For a hold, its reason (<c>stale_price</c>, ...).</summary>
    [JsonPropertyName("hold_reason")]
    public string? HoldReason { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Age of each price the decision stood on, in milliseconds (null: no price in the book).</summary>
    [JsonPropertyName("price_ages_ms")]
    public IReadOnlyDictionary<string, long?> PriceAgesMs { get; init; } = new Dictionary<string, long?>(StringComparer.Ordinal);

    [JsonPropertyName("fence")]
    public long? Fence { get; init; }

    [JsonPropertyName("owner")]
    public string? Owner { get; init; }

    /// <summary>The sentence the ledger keeps: the reason, then the levels and price ages (the table has no columns for them).</summary>
    public string LedgerReason()
    {
        var text = new StringBuilder(Reason ?? Decision);
        text.Append(CultureInfo.InvariantCulture, $" [cutoff {CutoffLevel} %, liquidation {LiquidationLevel} %");
        if (PriceAgesMs.Count > 0)
        {
            text.Append("; price ages ");
            text.AppendJoin(", ", PriceAgesMs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " " + (p.Value is { } ms ? ms.ToString(CultureInfo.InvariantCulture) + " ms" : "none")));
        }

        if (Fence is { } fence)
        {
            text.Append(CultureInfo.InvariantCulture, $"; fence {fence}");
        }

        return text.Append(']').ToString();
    }

    /// <summary>The outbox event of this decision (read back by <see cref="AutoCutoffDecisionJson"/>).</summary>
    public TradingEvent ToEvent()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("decision", Decision);
            Number(json, "margin_level", MarginLevel);
            Number(json, "equity", Equity);
            Number(json, "used_margin", UsedMargin);
            json.WriteNumber("cutoff_level", CutoffLevel);
            json.WriteNumber("liquidation_level", LiquidationLevel);
            if (OrderId is not null)
            {
                json.WriteString("order_id", OrderId);
            }

            if (HoldReason is not null)
            {
                json.WriteString("hold_reason", HoldReason);
            }

            json.WriteString("reason", LedgerReason());
            json.WriteStartObject("price_ages_ms");
            foreach (var (symbol, age) in PriceAgesMs)
            {
                if (age is { } ms)
                {
                    json.WriteNumber(symbol, ms);
                }
                else
                {
                    json.WriteNull(symbol);
                }
            }

            json.WriteEndObject();
            if (Fence is { } fence)
            {
                json.WriteNumber("fence", fence);
            }

            json.WriteEndObject();
        }

        return new TradingEvent(AutoCutoffDecisionJson.Kind, null, Encoding.UTF8.GetString(buffer.WrittenSpan), At);
    }

    private static void Number(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
