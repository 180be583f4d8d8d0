namespace Tickwatch.Simulators.ExecGateway;

/// <summary>Where the execution gateway reads the price it fills at, and hears that a symbol's price moved (to fire resting orders).</summary>
public interface IExecutionPriceSource
{
    /// <summary>Raised with the symbol after its price changed; handlers must not block.</summary>
    event Action<string>? PriceChanged;

    /// <summary>The symbol's last bid and ask, when both are known.</summary>
    bool TryGetQuote(string symbol, out decimal bid, out decimal ask);
}
