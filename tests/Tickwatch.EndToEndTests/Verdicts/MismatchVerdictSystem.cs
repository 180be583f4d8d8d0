namespace Tickwatch.EndToEndTests.Verdicts;

/// <summary>
/// The system <see cref="MismatchVerdictTests"/> share: a frozen EURUSD stays tradable for nine seconds and a frozen
/// GBPUSD for 300 ms; the tests' own pace (seconds between reading a price and ordering on a busy machine) is no stale
/// view; a client that stops reading is held back by small socket buffers and not dropped for a minute.
/// </summary>
public sealed class MismatchVerdictSystem : IAsyncLifetime
{
    /// <summary>Forensics:SlowClientNewerPrices of this system.</summary>
    public const int SlowClientNewerPrices = 5;

    /// <summary>Trading:MaxExecutionQuoteAgeBySymbol:GBPUSD of this system, in milliseconds.</summary>
    public const int GbpusdExecutionAgeMs = 300;

    public VerdictHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Harness = await VerdictHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["Forensics:StaleView"] = "00:00:30",
                ["Forensics:SlowClientNewerPrices"] = "5",
                ["Forensics:FeedDivergencePips"] = "2",
                ["Trading:MaxExecutionQuoteAgeBySymbol:EURUSD"] = "00:00:09",
                ["Trading:MaxExecutionQuoteAgeBySymbol:GBPUSD"] = "00:00:00.300",
            },
            new Dictionary<string, string?>
            {
                ["Gateway:Stream:SocketSendBufferBytes"] = "4096",
                ["Gateway:Stream:MaxClientLag"] = "00:01:00",
            });

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
