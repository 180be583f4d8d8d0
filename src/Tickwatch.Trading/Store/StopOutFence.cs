using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Store;

/// <summary>
/// A held stop-out lock of one account: its fence token (rising with every lock given for the account) and its holder.
/// A close carrying it is written only while the lock still holds this exact value, so a paused holder that lost the
/// lock cannot close anything.
/// </summary>
/// <param name="Account">The account being stopped out.</param>
/// <param name="Token">The fence token the store gave with the lock.</param>
/// <param name="Owner">Who holds it (a market service instance).</param>
public sealed record StopOutFence(AccountId Account, long Token, string Owner)
{
    /// <summary>The lock's stored value: <c>17:market-a</c>.</summary>
    public string Value => Token.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Owner;
}
