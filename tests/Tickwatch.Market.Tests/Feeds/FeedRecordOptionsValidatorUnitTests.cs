using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Feeds;

namespace Tickwatch.Market.Tests.Feeds;

/// <summary><c>Feeds:N:Record</c> is checked at start with the other feed options: every bad value named, with the feed it belongs to.</summary>
public sealed class FeedRecordOptionsValidatorUnitTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tickwatch-record-options-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (File.Exists(_directory))
        {
            File.Delete(_directory);
        }
        else if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_feed_without_a_record_directory_records_nothing_and_its_other_record_values_are_not_checked()
    {
        var feed = Feed();
        feed.Record.MaxFileBytes = 0;

        Assert.True(new FeedsOptionsValidator().Validate(null, [feed]).Succeeded);
        Assert.False(feed.Record.Enabled);
    }

    [Fact]
    public void A_usable_record_directory_is_created_and_accepted()
    {
        var feed = Feed();
        feed.Record.Directory = Path.Combine(_directory, "nested");

        Assert.True(new FeedsOptionsValidator().Validate(null, [feed]).Succeeded);
        Assert.True(Directory.Exists(feed.Record.Directory));
        Assert.Empty(Directory.GetFiles(feed.Record.Directory));
    }

    [Fact]
    public void Bad_record_settings_are_each_refused_with_the_feed_and_the_option_named()
    {
        File.WriteAllText(_directory, "a file, not a directory");
        var feed = Feed();
        feed.Record.Directory = Path.Combine(_directory, "under-a-file");
        feed.Record.MaxFileBytes = 100;
        feed.Record.MaxFileAge = TimeSpan.Zero;
        feed.Record.QueueCapacity = 0;
        feed.Record.FlushInterval = TimeSpan.FromSeconds(-1);

        var failures = new FeedsOptionsValidator().Validate(null, [feed]).Failures!.ToList();

        Assert.Contains("Feeds:0 (json): Record:MaxFileBytes must be at least 1024 (was 100).", failures);
        Assert.Contains("Feeds:0 (json): Record:MaxFileAge must be positive (was 00:00:00).", failures);
        Assert.Contains("Feeds:0 (json): Record:QueueCapacity must be at least 1 (was 0).", failures);
        Assert.Contains("Feeds:0 (json): Record:FlushInterval must be positive (was -00:00:01).", failures);
        Assert.Contains(failures, f => f.StartsWith($"Feeds:0 (json): Record:Directory '{feed.Record.Directory}' cannot be written: ", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }

    private static FeedOptions Feed() => new() { Name = "json", Protocol = FeedProtocol.Json, Url = new Uri("ws://127.0.0.1:9001/ws/json") };
}
