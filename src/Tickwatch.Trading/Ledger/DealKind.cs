namespace Tickwatch.Trading.Ledger;

/// <summary>What a deal did to a position.</summary>
public enum DealKind
{
    /// <summary>Opened it: a market order or a triggered pending order filled.</summary>
    Fill,

    /// <summary>Closed it, whole or in part.</summary>
    Close,
}
