namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>Outcome of inflating one zlib stream.</summary>
internal enum InflateStatus
{
    /// <summary>The whole stream inflated within the size limit.</summary>
    Inflated,

    /// <summary>Not a zlib stream, corrupt, or cut short.</summary>
    Corrupt,

    /// <summary>Inflates to more than the size limit; inflation stopped at the limit.</summary>
    TooLarge,
}
