using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tickwatch.Market.Hosting;

namespace Tickwatch.Market.Tests.Ledger;

/// <summary>The <c>Ledger</c> section is validated when the market service is built, every error at once, the connection string never shown.</summary>
public sealed class LedgerConfigurationUnitTests
{
    [Fact]
    public void A_postgresql_ledger_without_a_connection_string_and_a_bad_batch_size_are_reported_at_once()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(new Dictionary<string, string?>
        {
            ["Ledger:Provider"] = "postgresql",
            ["Ledger:BatchSize"] = "0",
        }));

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Ledger:ConnectionString: required when Ledger:Provider is postgresql", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Ledger: ", StringComparison.Ordinal) && f.Contains("BatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_provider_is_named_and_a_bad_connection_string_is_refused_without_its_value()
    {
        var unknown = Assert.Throws<OptionsValidationException>(() => Build(new Dictionary<string, string?> { ["Ledger:Provider"] = "mysql" }));
        var bad = Assert.Throws<OptionsValidationException>(() => Build(new Dictionary<string, string?>
        {
            ["Ledger:Provider"] = "postgresql",
            ["Ledger:ConnectionString"] = "Host=db;Password=hunter2;Nonsense Key=1",
        }));

        Assert.Equal("Ledger:Provider: 'mysql' is not sqlite or postgresql.", Assert.Single(unknown.Failures));
        var message = Assert.Single(bad.Failures);
        Assert.StartsWith("Ledger:ConnectionString: not a PostgreSQL connection string", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_ledger_is_not_validated()
    {
        using var app = Build(new Dictionary<string, string?> { ["Ledger:Enabled"] = "false", ["Ledger:Provider"] = "mysql" });

        Assert.NotNull(app);
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Build(Dictionary<string, string?> settings) =>
        MarketServiceHost.Build([], b => b.Configuration.AddInMemoryCollection(settings));
}
