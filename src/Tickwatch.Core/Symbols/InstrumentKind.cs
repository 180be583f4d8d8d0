namespace Tickwatch.Core.Symbols;

/// <summary>The broker's instrument classes; limits such as the jump threshold default per class.</summary>
public enum InstrumentKind
{
    Forex,
    Metal,
    Index,
    Energy,
    Crypto,
}
