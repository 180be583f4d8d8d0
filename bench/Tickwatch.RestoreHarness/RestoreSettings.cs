using System.Globalization;

namespace Tickwatch.RestoreHarness;

/// <summary>The harness's command line.</summary>
internal sealed record RestoreSettings(int Accounts, int Positions, int Pending, string? PostgreSql, string? RedisSeeds, string Folder, int Parallelism, bool InMemory)
{
    public const string Usage = """
        Restore harness: fill a ledger, then time its restore into the trading store.
          --accounts N        accounts in the ledger (10000)
          --positions N       open positions, spread evenly over the accounts (50000)
          --pending N         pending orders, spread evenly too (0)
          --postgresql CS     fill and read a PostgreSQL ledger (e.g. "$(scripts/postgres.sh url)"); SQLite otherwise
          --redis SEEDS       restore into this Redis Cluster too (host:port,...); it must not hold these accounts (use a cluster of its own)
          --no-memory         skip the restore into the in-memory store
          --parallelism N     accounts restored at a time (Ledger:RestoreParallelism, 16)
          --folder DIR        where the SQLite file goes (a new temporary folder)
        """;

    public static RestoreSettings Parse(string[] args)
    {
        var settings = new RestoreSettings(10_000, 50_000, 0, null, null, Path.Combine(Path.GetTempPath(), "tickwatch-restore-" + Guid.NewGuid().ToString("N")), 16, true);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--accounts" => settings with { Accounts = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--positions" => settings with { Positions = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--pending" => settings with { Pending = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--postgresql" => settings with { PostgreSql = Next() },
                "--redis" => settings with { RedisSeeds = Next() },
                "--no-memory" => settings with { InMemory = false },
                "--parallelism" => settings with { Parallelism = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--folder" => settings with { Folder = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        return settings.Accounts > 0 ? settings : throw new ArgumentException("--accounts must be above 0.");
    }
}
