using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Seed;

public sealed class TradingSeedUnitTests
{
    [Fact]
    public void The_embedded_seed_lists_every_standard_instrument_in_each_group_and_only_demo_accounts()
    {
        var seed = TradingSeed.Embedded();

        foreach (var group in seed.Terms.GroupBy(t => t.Group))
        {
            Assert.Equal(StandardInstruments.All.Select(i => i.Symbol).Order(StringComparer.Ordinal), group.Select(t => t.Symbol).Order(StringComparer.Ordinal));
        }

        Assert.NotEmpty(seed.Accounts);
        Assert.All(seed.Accounts, a => Assert.Equal(UserType.Demo, a.Id.Type));
        Assert.All(seed.Accounts, a => Assert.Contains(seed.Terms, t => t.Group == a.Group));
    }

    [Theory]
    [InlineData("EURUSD", 1.08500, 1.08520)]
    [InlineData("USDJPY", 151.400, 151.420)]
    [InlineData("XAUUSD", 2341.10, 2341.40)]
    [InlineData("GER40", 18102.0, 18103.2)]
    [InlineData("BTCUSD", 67842.15, 67854.65)]
    public async Task A_seeded_demo_account_trades_at_once(string symbol, double bid, double ask)
    {
        var desk = new TradingDesk();
        var seeded = new InMemoryTradingStore();
        var (terms, accounts) = await TradingSeeder.ApplyAsync(TradingSeed.Embedded(), seeded, default);
        var engine = new TradingEngine(seeded, desk.Book, Options.Create(new TradingOptions()), desk.Time, NullLogger<TradingEngine>.Instance);
        desk.Price("EURUSD", 1.08500m, 1.08520m);
        desk.Price(symbol, (decimal)bid, (decimal)ask);

        var outcome = await engine.PlaceAsync(new PlaceOrder { Account = AccountId.Parse("demo:1"), Symbol = symbol, Type = OrderType.Buy, Volume = 0.01m, IdempotencyKey = "seed" }, default);

        Assert.True(outcome.Accepted, outcome.Detail);
        Assert.True(terms >= 58 && accounts >= 1);
    }

    [Fact]
    public async Task Seeding_again_leaves_an_existing_account_as_it_is()
    {
        var store = new InMemoryTradingStore();
        await TradingSeeder.ApplyAsync(TradingSeed.Embedded(), store, default);
        var demo = AccountId.Parse("demo:1");
        await store.PutAccountAsync((await store.ReadAccountAsync(demo, default))!.Account with { WalletBalance = 123m }, default);

        var (_, created) = await TradingSeeder.ApplyAsync(TradingSeed.Embedded(), store, default);

        Assert.Equal(0, created);
        Assert.Equal(123m, (await store.ReadAccountAsync(demo, default))!.Account.WalletBalance);
    }

    [Fact]
    public async Task The_provider_routed_development_account_is_put_only_when_development_accounts_are_asked_for()
    {
        var seed = TradingSeed.Embedded();
        var provider = Assert.Single(seed.DevelopmentAccounts);
        Assert.Equal((UserType.Live, ExecutionRoute.Provider, ExecutionRoute.Provider), (provider.Id.Type, provider.Route, provider.EffectiveRoute));

        var production = new InMemoryTradingStore();
        await TradingSeeder.ApplyAsync(seed, production, default);
        var development = new InMemoryTradingStore();
        var (_, created) = await TradingSeeder.ApplyAsync(seed, development, default, development: true);

        Assert.Null(await production.ReadAccountAsync(provider.Id, default));
        Assert.Equal(ExecutionRoute.Provider, (await development.ReadAccountAsync(provider.Id, default))!.Account.Route);
        Assert.Equal(seed.Accounts.Count + 1, created);
    }

    [Fact]
    public void Every_problem_of_a_bad_seed_is_reported_at_once_with_its_place()
    {
        const string Json = """
            {
              "groups": [ { "name": "G", "symbols": [
                { "symbol": "EURUSD", "spread": "x", "spread_pip": "0.0001", "contract_size": 0, "profit": "USD", "type": "forex" },
                { "symbol": "EURUSD", "spread": 1, "spread_pip": "0.0001", "contract_size": 100000, "profit": "USD", "type": "shares" } ] } ],
              "accounts": [ { "id": "live:5", "wallet_balance": 1, "leverage": 100, "group": "Nope" } ]
            }
            """;

        var error = Assert.Throws<FormatException>(() => TradingSeed.Parse(Json, "seed.json"));

        Assert.Contains("seed.json has 6 problem(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("groups[0].symbols[0].spread: '\"x\"' is not a decimal number.", error.Message.Replace("'x'", "'\"x\"'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("groups[0].symbols[0].contract_size: 0 must be above 0.", error.Message, StringComparison.Ordinal);
        Assert.Contains("groups[0].symbols[1].type: 'shares'", error.Message, StringComparison.Ordinal);
        Assert.Contains("accounts[0].id: a seed creates demo accounts only", error.Message, StringComparison.Ordinal);
        Assert.Contains("accounts[0].group: 'Nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("EURUSD is listed 2 times in group G", error.Message, StringComparison.Ordinal);
    }
}
