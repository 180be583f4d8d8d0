using System.Diagnostics.CodeAnalysis;

namespace Tickwatch.Trading.Ledger;

/// <summary>The ledger's names for its kinds, as the tables hold them (<c>realised_pnl</c>, <c>fill</c>).</summary>
public static class LedgerWire
{
    public static string Of(BalanceOperationKind kind) => kind switch
    {
        BalanceOperationKind.Deposit => "deposit",
        BalanceOperationKind.Withdrawal => "withdrawal",
        BalanceOperationKind.RealisedProfit => "realised_pnl",
        BalanceOperationKind.Commission => "commission",
        BalanceOperationKind.Swap => "swap",
        BalanceOperationKind.StopOut => "stop_out",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Of(DealKind kind) => kind == DealKind.Fill ? "fill" : "close";

    public static bool TryParseOperation(string? text, out BalanceOperationKind kind) => TryParse(text, Of, out kind);

    public static bool TryParseDeal(string? text, out DealKind kind) => TryParse(text, Of, out kind);

    private static bool TryParse<T>([NotNullWhen(true)] string? text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
