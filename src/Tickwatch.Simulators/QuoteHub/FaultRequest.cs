namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Body of <c>POST /control/faults</c>; which fields apply depends on <see cref="Kind"/>.</summary>
public sealed class FaultRequest
{
    /// <summary>One of <see cref="FaultKindNames.All"/>.</summary>
    public string? Kind { get; set; }

    /// <summary>The feed's name, or null for every feed.</summary>
    public string? Feed { get; set; }

    /// <summary>The symbol (spike and freeze need one; diverge takes one or applies to all symbols).</summary>
    public string? Symbol { get; set; }

    /// <summary>How long the fault lasts; null for until cleared (or until its count is used up).</summary>
    public long? DurationMs { get; set; }

    /// <summary>Frames affected by garbage, truncate, duplicate, out_of_order and spike; 1 when null.</summary>
    public int? Count { get; set; }

    /// <summary>Multiplier of a spike.</summary>
    public decimal? Factor { get; set; }

    /// <summary>Fraction a diverging feed's prices are moved by (0.01 = +1 %).</summary>
    public decimal? Offset { get; set; }
}
