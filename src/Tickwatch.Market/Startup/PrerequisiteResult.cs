namespace Tickwatch.Market.Startup;

/// <summary>The outcome of one prerequisite check.</summary>
/// <param name="Passed">Whether the prerequisite holds.</param>
/// <param name="Outcome">The word the log line shows after the name: <c>OK</c>, <c>FAILED</c>, or a measured value such as <c>45.2%</c>.</param>
/// <param name="Detail">What was found, or why it failed, for the operator.</param>
public sealed record PrerequisiteResult(bool Passed, string Outcome, string Detail)
{
    public static PrerequisiteResult Ok(string detail) => new(true, "OK", detail);

    public static PrerequisiteResult Failed(string detail) => new(false, "FAILED", detail);
}
