using Tickwatch.Feeds.Listening;
using Tickwatch.Hosting.Tls;
using Tickwatch.Testing;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>A <c>wss://</c> feed on a real Kestrel server over TLS, with a certificate a private authority made for the test.</summary>
public sealed class FeedListenerTlsTests : IAsyncLifetime
{
    private const string Token = "feed-token-not-to-be-shown";

    private readonly TestCertificates _certificates = TestCertificates.Create();
    private TestFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await TestFeedServer.StartAsync(_certificates.Server);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task A_wss_feed_whose_certificate_chains_to_the_trusted_authority_delivers_prices()
    {
        Assert.Equal("wss", _server.Url.Scheme);
        _server.Greeting = ["EURUSD:1.0850:1.0852"];
        var errors = new List<string>();
        var trust = TrustedAuthorities.Load("Feeds:0:TrustedCaPath", _certificates.AuthorityPath, errors);
        Assert.Empty(errors);
        await using var harness = await new ListenerHarness(_server.Url, o => o.Token = Token, serverTrust: trust).StartAsync();

        await harness.MessagesReceived(1);

        var update = Assert.Single(harness.Sink.Updates);
        Assert.Equal("EURUSD", update.Symbol);
        Assert.Equal(1.0850m, update.Bid);
        Assert.Equal(1.0852m, update.Ask);
        Assert.StartsWith("wss://127.0.0.1:", harness.Statistics.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, harness.Statistics.Url, StringComparison.Ordinal);
        Assert.Equal(Token, (await _server.WaitForConnectionAsync(1)).Token);
    }

    [Fact]
    public async Task A_wss_feed_whose_certificate_no_trusted_authority_issued_is_refused_and_retried_never_read()
    {
        _server.Greeting = ["EURUSD:1.0850:1.0852"];
        await using var harness = await new ListenerHarness(_server.Url, o => o.Token = Token).StartAsync();

        await Eventually.UntilAsync(() => harness.Statistics.GetSnapshot().ConnectionFailures >= 2, "two connections are refused");

        Assert.Equal(0, harness.Sink.Count);
        Assert.Equal(0, _server.ConnectionCount);
        var snapshot = harness.Statistics.GetSnapshot();
        Assert.Equal(FeedErrorInfo.ConnectFailed, snapshot.LastError?.Category);
        Assert.Contains("certificate", snapshot.LastError?.Detail ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, snapshot.LastError?.Detail ?? "", StringComparison.Ordinal);
    }
}
