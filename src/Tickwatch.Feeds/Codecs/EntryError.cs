namespace Tickwatch.Feeds.Codecs;

/// <summary>One price inside an otherwise good frame that could not be used.</summary>
/// <param name="Category">Why.</param>
/// <param name="Detail">A short, static description (no per-frame allocation).</param>
public readonly record struct EntryError(ParseErrorCategory Category, string Detail);
