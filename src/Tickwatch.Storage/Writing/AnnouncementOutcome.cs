namespace Tickwatch.Storage.Writing;

/// <summary>What became of announcing one written price, as far as the writer knows.</summary>
public enum AnnouncementOutcome
{
    /// <summary>Announced: by the store as part of its write, or by the announcer with no failure in its batch.</summary>
    Published,

    /// <summary>Not announced: every announcement of its batch failed.</summary>
    Failed,

    /// <summary>Its batch's announcements partly failed; the announcer says how many, not which.</summary>
    Uncertain,
}
