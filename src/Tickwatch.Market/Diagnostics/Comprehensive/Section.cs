using System.Text.Json.Serialization;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>One section of the comprehensive report: its figures, or why there are none.</summary>
/// <remarks>
/// In JSON the figures sit beside <c>status</c> and <c>elapsed_ms</c> (<c>{"status":"ok","elapsed_ms":0.4,"connected":true,…}</c>);
/// a section that timed out or failed has only <c>status</c>, <c>elapsed_ms</c> and <c>error</c>.
/// </remarks>
/// <typeparam name="T">The section's figures.</typeparam>
[JsonConverter(typeof(SectionJsonConverterFactory))]
public sealed record Section<T>
    where T : class
{
    public required SectionStatus Status { get; init; }

    /// <summary>How long the section took, or how long it was waited for.</summary>
    public required double ElapsedMs { get; init; }

    /// <summary>Why the figures are missing; null when they are there.</summary>
    public string? Error { get; init; }

    /// <summary>The figures; null unless <see cref="Status"/> is <see cref="SectionStatus.Ok"/>.</summary>
    public T? Value { get; init; }

    /// <summary>The same section with its figures seen through <paramref name="view"/>: status, time and error kept, nothing built again.</summary>
    public Section<TView> Select<TView>(Func<T, TView> view)
        where TView : class
    {
        ArgumentNullException.ThrowIfNull(view);
        return new Section<TView> { Status = Status, ElapsedMs = ElapsedMs, Error = Error, Value = Value is null ? null : view(Value) };
    }
}
