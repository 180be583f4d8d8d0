using System.Collections.Concurrent;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Trading.Tests.Portfolio;

/// <summary>Records the accounts whose portfolios the calculator announced, in the order it announced them.</summary>
internal sealed class RecordingPortfolioObserver : IPortfolioObserver
{
    private readonly ConcurrentQueue<AccountId> _accounts = new();

    public IReadOnlyList<AccountId> Accounts => [.. _accounts];

    public void OnPortfolio(AccountPortfolio portfolio, TradingAccount account, DateTimeOffset? quoteReceivedAt) => _accounts.Enqueue(portfolio.Account);
}
