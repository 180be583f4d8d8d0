using System.Text.Json.Serialization;

namespace Tickwatch.Storage.Prices;

/// <summary>What one warm-up did: how many stored prices were found and shown, which symbols had none, and any error.</summary>
public sealed record PriceWarmupResult
{
    /// <summary>Symbols asked for.</summary>
    [JsonPropertyName("requested")]
    public required int Requested { get; init; }

    /// <summary>Symbols with a stored price.</summary>
    [JsonPropertyName("loaded")]
    public required int Loaded { get; init; }

    /// <summary>Stored prices the book took for display (marked warmed-up, never fresh).</summary>
    [JsonPropertyName("warmed")]
    public required int Warmed { get; init; }

    /// <summary>Stored prices the book did not take: it already had a price, or the stored one is invalid (zero, negative, crossed).</summary>
    [JsonPropertyName("not_taken")]
    public required int NotTaken { get; init; }

    /// <summary>Of <see cref="NotTaken"/>: stored prices whose version lies in the future (beyond the allowed clock skew): invalid, never shown; the next live price replaces them in the store.</summary>
    [JsonPropertyName("future_versions")]
    public int FutureVersions { get; init; }

    /// <summary>Symbols with no stored price.</summary>
    [JsonPropertyName("missing_symbols")]
    public required IReadOnlyList<string> MissingSymbols { get; init; }

    /// <summary>Age of the oldest loaded price (from its local receipt), in seconds; null when none was loaded.</summary>
    [JsonPropertyName("oldest_age_seconds")]
    public required double? OldestAgeSeconds { get; init; }

    [JsonPropertyName("elapsed_ms")]
    public required double ElapsedMs { get; init; }

    /// <summary>Why the store could not be read; null on success.</summary>
    [JsonPropertyName("error")]
    public required string? Error { get; init; }

    /// <summary>What this warm-up's move of old-form price keys did; null when it did none (done before, or no old form).</summary>
    [JsonPropertyName("old_keys")]
    public OldPriceKeyMigrationResult? OldKeys { get; init; }

    /// <summary>The prices loaded, in the order asked (not serialised: use <see cref="Loaded"/>).</summary>
    [JsonIgnore]
    public IReadOnlyList<StoredPrice> Prices { get; init; } = [];

    [JsonPropertyName("succeeded")]
    public bool Succeeded => Error is null;
}
