namespace Tickwatch.Gateway.Forensics;

/// <summary>An entry read out of its ring, with its prices as decimals (a wide entry's from the ring's side array).</summary>
internal readonly record struct ShownEntryCopy(ShownEntry Entry, decimal Bid, decimal Ask);
