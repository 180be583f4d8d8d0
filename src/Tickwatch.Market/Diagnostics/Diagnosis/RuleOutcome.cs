namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>What one rule concluded: a finding, a passed check, or nothing when its figures are unavailable.</summary>
public sealed record RuleOutcome
{
    private RuleOutcome(Finding? finding, PassedCheck? passed)
    {
        Finding = finding;
        Passed = passed;
    }

    /// <summary>The rule could not judge: the section it reads timed out or failed (reported by <c>diagnostics_incomplete</c>).</summary>
    public static RuleOutcome NotApplicable { get; } = new(null, null);

    public Finding? Finding { get; }

    public PassedCheck? Passed { get; }

    public static RuleOutcome Problem(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new(finding, null);
    }

    public static RuleOutcome Ok(string id, string title, IReadOnlyDictionary<string, object?> evidence) => new(null, new PassedCheck(id, title, evidence));
}
