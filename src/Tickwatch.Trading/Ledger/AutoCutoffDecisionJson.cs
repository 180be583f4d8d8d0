using System.Text.Json;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// The outbox payload of an <c>autocutoff_decided</c> entry, read into an <see cref="AutoCutoffDecision"/>:
/// <c>{"decision", "margin_level"?, "equity"?, "used_margin"?, "order_id"?, "reason"?, ...}</c> (numbers exact; the
/// levels and price ages the watcher adds are in its reason too, so the ledger keeps them).
/// </summary>
public static class AutoCutoffDecisionJson
{
    /// <summary>The outbox kind.</summary>
    public const string Kind = "autocutoff_decided";

    /// <exception cref="FormatException">No decision, or a figure that is not a number.</exception>
    public static AutoCutoffDecision Read(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an AutoCutoff decision is a JSON object");
        }

        var decision = payload.TryGetProperty("decision", out var d) && d.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(d.GetString())
            ? d.GetString()!
            : throw new FormatException("an AutoCutoff decision needs its decision");
        return new AutoCutoffDecision(decision, Number(payload, "margin_level"), Number(payload, "equity"), Number(payload, "used_margin"), Text(payload, "order_id"), Text(payload, "reason"));
    }

    private static decimal? Number(JsonElement payload, string name) =>
        !payload.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) ? number
        : throw new FormatException($"{name} is not a number");

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
