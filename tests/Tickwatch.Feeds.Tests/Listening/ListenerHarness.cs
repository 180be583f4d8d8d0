using System.Security.Cryptography.X509Certificates;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;

using Tickwatch.Testing;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>A <see cref="FeedListener"/> wired to a <see cref="RecordingSink"/>, a capturing logger and the test codec; stops the listener when disposed.</summary>
internal sealed class ListenerHarness : IAsyncDisposable
{
    public const string FeedName = "t1";

    private bool _started;

    public ListenerHarness(
        Uri url, Action<FeedOptions>? configure = null, TimeProvider? timeProvider = null, IFeedCodec? codec = null, Random? random = null, X509ChainPolicy? serverTrust = null)
    {
        Options = new FeedOptions { Name = FeedName, Protocol = FeedProtocol.Json, Url = url };
        configure?.Invoke(Options);
        Codec = codec ?? new LineTestCodec();
        Listener = new FeedListener(Options, Codec, Sink, timeProvider ?? TimeProvider.System, Log, random, serverTrust);
    }

    public FeedOptions Options { get; }

    public IFeedCodec Codec { get; }

    public RecordingSink Sink { get; } = new();

    public CapturingLogger<FeedListener> Log { get; } = new();

    public FeedListener Listener { get; }

    public FeedStatistics Statistics => Listener.Statistics;

    public IEnumerable<CapturedLog> LogsWithId(int eventId) => Log.Entries.Where(e => e.EventId.Id == eventId);

    public async Task<ListenerHarness> StartAsync()
    {
        _started = true;
        await Listener.StartAsync(CancellationToken.None);
        return this;
    }

    /// <summary>Waits until the listener has received <paramref name="count"/> messages in total.</summary>
    public Task MessagesReceived(long count) =>
        Eventually.UntilAsync(() => Statistics.MessagesReceived >= count, $"{count} messages are received");

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await Listener.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync();
        }

        Listener.Dispose();
    }
}
