using System.Text.Json;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.Trading.Tests.Store.Redis;

/// <summary>The Redis hashes of accounts, orders and terms: exact text both ways, the reference's own hashes read, bad fields named.</summary>
public sealed class TradingHashFieldsUnitTests
{
    private static readonly AccountId Live42 = new(UserType.Live, 42);

    [Fact]
    public void An_order_with_both_quote_lineages_goes_to_text_and_back_unchanged()
    {
        var order = TradingStoreContract.OrderOf(Live42, "0123456789abcdef0123456789abcdef", OrderStatus.Closed) with
        {
            ClosePrice = 1.08595m,
            ClosedAt = new DateTimeOffset(2026, 12, 2, 14, 5, 0, TimeSpan.FromHours(2)),
            CloseReason = "stop_out",
            CloseQuote = new QuoteLineage(1.086m, 1.0862m, 1200, "binary", null, new DateTimeOffset(2026, 12, 2, 12, 5, 0, TimeSpan.Zero), 3),
        };

        var hash = Dictionary(TradingHashFields.Of(order));

        Assert.Equal(order, TradingHashFields.OrderOf(Live42, hash));
        Assert.Equal(("1.07000", "CLOSED", "BUY", "1.0862"), (hash["stop_loss"], hash["status"], hash["side"], hash["close_quote_ask"]));
        Assert.False(hash.ContainsKey("close_quote_source_time"));
    }

    [Fact]
    public void A_config_the_reference_wrote_without_currency_or_revision_reads_with_the_defaults()
    {
        var hash = new Dictionary<string, string>
        {
            ["wallet_balance"] = "2500.50",
            ["leverage"] = "100",
            ["group"] = "Standard",
            ["sending_orders"] = "provider",
            ["status"] = "close_only",
        };

        var account = TradingHashFields.AccountOf(Live42, hash, out var revision);

        Assert.Equal((0L, 2500.50m, ExecutionRoute.Provider, AccountStatus.CloseOnly, "USD", 50m), (revision, account.WalletBalance, account.Route, account.Status, account.Currency, account.AutoCutoffLevel));
    }

    [Fact]
    public void A_time_in_unix_microseconds_is_read_too()
    {
        var hash = Dictionary(TradingHashFields.Of(TradingStoreContract.OrderOf(Live42, "o1")));
        hash["created_at"] = "1796212800123456";

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1796212800123).AddTicks(4560), TradingHashFields.OrderOf(Live42, hash).CreatedAt);
    }

    [Theory]
    [InlineData("wallet_balance", "12,5")]
    [InlineData("wallet_balance", "NaN")]
    [InlineData("status", "frozen")]
    public void A_field_that_is_not_what_it_should_be_is_named(string field, string text)
    {
        var hash = Dictionary(TradingHashFields.Of(TradingStoreContract.AccountOf(Live42)));
        hash[field] = text;

        var error = Assert.Throws<FormatException>(() => TradingHashFields.AccountOf(Live42, hash, out _));
        Assert.StartsWith(field + ": '" + text + "'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outbox_entry_carries_the_revision_time_kind_order_and_the_payload_as_json()
    {
        var at = new DateTimeOffset(2026, 12, 2, 12, 0, 0, 123, TimeSpan.Zero).AddMicroseconds(456);
        using var entry = JsonDocument.Parse(OutboxEntry.Write(7, new TradingEvent("order_filled", "o1", "{\"volume\":1.25}", at)));

        Assert.Equal(7, entry.RootElement.GetProperty("revision").GetInt64());
        Assert.Equal(at, entry.RootElement.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("1.25", entry.RootElement.GetProperty("payload").GetProperty("volume").GetRawText());
        Assert.Throws<ArgumentException>(() => OutboxEntry.Write(7, new TradingEvent("order_filled", "o1", "not json", at)));
    }

    private static Dictionary<string, string> Dictionary(List<KeyValuePair<string, string>> fields) => new(fields, StringComparer.Ordinal);
}
