using Tickwatch.Testing;
using Tickwatch.Trading.AutoCutoff;

namespace Tickwatch.Trading.Tests.AutoCutoff;

/// <summary>The margin-call e-mail received by a real SMTP server on loopback, and rate-limited; a server that refuses is retried and counted.</summary>
public sealed class MarginCallSmtpTests : IAsyncLifetime
{
    private readonly CutoffDesk _desk = new();

    public Task InitializeAsync() => _desk.OpenAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task The_margin_call_reaches_the_smtp_server_once_within_3_hours()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var watcher = _desk.Watcher(delivery: new SmtpMarginCallDelivery(new AutoCutoffSmtpOptions { Host = "127.0.0.1", Port = smtp.Port }));
        _desk.Equity(600m);

        await _desk.FeedAsync(watcher);
        await Eventually.UntilAsync(() => smtp.Messages.Count == 1, "the server received the margin call");
        _desk.Time.Advance(TimeSpan.FromHours(1));
        _desk.Equity(600m);
        await _desk.FeedAsync(watcher);
        await Eventually.UntilAsync(() => watcher.Mail.Sent == 1 && watcher.Mail.QueueDepth == 0, "the mailer is done");

        var message = Assert.Single(smtp.Messages);
        Assert.Equal("alice@example.com", message.To.Mailboxes.Single().Address);
        Assert.Equal("tickwatch@localhost", message.From.Mailboxes.Single().Address);
        Assert.Equal("Margin call on account live:42: margin level 25.47 %", message.Subject);
        Assert.Contains("Liquidation level: 10 %", message.TextBody, StringComparison.Ordinal);
        Assert.Empty(_desk.Mails());
        Assert.Equal((1L, 0L, 0L), (watcher.Mail.Sent, watcher.Mail.Written, watcher.Mail.Failed));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_retried_then_counted_failed_without_holding_up_the_watcher()
    {
        int port;
        await using (var gone = await LoopbackSmtpServer.StartAsync())
        {
            port = gone.Port;
        }

        var watcher = _desk.Watcher(delivery: new SmtpMarginCallDelivery(new AutoCutoffSmtpOptions { Host = "127.0.0.1", Port = port, Timeout = TimeSpan.FromSeconds(5) }));
        _desk.Equity(600m);

        await _desk.FeedAsync(watcher);
        await Eventually.UntilAsync(() => watcher.Mail.Failed == 1, "the e-mail is given up");

        Assert.Equal(2, watcher.Mail.Retries);
        Assert.Equal(1, watcher.DecisionCounts()[AutoCutoffRecord.MarginCallSent]);
        Assert.NotNull(watcher.Mail.LastError);
        Assert.Contains(_desk.Logs.Entries, e => e.EventId.Id == 7023);
    }
}
