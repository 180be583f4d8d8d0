namespace Tickwatch.Trading.Orders;

/// <summary>
/// What the client said it saw when it placed the order: the execution price and the book sequence of its quote, and
/// how far from that price it accepts a fill. Kept with the order, so a "that is not the price I saw" complaint is
/// answered from what the client itself sent.
/// </summary>
/// <param name="SeenPrice">The execution price the client saw.</param>
/// <param name="SeenSequence">The book sequence of the quote the client saw.</param>
/// <param name="MaxDeviation">The largest distance from <paramref name="SeenPrice"/> the client accepted.</param>
public sealed record ClientQuote(decimal? SeenPrice, long? SeenSequence, decimal? MaxDeviation)
{
    /// <summary>The client's quote in <paramref name="request"/>, or null when it sent none.</summary>
    public static ClientQuote? Of(PlaceOrder request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.SeenPrice is null && request.SeenSequence is null && request.MaxDeviation is null
            ? null
            : new ClientQuote(request.SeenPrice, request.SeenSequence, request.MaxDeviation);
    }
}
