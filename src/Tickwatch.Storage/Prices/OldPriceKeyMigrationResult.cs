using System.Text.Json.Serialization;

namespace Tickwatch.Storage.Prices;

/// <summary>What one move of old-form price keys did, per old key found.</summary>
public sealed record OldPriceKeyMigrationResult
{
    /// <summary>Old-form keys found among the symbols asked for.</summary>
    [JsonPropertyName("found")]
    public required int Found { get; init; }

    /// <summary>Old prices rewritten to the current key (it had none, or an older version).</summary>
    [JsonPropertyName("moved")]
    public required int Moved { get; init; }

    /// <summary>Old prices not rewritten because the current key already held the same or a newer version.</summary>
    [JsonPropertyName("kept_current")]
    public required int KeptCurrent { get; init; }

    /// <summary>Old keys gone after their price was moved or found superseded (deleted now, or already by another instance).</summary>
    [JsonPropertyName("deleted")]
    public required int Deleted { get; init; }

    /// <summary>Old keys left in place: unreadable as a price, the rewrite failed, or the old key changed meanwhile; a later move tries again.</summary>
    [JsonPropertyName("left")]
    public required IReadOnlyList<string> Left { get; init; }

    /// <summary>Why the old keys could not be read or deleted at all; null when they could.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>True when every old key found is gone: nothing is left for a later move.</summary>
    [JsonPropertyName("complete")]
    public bool Complete => Error is null && Left.Count == 0;
}
