namespace Tickwatch.Storage.Prices;

/// <summary>What <see cref="IOldPriceKeys.ReadManyAsync"/> found: the old-form prices, and the symbols whose old hash could not be read as one.</summary>
public sealed record OldPriceRead(IReadOnlyList<StoredPrice> Prices, IReadOnlyList<string> Unreadable);
