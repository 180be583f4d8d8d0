using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Tests.OrderAnnouncements;

public sealed class InMemoryOrderAnnouncementsContractUnitTests : OrderAnnouncementsContract
{
    protected override IOrderAnnouncements Announcements { get; } = new InMemoryOrderAnnouncements();
}
