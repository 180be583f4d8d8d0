using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Accounts;

/// <summary>An account's configuration (the reference's <c>user:{live:42}:config</c> hash).</summary>
public sealed record TradingAccount
{
    public required AccountId Id { get; init; }

    /// <summary>Cash balance in the account currency: deposits, withdrawals and realised P&amp;L.</summary>
    public required decimal WalletBalance { get; init; }

    /// <summary>1:100 is 100.</summary>
    public required decimal Leverage { get; init; }

    /// <summary>The group whose terms (spread, contract size, commission) the account trades on.</summary>
    public required string Group { get; init; }

    /// <summary>Where the account's orders are filled (<c>sending_orders</c>); demo accounts always locally.</summary>
    public ExecutionRoute Route { get; init; } = ExecutionRoute.Local;

    public string? Email { get; init; }

    /// <summary>Margin level (%) under which a margin call goes out.</summary>
    public decimal AutoCutoffLevel { get; init; } = 50m;

    /// <summary>Margin level (%) under which positions are closed, largest loss first.</summary>
    public decimal AutoLiquidationLevel { get; init; } = 10m;

    public AccountStatus Status { get; init; } = AccountStatus.Active;

    public string Currency { get; init; } = "USD";

    /// <summary>The route an order of this account takes: a demo account never reaches the provider.</summary>
    public ExecutionRoute EffectiveRoute => Id.Type == UserType.Demo ? ExecutionRoute.Local : Route;
}
