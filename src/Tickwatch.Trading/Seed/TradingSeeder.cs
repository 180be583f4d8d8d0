using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Seed;

/// <summary>Puts a seed's groups and demo accounts into the store; an account that exists already is left as it is (its balance is the ledger's).</summary>
public static class TradingSeeder
{
    /// <param name="seed">The seed.</param>
    /// <param name="store">Where to put it.</param>
    /// <param name="cancellationToken">Stops it.</param>
    /// <param name="development">Put its <see cref="TradingSeed.DevelopmentAccounts"/> too.</param>
    /// <returns>How many terms were written and how many accounts were created.</returns>
    public static async Task<(int Terms, int Accounts)> ApplyAsync(TradingSeed seed, ITradingStore store, CancellationToken cancellationToken, bool development = false)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(store);
        foreach (var terms in seed.Terms)
        {
            await store.PutTermsAsync(terms, cancellationToken).ConfigureAwait(false);
        }

        var created = 0;
        foreach (var account in development ? seed.Accounts.Concat(seed.DevelopmentAccounts) : seed.Accounts)
        {
            if (await store.ReadAccountAsync(account.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                await store.PutAccountAsync(account, cancellationToken).ConfigureAwait(false);
                created++;
            }
        }

        return (seed.Terms.Count, created);
    }
}
