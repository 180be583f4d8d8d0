using System.Text.Json.Serialization;

namespace Tickwatch.Storage;

/// <summary>One error of the store, its connection or the store writer, as diagnostics list it.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Source">What failed: <c>write</c>, <c>publish</c>, <c>read</c>, <c>connection</c>, <c>diagnostics</c>.</param>
/// <param name="Message">The error, one line; never a password.</param>
/// <param name="Endpoint">The Redis node concerned, when known.</param>
/// <param name="Count">How many prices (or events) this one error stands for.</param>
public sealed record StoreError(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("endpoint")] string? Endpoint,
    [property: JsonPropertyName("count")] int Count);
