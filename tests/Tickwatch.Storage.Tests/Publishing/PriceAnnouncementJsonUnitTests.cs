using System.Text;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Storage.Tests.Publishing;

public sealed class PriceAnnouncementJsonUnitTests
{
    [Fact]
    public void A_written_price_is_compact_json_with_exact_price_strings_and_reads_back_equal()
    {
        var received = DateTimeOffset.FromUnixTimeMilliseconds(1_767_605_400_123).AddTicks(4560);
        var price = new StoredPrice
        {
            Symbol = "BTCUSD",
            Bid = 67842.15m,
            Ask = 67843.50m,
            Feed = "binary",
            ReceivedAt = received,
            SourceTime = DateTimeOffset.FromUnixTimeMilliseconds(1_767_605_400_120),
            SourceSequence = 991,
            BookSequence = 42,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_767_605_400_125),
            Version = new PriceVersion(1_767_605_400_120_000, 991),
        };

        var json = PriceAnnouncementJson.Serialize(price);

        Assert.Equal(
            """{"symbol":"BTCUSD","bid":"67842.15","ask":"67843.50","ts":1767605400125,"source_ts":1767605400120,"source_seq":991,"feed":"binary","received_at":1767605400123456,"book_seq":42,"ver_us":1767605400120000,"ver_seq":991}""",
            Encoding.UTF8.GetString(json));
        Assert.Equal(price, PriceAnnouncementJson.Deserialize(json));
    }

    [Fact]
    public void Optional_fields_are_left_out_not_zero()
    {
        var price = new StoredPrice
        {
            Symbol = "EURUSD",
            Bid = 1.0852m,
            Ask = 1.0854m,
            Feed = "json",
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_767_605_400_000),
            BookSequence = 1,
            Version = new PriceVersion(1_767_605_400_000_000, 1),
        };

        var text = Encoding.UTF8.GetString(PriceAnnouncementJson.Serialize(price));

        Assert.DoesNotContain("source_ts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("source_seq", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ts\"", text, StringComparison.Ordinal);
        Assert.Equal(price, PriceAnnouncementJson.Deserialize(Encoding.UTF8.GetBytes(text)));
    }
}
