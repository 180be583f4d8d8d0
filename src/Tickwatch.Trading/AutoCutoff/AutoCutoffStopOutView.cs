using System.Text.Json.Serialization;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>A stop-out running in this service and the lock it holds.</summary>
public sealed record AutoCutoffStopOutView(
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("fence")] long Fence,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("closes")] int Closes,
    [property: JsonPropertyName("lock_renewed_at")] DateTimeOffset LockRenewedAt);
