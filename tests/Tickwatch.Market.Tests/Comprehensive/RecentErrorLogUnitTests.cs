using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Market.Diagnostics.RecentErrors;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>The recent-errors ring: bounded, newest first, fed with the warnings and errors the service really logs.</summary>
public sealed class RecentErrorLogUnitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 14, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_ring_keeps_the_newest_entries_up_to_its_capacity_and_counts_them_all()
    {
        var log = new RecentErrorLog(capacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            log.Add(new RecentError(_time.GetUtcNow(), i % 2 == 0 ? LogLevel.Error : LogLevel.Warning, "test", i, null, $"entry {i}", null));
        }

        Assert.Equal(["entry 5", "entry 4", "entry 3"], log.Recent().Select(e => e.Message));
        Assert.Equal(["entry 5"], log.Recent(1).Select(e => e.Message));
        Assert.Equal(5, log.Total);
        Assert.Equal(2, log.ErrorsTotal);
    }

    [Fact]
    public void A_huge_message_is_cut()
    {
        var log = new RecentErrorLog();

        log.Add(new RecentError(_time.GetUtcNow(), LogLevel.Error, "test", 1, null, new string('x', 10_000), null));

        Assert.Equal(RecentErrorLog.MaxMessageLength + 1, log.Recent()[0].Message.Length);
    }

    [Fact]
    public void The_logger_provider_records_warnings_and_errors_with_their_event_and_exception_but_not_information()
    {
        var log = new RecentErrorLog();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new RecentErrorLoggerProvider(log, _time)).SetMinimumLevel(LogLevel.Trace));
        var logger = factory.CreateLogger("Tickwatch.Feeds.Listening.FeedListener");

        logger.LogInformation("connected");
        logger.LogWarning(new EventId(1104, "ConnectionLost"), "connection lost: {Reason}", "no data for 5.0 s");
        logger.LogError(new EventId(3004, "WriteFailed"), new TimeoutException("late"), "write failed");

        var entries = log.Recent();
        Assert.Equal(2, entries.Count);
        Assert.Equal(new RecentError(_time.GetUtcNow(), LogLevel.Error, "Tickwatch.Feeds.Listening.FeedListener", 3004, "WriteFailed", "write failed", "System.TimeoutException"), entries[0]);
        Assert.Equal("connection lost: no data for 5.0 s", entries[1].Message);
        Assert.Equal(LogLevel.Warning, entries[1].Level);
    }
}
