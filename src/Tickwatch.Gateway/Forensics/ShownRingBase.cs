namespace Tickwatch.Gateway.Forensics;

/// <summary>What a ring's compact entries are kept relative to: a book sequence, a bid mantissa and a send time in UTC ticks.</summary>
internal readonly record struct ShownRingBase(long Sequence, long BidMantissa, long Ticks);
