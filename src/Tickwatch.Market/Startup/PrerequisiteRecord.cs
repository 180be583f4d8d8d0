namespace Tickwatch.Market.Startup;

/// <summary>The latest result of one prerequisite, as <c>/api/debug/services</c> shows it under <c>startup</c>.</summary>
public sealed record PrerequisiteRecord(string Name, bool Critical, bool Passed, string Outcome, string Detail, DateTimeOffset CheckedAt);
