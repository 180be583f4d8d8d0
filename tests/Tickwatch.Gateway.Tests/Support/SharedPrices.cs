using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Testing.Hosts;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>An in-memory store and its announcements, portfolios and order announcements, as the market service holds them under <c>tickwatch up</c>, handed to a gateway.</summary>
internal sealed class SharedPrices
{
    public SharedPrices(TimeProvider? time = null, Action<PricesOptions>? prices = null)
    {
        var options = new PricesOptions();
        prices?.Invoke(options);
        Store = new InMemoryPriceStore(time ?? TimeProvider.System);
        Hub = new InMemoryPriceAnnouncements();
        Symbols = SymbolCatalog.Create(options);
        Writer = new MarketPriceWriter(Store, Hub);
    }

    public InMemoryPriceStore Store { get; }

    public InMemoryPriceAnnouncements Hub { get; }

    public SymbolRegistry Symbols { get; }

    public MarketPriceWriter Writer { get; }

    public InMemoryPortfolioStore Portfolios { get; } = new();

    public InMemoryOrderAnnouncements Orders { get; } = new();

    public GatewaySharedServices Services => new(Store, Hub, Symbols, Portfolios, Orders);

    /// <summary>The first <paramref name="count"/> standard symbols, in order.</summary>
    public static string[] FirstSymbols(int count) => [.. StandardInstruments.All.Take(count).Select(i => i.Symbol)];
}
