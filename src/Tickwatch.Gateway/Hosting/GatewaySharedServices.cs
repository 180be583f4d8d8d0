using Tickwatch.Core.Symbols;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Gateway.Hosting;

/// <summary>
/// The market service's own price store, price announcements and symbols, handed to a gateway in the same process
/// (<c>tickwatch up</c>): the gateway then shows exactly what the market service wrote, through one connection. With
/// them its portfolio store and order announcements, for the stream's <c>portfolio</c> channel.
/// </summary>
/// <param name="Store">The store the market service writes.</param>
/// <param name="Subscriber">Its announcements of written prices.</param>
/// <param name="Symbols">Its symbols and their limits.</param>
/// <param name="Portfolios">Its portfolio store (with <c>portfolio_updates</c>); without it the gateway has an empty one of its own.</param>
/// <param name="Orders">Its order announcements (<c>order_updates</c>); without them the gateway has silent ones of its own.</param>
/// <param name="OrderEvents">Its trading store's order events, for clients that resume; without them every resume is an <c>orders_reset</c>.</param>
public sealed record GatewaySharedServices(
    IPriceStore Store,
    IPriceAnnouncementSubscriber Subscriber,
    SymbolRegistry Symbols,
    IPortfolioStore? Portfolios = null,
    IOrderAnnouncements? Orders = null,
    IOrderEventStream? OrderEvents = null);
