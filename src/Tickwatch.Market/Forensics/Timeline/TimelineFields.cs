namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>Which of a <see cref="TimelineRecord"/>'s optional values are present.</summary>
[Flags]
internal enum TimelineFields : byte
{
    None = 0,
    Bid = 1,
    Ask = 2,
    SourceSequence = 4,
    SourceTime = 8,
    BookSequence = 16,
}
