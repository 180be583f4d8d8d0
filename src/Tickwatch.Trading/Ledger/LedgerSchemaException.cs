namespace Tickwatch.Trading.Ledger;

/// <summary>The ledger database cannot be used by this code: its schema is newer than the code knows.</summary>
public sealed class LedgerSchemaException : Exception
{
    public LedgerSchemaException()
    {
    }

    public LedgerSchemaException(string message)
        : base(message)
    {
    }

    public LedgerSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LedgerSchemaException(int databaseVersion, int codeVersion)
        : base($"The ledger database is at schema version {databaseVersion}, newer than this Tickwatch's version {codeVersion}: run a Tickwatch at least as new as the database, or restore a backup made for version {codeVersion}.")
    {
        DatabaseVersion = databaseVersion;
        CodeVersion = codeVersion;
    }

    public int DatabaseVersion { get; }

    public int CodeVersion { get; }
}
