using System.Text.Json.Serialization;

namespace Tickwatch.Storage.Diagnostics;

/// <summary>The hash slots a master serves: ranges as Redis writes them (<c>0-5460</c>) and their total.</summary>
public sealed record SlotAssignment(
    [property: JsonPropertyName("ranges")] IReadOnlyList<string> Ranges,
    [property: JsonPropertyName("count")] int Count)
{
    public static readonly SlotAssignment None = new([], 0);
}
