using Tickwatch.Market.Diagnostics.Comprehensive;

namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>A section of the comprehensive report that has no figures: its name, whether it timed out or failed, and why.</summary>
public sealed record UnavailableSection(string Name, SectionStatus Status, string? Error);
