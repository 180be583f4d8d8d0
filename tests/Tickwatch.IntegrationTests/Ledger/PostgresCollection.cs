namespace Tickwatch.IntegrationTests.Ledger;

/// <summary>The tests that share the dedicated test PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
