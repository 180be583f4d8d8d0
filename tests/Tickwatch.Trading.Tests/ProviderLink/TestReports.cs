using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Trading.Tests.ProviderLink;

/// <summary>Execution reports as the gateway would send them for an order (the new order's cl_ord_id unless told).</summary>
internal static class TestReports
{
    public static ExecutionReport Of(
        Order order, ProviderOrderStatus status, string reportId, DateTimeOffset at, decimal? avgpx = null, decimal? price = null, string? reason = null, string? clientOrderId = null)
    {
        return new ExecutionReport
        {
            ReportId = reportId,
            ClientOrderId = clientOrderId ?? order.Id + "-new-1",
            OrderId = order.Id,
            Account = order.Account,
            Symbol = order.Symbol,
            Status = status,
            Side = order.Side,
            CumulativeQuantity = status == ProviderOrderStatus.Executed ? order.Volume : 0m,
            AveragePrice = avgpx,
            Price = price,
            Reason = reason,
            TransactTime = at,
        };
    }
}
