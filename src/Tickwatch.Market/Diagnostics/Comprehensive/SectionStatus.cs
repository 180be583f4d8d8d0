namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Whether a section of the comprehensive report has its figures.</summary>
public enum SectionStatus
{
    /// <summary>The section answered within its time; its figures follow.</summary>
    Ok,

    /// <summary>The section did not answer within <c>Diagnostics:SectionTimeout</c>; its figures are unknown.</summary>
    TimedOut,

    /// <summary>Building the section threw; <c>error</c> says why.</summary>
    Failed,
}
