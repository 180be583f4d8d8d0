using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Market.Pricing;

/// <summary>The price pipeline's registration: the book, and any number of quote listeners it tells of every accepted quote.</summary>
/// <remarks>
/// A listener is called on the feed's thread and must never block it: it keeps what it needs (the store writer keeps
/// the latest quote per symbol in a <see cref="CoalescingQuoteSlot"/>) and does its work elsewhere.
/// </remarks>
public static class PriceBookServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="PriceBook"/>, built with every <see cref="IQuoteListener"/> registered, in registration order.</summary>
    public static IServiceCollection AddPriceBook(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new PriceBook(
            sp.GetRequiredService<SymbolRegistry>(), sp.GetRequiredService<TimeProvider>(), sp.GetServices<IQuoteListener>()));
        return services;
    }

    /// <summary>Makes <typeparamref name="TListener"/> a listener of the book: the same singleton the container gives as <typeparamref name="TListener"/>.</summary>
    public static IServiceCollection AddQuoteListener<TListener>(this IServiceCollection services)
        where TListener : class, IQuoteListener
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TListener>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQuoteListener, TListener>(sp => sp.GetRequiredService<TListener>()));
        return services;
    }
}
