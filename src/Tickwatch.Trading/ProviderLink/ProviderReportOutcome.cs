namespace Tickwatch.Trading.ProviderLink;

/// <summary>What became of one execution report.</summary>
public enum ProviderReportOutcome
{
    /// <summary>Changed its order, in the same atomic step as its <c>report_id</c>.</summary>
    Applied,

    /// <summary>Its <c>report_id</c> was applied before: nothing changed.</summary>
    Duplicate,

    /// <summary>It no longer fits its order (the order moved on, or is unknown): nothing changed.</summary>
    Ignored,
}
