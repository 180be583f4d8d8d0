namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>How bad a finding is.</summary>
/// <remarks>
/// The guide's Step 1 indicators and Step 3 table are <see cref="Critical"/>: prices shown or acted on may be wrong now.
/// Its "Key Metrics to Monitor" and "Performance Degradation Indicators" are <see cref="Warning"/>: outside the healthy range.
/// </remarks>
public enum Severity
{
    /// <summary>Within the guide's healthy range.</summary>
    Ok,

    /// <summary>Outside the healthy range; look at it soon.</summary>
    Warning,

    /// <summary>A cause of price mismatch or an outage; act now.</summary>
    Critical,
}
