using System.Text.Json.Serialization;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>An account AutoCutoff cannot act on now, why, and since when.</summary>
public sealed record AutoCutoffHeldAccount(
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("seconds")] double Seconds);
