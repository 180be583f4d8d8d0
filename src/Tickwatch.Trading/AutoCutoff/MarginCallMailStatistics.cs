using System.Text.Json.Serialization;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>The margin-call e-mail's figures: where it goes, the queue, and how many were sent, written, failed and dropped.</summary>
public sealed record MarginCallMailStatistics(
    [property: JsonPropertyName("delivery")] string Delivery,
    [property: JsonPropertyName("destination")] string Destination,
    [property: JsonPropertyName("queue_depth")] int QueueDepth,
    [property: JsonPropertyName("queued")] long Queued,
    [property: JsonPropertyName("sent")] long Sent,
    [property: JsonPropertyName("written")] long Written,
    [property: JsonPropertyName("failed")] long Failed,
    [property: JsonPropertyName("dropped")] long Dropped,
    [property: JsonPropertyName("retries")] long Retries,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_file")] string? LastFile);
