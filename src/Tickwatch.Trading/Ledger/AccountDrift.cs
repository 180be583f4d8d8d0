namespace Tickwatch.Trading.Ledger;

/// <summary>One account whose hot state and ledger disagree.</summary>
/// <param name="Account">The account (<c>live:42</c>).</param>
/// <param name="Differences">What differs, one line each (<c>balance: store 100.00, ledger 90.00</c>), the first <see cref="LedgerReconciliation.DifferencesListed"/>.</param>
public sealed record AccountDrift(string Account, IReadOnlyList<string> Differences);
