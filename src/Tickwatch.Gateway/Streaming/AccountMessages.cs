using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// The messages of the <c>portfolio</c> channel: <c>{"type":"portfolio","portfolio":{…}}</c> with the stored portfolio, and
/// <c>{"type":"order","order":{…}}</c> with one order change as announced; each with the names of the account route.
/// </summary>
internal static class AccountMessages
{
    public static PortfolioMessage Portfolio(AccountPortfolio portfolio) =>
        new(portfolio.ComputedAt, StreamReplies.Json(w =>
        {
            w.WriteString("type", "portfolio");
            w.WritePropertyName("portfolio");
            PortfolioJson.Write(w, portfolio);
        }));

    public static byte[] Order(OrderAnnouncement announcement) =>
        StreamReplies.Json(w =>
        {
            w.WriteString("type", "order");
            w.WritePropertyName("order");
            OrderAnnouncementJson.Write(w, announcement);
        });
}
