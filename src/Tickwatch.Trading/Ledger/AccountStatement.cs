using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Ledger;

/// <summary>An account's statement over [<see cref="From"/>, <see cref="To"/>): the balance before, every operation, the balance after.</summary>
/// <param name="Account">The account.</param>
/// <param name="From">The first instant included.</param>
/// <param name="To">The first instant excluded.</param>
/// <param name="OpeningBalance">The balance after the last operation before <paramref name="From"/> (0 when none).</param>
/// <param name="Operations">The operations in the range, in the ledger's order.</param>
public sealed record AccountStatement(AccountId Account, DateTimeOffset From, DateTimeOffset To, decimal OpeningBalance, IReadOnlyList<BalanceOperation> Operations)
{
    /// <summary>The opening balance plus every operation: the statement adds up by construction.</summary>
    public decimal ClosingBalance => OpeningBalance + Operations.Sum(o => o.Amount);
}
