using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Trading.Orders;

/// <summary>The <c>OrderEvents</c> section: how many order events the store keeps per account for clients that resume.</summary>
public sealed class OrderEventsOptions
{
    public const string SectionName = "OrderEvents";

    public const int DefaultRetain = 1000;

    /// <summary>
    /// Events kept per account (Redis trims with MAXLEN ~, so at least this many, a little more); a client that missed more
    /// than this is told <c>orders_reset</c> and reloads its orders.
    /// </summary>
    [Range(10, 1_000_000)]
    public int Retain { get; set; } = DefaultRetain;
}
