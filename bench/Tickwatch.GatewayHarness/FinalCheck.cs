namespace Tickwatch.GatewayHarness;

/// <summary>
/// The end of a run: of <paramref name="CheckedPairs"/> (client, symbol) pairs of clients still connected, how many did not
/// hold the expected last price after <paramref name="Settled"/>, and how many the scanner misread; clients that ended early.
/// </summary>
internal sealed record FinalCheck(int CheckedPairs, int Mismatches, int Misread, TimeSpan Settled, int Ended, string? FirstEndedBecause);
