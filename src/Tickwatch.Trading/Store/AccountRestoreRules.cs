using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Store;

/// <summary>The checks both stores make on a restored account before it touches anything.</summary>
internal static class AccountRestoreRules
{
    public static void Check(AccountState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Revision < 1)
        {
            throw new ArgumentException($"Account {state.Account.Id} cannot be restored at revision {state.Revision}: the first is 1.", nameof(state));
        }

        foreach (var order in state.ActiveOrders)
        {
            if (order.Account != state.Account.Id)
            {
                throw new ArgumentException($"Order {order.Id} is of account {order.Account}, not of {state.Account.Id} being restored.", nameof(state));
            }

            if (OrderTypeRules.IsFinal(order.Status))
            {
                throw new ArgumentException($"Order {order.Id} of {state.Account.Id} is final ({order.Status}); only active orders are restored.", nameof(state));
            }
        }
    }
}
