using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The provider's answer to a request, or news of a resting order (filled when the market crossed its price).</summary>
public sealed record ExecutionReport : ProviderMessage
{
    /// <summary>Unique per report (<c>report_id</c>); a repeated report keeps its id, so the receiver applies each id once.</summary>
    public required string ReportId { get; init; }

    /// <summary><c>ord_status</c>.</summary>
    public required ProviderOrderStatus Status { get; init; }

    /// <summary>The side of the trade the report is about.</summary>
    public required TradeSide Side { get; init; }

    /// <summary><c>cumqty</c>: lots filled (for EXECUTED), otherwise the lots the order stands for.</summary>
    public required decimal CumulativeQuantity { get; init; }

    /// <summary><c>avgpx</c>: the fill price, present for EXECUTED.</summary>
    public decimal? AveragePrice { get; init; }

    /// <summary>The resting order's trigger price, for PENDING and MODIFY.</summary>
    public decimal? Price { get; init; }

    /// <summary>Why a request was refused, for REJECTED (e.g. <c>NO_PRICE</c>, <c>UNKNOWN_ORDER</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>When the provider decided, on its clock (<c>ts</c>, Unix milliseconds on the wire).</summary>
    public required DateTimeOffset TransactTime { get; init; }
}
