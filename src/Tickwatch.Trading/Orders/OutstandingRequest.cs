using System.Globalization;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>
/// A close, cancel or modify of a provider-routed order sent to the liquidity provider and not answered yet. It is kept
/// on the order in the store (one field, <see cref="Write"/>), so a restart or a reconnect sends it again with the same
/// <c>cl_ord_id</c> instead of forgetting it.
/// </summary>
/// <param name="Action"><c>close</c>, <c>cancel</c> or <c>modify</c>.</param>
/// <param name="Number">The n-th request of this action on the order: part of its <c>cl_ord_id</c>, so each is unique and stable across re-sends.</param>
/// <param name="Volume">Lots to close (a close).</param>
/// <param name="Price">The new resting price (a modify).</param>
/// <param name="FinalStatus">What a whole close ends as: CLOSED, STOPLOSS or TAKEPROFIT.</param>
/// <param name="Reason">The close reason the order ends with when the provider's fill closes it whole (e.g. <c>stop_out</c>); no <c>|</c>.</param>
public sealed record OutstandingRequest(string Action, int Number, decimal? Volume = null, decimal? Price = null, OrderStatus? FinalStatus = null, string? Reason = null)
{
    public const string Close = "close";
    public const string Cancel = "cancel";
    public const string Modify = "modify";
    public const string New = "new";

    /// <summary>The <c>cl_ord_id</c> of this request of <paramref name="orderId"/>: order id, action and number.</summary>
    public string ClientOrderId(string orderId) => ClientOrderIdOf(orderId, Action, Number);

    /// <summary>The <c>cl_ord_id</c> of the n-th <paramref name="action"/> of an order (the new order's is <c>{id}-new-1</c>).</summary>
    public static string ClientOrderIdOf(string orderId, string action, int number) => string.Create(CultureInfo.InvariantCulture, $"{orderId}-{action}-{number}");

    /// <summary>The stored text: <c>action|n|volume|price|final</c>, then <c>|reason</c> when there is one; empty for what does not apply.</summary>
    public string Write()
    {
        var text = string.Join(
            '|',
            Action,
            Number.ToString(CultureInfo.InvariantCulture),
            Volume?.ToString(CultureInfo.InvariantCulture),
            Price?.ToString(CultureInfo.InvariantCulture),
            FinalStatus is { } final ? TradingWire.Of(final) : null);

        // Five parts without a reason, as before the reason existed, so older stored requests and newer ones read alike.
        return Reason is null ? text : text + "|" + Reason;
    }

    /// <summary>Reads what <see cref="Write"/> wrote (five parts, or six with a reason).</summary>
    /// <exception cref="FormatException">Not what <see cref="Write"/> writes; the message says which part.</exception>
    public static OutstandingRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('|');
        if (parts.Length is not (5 or 6) || parts[0] is not (Close or Cancel or Modify))
        {
            throw new FormatException($"provider_request: '{text}' is not action|n|volume|price|final[|reason].");
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new FormatException($"provider_request: '{parts[1]}' is not a request number.");
        }

        return new OutstandingRequest(
            parts[0],
            number,
            DecimalOf(parts[2]),
            DecimalOf(parts[3]),
            parts[4].Length == 0 ? null : TradingWire.TryParseOrderStatus(parts[4], out var status) ? status : throw new FormatException($"provider_request: '{parts[4]}' is not a status."),
            parts.Length == 6 && parts[5].Length > 0 ? parts[5] : null);
    }

    private static decimal? DecimalOf(string text) =>
        text.Length == 0 ? null
        : decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"provider_request: '{text}' is not a decimal.");
}
