namespace Tickwatch.EndToEndTests.Verdicts;

/// <summary>
/// The system of <see cref="StaleViewVerdictTests"/>: a view half a second old is stale (so the case waits half a
/// second, not the default's one), and a frozen EURUSD stays tradable for nine.
/// </summary>
public sealed class StaleViewVerdictSystem : IAsyncLifetime
{
    /// <summary>Forensics:StaleView of this system.</summary>
    public static readonly TimeSpan StaleView = TimeSpan.FromMilliseconds(500);

    public VerdictHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Harness = await VerdictHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Forensics:StaleView"] = "00:00:00.500",
            ["Trading:MaxExecutionQuoteAgeBySymbol:EURUSD"] = "00:00:09",
        });

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
