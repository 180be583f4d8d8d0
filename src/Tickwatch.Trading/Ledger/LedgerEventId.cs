using System.Globalization;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// The one identity of a ledger event: the account, the revision its commit raised the account to, and its place
/// among that commit's outbox entries. Events of one account are applied in this order, and each once.
/// </summary>
/// <param name="Account">The account whose outbox held the event.</param>
/// <param name="Revision">The account's revision after the commit that appended it.</param>
/// <param name="Index">Its place (from 0) among the entries that one commit appended.</param>
public readonly record struct LedgerEventId(AccountId Account, long Revision, int Index)
{
    /// <summary>True when this event comes after <paramref name="position"/> of the same account (or nothing was applied yet).</summary>
    public bool IsAfter(LedgerEventId? position) =>
        position is not { } applied || Revision > applied.Revision || (Revision == applied.Revision && Index > applied.Index);

    /// <summary><c>live:42/17/0</c>: account, revision, index.</summary>
    public override string ToString() =>
        Account + "/" + Revision.ToString(CultureInfo.InvariantCulture) + "/" + Index.ToString(CultureInfo.InvariantCulture);
}
