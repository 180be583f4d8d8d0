using System.Globalization;
using System.Reflection;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// The ledger's versioned migrations: embedded SQL per dialect (<c>Migrations/PostgreSql/001_ledger.sql</c>, ...), each
/// numbered by its file name's prefix and applied once, in order, recorded in <c>schema_version</c>.
/// </summary>
internal sealed class LedgerSchema
{
    private const string Prefix = "Tickwatch.Trading.Ledger.Migrations.";

    private LedgerSchema(string dialect, IReadOnlyList<(int Version, string Name, string Sql)> migrations)
    {
        Dialect = dialect;
        Migrations = migrations;
    }

    public static LedgerSchema PostgreSql { get; } = Load("PostgreSql");

    public static LedgerSchema Sqlite { get; } = Load("Sqlite");

    public string Dialect { get; }

    public IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; }

    /// <summary>This code's schema version: the last migration's.</summary>
    public int Version => Migrations[^1].Version;

    private static LedgerSchema Load(string dialect)
    {
        var assembly = typeof(LedgerSchema).Assembly;
        var folder = Prefix + dialect + "/";
        var migrations = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder, StringComparison.Ordinal)))
        {
            var name = resource[folder.Length..];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"The ledger migration {resource} is not named NNN_description.sql.");
            }

            migrations.Add((version, Path.GetFileNameWithoutExtension(name), Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        for (var i = 0; i < migrations.Count; i++)
        {
            // Numbered 1, 2, 3...: a gap or a repeat is a mistake in the code, caught by any test that opens a ledger.
            if (migrations[i].Item1 != i + 1)
            {
                throw new InvalidOperationException($"The ledger's {dialect} migrations are not numbered 1, 2, 3...: {migrations[i].Item2} is number {i + 1}.");
            }
        }

        if (migrations.Count == 0)
        {
            throw new InvalidOperationException($"No ledger migrations for {dialect} are embedded.");
        }

        return new LedgerSchema(dialect, migrations);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
