namespace Tickwatch.SoakHarness;

/// <summary>Prices checked for regression: book readings, store readings and prices received by the clients.</summary>
internal sealed record PricesChecked(long Book, long Redis, long Clients);
