namespace Tickwatch.Trading.Ledger;

/// <summary>What a migration did: the schema version found and the version left.</summary>
/// <param name="Before">The database's version before (0 for an empty database).</param>
/// <param name="After">Its version now, this code's version.</param>
public readonly record struct LedgerSchemaMigration(int Before, int After)
{
    public bool Changed => Before != After;
}
