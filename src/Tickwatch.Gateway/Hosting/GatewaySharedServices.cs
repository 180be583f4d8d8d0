using Tickwatch.Core.Symbols;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Gateway.Hosting;

/// <summary>
/// The market service's own price store, price announcements and symbols, handed to a gateway in the same process
/// (<c>tickwatch up</c>): the gateway then shows exactly what the market service wrote, through one connection.
/// </summary>
/// <param name="Store">The store the market service writes.</param>
/// <param name="Subscriber">Its announcements of written prices.</param>
/// <param name="Symbols">Its symbols and their limits.</param>
public sealed record GatewaySharedServices(IPriceStore Store, IPriceAnnouncementSubscriber Subscriber, SymbolRegistry Symbols);
