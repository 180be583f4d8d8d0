namespace Tickwatch.TradingHarness;

/// <summary>What <see cref="BookSetup"/> made.</summary>
/// <param name="Accounts">Accounts created.</param>
/// <param name="Positions">Positions opened.</param>
/// <param name="Symbols">Symbols they are spread over.</param>
/// <param name="FewestHolders">Holders of the least held symbol.</param>
/// <param name="MostHolders">Holders of the most held symbol.</param>
/// <param name="Refusals">Orders refused, by reason (none expected).</param>
/// <param name="Seconds">Time the set-up took.</param>
internal sealed record SetupReply(int Accounts, long Positions, int Symbols, int FewestHolders, int MostHolders, IReadOnlyDictionary<string, int> Refusals, double Seconds);
