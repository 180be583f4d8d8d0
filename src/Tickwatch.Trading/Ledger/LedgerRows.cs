namespace Tickwatch.Trading.Ledger;

/// <summary>
/// One statement of a batch's write and the rows it is run with: the store runs all of them with few round trips
/// (PostgreSQL: batched; SQLite: one prepared command reused), instead of a new command per row.
/// </summary>
internal sealed class LedgerRows(string sql, params string[] names)
{
    public string Sql { get; } = sql;

    /// <summary>The table when the statement is a plain insert of <see cref="Names"/> as its columns (a server may copy such rows in bulk).</summary>
    public string? Table { get; private init; }

    /// <summary>The statement's parameter names, in the order of each row's values.</summary>
    public IReadOnlyList<string> Names { get; } = names;

    public List<object?[]> Rows { get; } = [];

    /// <summary>A plain insert into <paramref name="table"/> whose parameters are named as its columns.</summary>
    public static LedgerRows Insert(string table, params string[] columns) =>
        new($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})", columns) { Table = table };

    public void Add(params object?[] values)
    {
        if (values.Length != Names.Count)
        {
            throw new ArgumentException($"A row of '{Sql}' has {values.Length} values for {Names.Count} parameters.", nameof(values));
        }

        Rows.Add(values);
    }
}
