using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Storage;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Portfolio.Redis;

/// <summary>The portfolio store on the Redis Cluster, in the reference's keys and channels.</summary>
/// <remarks>
/// A portfolio is written and announced by one script on the user's slot (<see cref="Write"/>): HSET of the fields it
/// has, HDEL of those it lacks, then PUBLISH of <c>type:id</c> on <c>portfolio_updates</c>, so a reader never sees a
/// mix of two valuations and nothing is announced that was not written. <c>symbol_holders:EURUSD:live</c> has no hash
/// tag, so each symbol's set is its own command.
/// </remarks>
public sealed class RedisPortfolioStore : IPortfolioStore
{
    /// <summary>KEYS: the portfolio hash. ARGV: channel, payload, number of fields to set, the fields and values, then the fields to delete.</summary>
    internal static readonly RedisScript Write = new("portfolio write", """
        local n = tonumber(ARGV[3])
        local set = {}
        for i = 1, n * 2 do
          set[i] = ARGV[3 + i]
        end
        redis.call('HSET', KEYS[1], unpack(set))
        if #ARGV > 3 + n * 2 then
          local delete = {}
          for i = 4 + n * 2, #ARGV do
            delete[#delete + 1] = ARGV[i]
          end
          redis.call('HDEL', KEYS[1], unpack(delete))
        end
        redis.call('PUBLISH', ARGV[1], ARGV[2])
        return 1
        """);

    private static readonly UserType[] UserTypes = Enum.GetValues<UserType>();

    private readonly RedisConnection _connection;
    private long _failures;
    private long _malformed;
    private long _scriptReloads;

    public RedisPortfolioStore(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        connection.Register(Write);
    }

    public long Failures => Interlocked.Read(ref _failures);

    public long MalformedRecalcRequests => Interlocked.Read(ref _malformed);

    /// <summary>Writes sent again as text because their node did not know the script (NOSCRIPT).</summary>
    public long ScriptReloads => Interlocked.Read(ref _scriptReloads);

    public Task WriteAsync(AccountPortfolio portfolio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var key = RedisKeys.UserPortfolio(portfolio.Account);
        return Guard("writing " + key, async () =>
        {
            var (set, delete) = PortfolioHashFields.Of(portfolio);
            var arguments = new RedisValue[3 + (set.Count * 2) + delete.Count];
            arguments[0] = RedisKeys.PortfolioUpdatesChannel;
            arguments[1] = portfolio.Account.ToString();
            arguments[2] = set.Count;
            var i = 3;
            foreach (var (name, value) in set)
            {
                arguments[i++] = name;
                arguments[i++] = value;
            }

            foreach (var name in delete)
            {
                arguments[i++] = name;
            }

            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var (_, reloaded) = await Write.EvaluateAsync(database, [key], arguments).ConfigureAwait(false);
            if (reloaded)
            {
                Interlocked.Increment(ref _scriptReloads);
            }

            return true;
        });
    }

    public Task<AccountPortfolio?> ReadAsync(AccountId account, CancellationToken cancellationToken)
    {
        var key = RedisKeys.UserPortfolio(account);
        return Guard("reading " + key, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var hash = await database.HashGetAllAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (hash.Length == 0)
            {
                return null;
            }

            try
            {
                return (AccountPortfolio?)PortfolioHashFields.PortfolioOf(account, hash.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{key} {ex.Message}", ex);
            }
        });
    }

    public Task AddHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        ChangeHoldersAsync("adding", account, symbols, (database, key, member) => database.SetAddAsync(key, member), cancellationToken);

    public Task RemoveHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        ChangeHoldersAsync("removing", account, symbols, (database, key, member) => database.SetRemoveAsync(key, member), cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlySet<AccountId>>> ReadHoldersAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        return Guard("reading symbol holders", async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var reads = symbols.SelectMany(s => UserTypes.Select(t => (Symbol: s, Key: RedisKeys.SymbolHolders(s, t)))).ToArray();
            var members = await Task.WhenAll(reads.Select(r => database.SetMembersAsync(r.Key))).WaitAsync(cancellationToken).ConfigureAwait(false);
            var holders = new Dictionary<string, IReadOnlySet<AccountId>>(StringComparer.Ordinal);
            for (var i = 0; i < reads.Length; i++)
            {
                foreach (var member in members[i])
                {
                    if (!AccountId.TryParse(member, out var id))
                    {
                        throw new FormatException($"{reads[i].Key}: '{member}' is not an account id.");
                    }

                    if (!holders.TryGetValue(reads[i].Symbol, out var set))
                    {
                        holders[reads[i].Symbol] = set = new HashSet<AccountId>();
                    }

                    ((HashSet<AccountId>)set).Add(id);
                }
            }

            return (IReadOnlyDictionary<string, IReadOnlySet<AccountId>>)holders;
        });
    }

    public Task<IAsyncDisposable> SubscribeUpdatesAsync(Action<AccountId> onUpdated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onUpdated);
        return SubscribeAsync(RedisKeys.PortfolioUpdatesChannel, message =>
        {
            if (AccountId.TryParse(message, out var id))
            {
                onUpdated(id);
            }
            else
            {
                Interlocked.Increment(ref _malformed);
            }
        }, cancellationToken);
    }

    public Task RequestRecalcAsync(IReadOnlyCollection<AccountId> accounts, CancellationToken cancellationToken)
    {
        var message = PortfolioRecalcRequest.Write(accounts);
        return Guard("publishing " + RedisKeys.PortfolioForceRecalcChannel, async () =>
        {
            var subscriber = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetSubscriber();
            await subscriber.PublishAsync(RedisChannel.Literal(RedisKeys.PortfolioForceRecalcChannel), message).ConfigureAwait(false);
            return true;
        });
    }

    public Task<IAsyncDisposable> SubscribeRecalcAsync(Action<IReadOnlyList<AccountId>> onRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onRequest);
        return SubscribeAsync(RedisKeys.PortfolioForceRecalcChannel, message =>
        {
            if (!PortfolioRecalcRequest.TryRead(message, out var accounts, out var skipped) || skipped > 0)
            {
                Interlocked.Increment(ref _malformed);
            }

            if (accounts.Count > 0)
            {
                onRequest(accounts);
            }
        }, cancellationToken);
    }

    private Task<IAsyncDisposable> SubscribeAsync(string channel, Action<string?> onMessage, CancellationToken cancellationToken) =>
        Guard("subscribing to " + channel, async () =>
        {
            // The multiplexer's subscriber re-subscribes after a reconnect or failover on its own.
            var subscriber = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetSubscriber();
            var literal = RedisChannel.Literal(channel);
            Action<RedisChannel, RedisValue> handler = (_, message) => onMessage(message);
            await subscriber.SubscribeAsync(literal, handler).ConfigureAwait(false);
            return (IAsyncDisposable)new RedisSubscription(subscriber, literal, handler);
        });

    private Task<bool> ChangeHoldersAsync(
        string what, AccountId account, IReadOnlyCollection<string> symbols, Func<IDatabaseAsync, RedisKey, RedisValue, Task> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        return Guard($"{what} {account} as a holder of {string.Join(',', symbols)}", async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var member = account.ToString();
            await Task.WhenAll(symbols.Select(s => change(database, RedisKeys.SymbolHolders(s, account.Type), member))).WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
    }

    /// <summary>A failure of the store, or data it cannot read, comes back as one <see cref="TradingStoreException"/> naming what was done.</summary>
    private async Task<T> Guard<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or FormatException)
        {
            Interlocked.Increment(ref _failures);
            throw new TradingStoreException($"Redis portfolio store, {what}: {ex.Message}", ex);
        }
    }
}
